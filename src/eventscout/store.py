"""The former home of the state database, kept so that ``from eventscout.store import ...`` goes
on working (the feeds import it from here); it lives in :mod:`eventscout.runner` now."""

from .runner import (
    MIGRATIONS,
    SCHEMA_VERSION,
    FeedItem,
    FeedItemState,
    SourceSnapshot,
    SourceStatus,
    Store,
    default_store_path,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "FeedItem",
    "FeedItemState",
    "SourceSnapshot",
    "SourceStatus",
    "Store",
    "default_store_path",
]
