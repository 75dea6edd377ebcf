"""The version that packaging tools read; at run time use ``eventscout.__version__``."""

__version__ = "0.1.0"
