"""Source adapters and the machinery to find them (see :mod:`eventscout.sources.base`)."""

from .base import FetchContext, Source, SourceItem
from .busy import load_busy_calendar, read_busy_calendar
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
    "load_busy_calendar",
    "read_busy_calendar",
]
