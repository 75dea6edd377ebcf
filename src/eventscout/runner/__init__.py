"""The runner: every configured source fetched in parallel, reported, and nothing lost.

:func:`collect` runs the sources (reporting progress to a callback, if given) and returns a
:class:`Collection` with the :class:`RunReport`; the :class:`Store` keeps each source's last
delivered events (and the feeds' state) in one SQLite file between runs, and what each source
parsed from documents that may come again unchanged (the parsed-events cache, ``_replay``).
The modules behind it are private: import from ``eventscout.runner`` (or the older ``eventscout.collect``,
``eventscout.run_report`` and ``eventscout.store``, which re-export these).
"""

from ._collect import Collection, Progress, collect, take_items
from ._report import Outcome, RunReport, SourceReport, SourceRunStatus
from ._rows import Decision, FeedItem, FeedItemState, SourceSnapshot, SourceStatus, Verdict
from ._schema import MIGRATIONS, SCHEMA_VERSION
from ._store import Store, default_store_path
from ._stores import SnapshotStore

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Collection",
    "Decision",
    "FeedItem",
    "FeedItemState",
    "Outcome",
    "Progress",
    "RunReport",
    "SnapshotStore",
    "SourceReport",
    "SourceRunStatus",
    "SourceSnapshot",
    "SourceStatus",
    "Store",
    "Verdict",
    "collect",
    "default_store_path",
    "take_items",
]
