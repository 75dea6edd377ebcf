"""Source adapters and the machinery to find them (see :mod:`eventscout.sources.base`)."""

from .base import FetchContext, Source, SourceItem
from .registry import (
    ENTRY_POINT_GROUP,
    adapter_options,
    available_sources,
    create_source,
    load_adapter,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "FetchContext",
    "Source",
    "SourceItem",
    "adapter_options",
    "available_sources",
    "create_source",
    "load_adapter",
]
