"""The former home of :func:`collect`, kept so that ``from eventscout.collect import ...`` goes on
working; it lives in :mod:`eventscout.runner` now."""

from .runner import Collection, Progress, SnapshotStore, collect

__all__ = ["Collection", "Progress", "SnapshotStore", "collect"]
