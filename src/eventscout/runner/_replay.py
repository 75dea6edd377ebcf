"""The parsed-events cache: a source whose documents did not change is not parsed again.

On a re-run most documents come from the HTTP cache or are confirmed by a ``304``; parsing them
again gives the events of last time. So after a source succeeds, the runner keeps what it
delivered (events and problems) in the store under a **key**: a hash of the eventscout version,
the adapter's type and options (its ``repr``: every attrs field), the bytes of every document it
read, and, for a document with a recurring series (``RRULE``/``RDATE``), the planning window the
series was expanded in. On the next run the runner fetches the same documents first (through the
fetcher: fresh cache, ``304`` or download, counted as usual); if the key is the same, the stored
items are delivered and the adapter is not called. Anything else (a changed byte, other options,
another version, another window for a series, a document that cannot be fetched) is a miss: the
adapter runs as before, reading the documents already fetched from memory, not twice.

Only adapters whose output is a function of exactly those inputs take part
(:data:`REPLAYABLE`): the built-in iCalendar adapter. A third-party adapter may read the clock or
a file the runner does not see, so it always runs.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from .._version import __version__
from ..fetch import Fetched
from ..sources.base import FetchContext, Source

__all__ = ["REPLAYABLE", "RecordingFetcher", "replay_key", "replayable"]

#: adapters (module:qualname) whose items depend only on their options, documents and window
REPLAYABLE = frozenset({"eventscout.sources.ical:ICalSource"})

_RECURRING = (b"RRULE", b"RDATE")


def replayable(source: Source) -> bool:
    """Whether ``source``'s items may be served from the parsed-events cache."""
    kind = type(source)
    return f"{kind.__module__}:{kind.__qualname__}" in REPLAYABLE


def replay_key(
    source: Source, context: FetchContext, documents: Sequence[tuple[str, Fetched]]
) -> str:
    """The cache key of ``source`` having read ``documents`` (URL asked, document; in order)
    in ``context``."""
    digest = hashlib.sha256()
    kind = type(source)
    for part in (__version__, f"{kind.__module__}:{kind.__qualname__}", repr(source)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    recurring = False
    for url, document in documents:
        digest.update(url.encode("utf-8", "surrogatepass") + b"\x00")
        digest.update(hashlib.sha256(document.content).digest())
        recurring = recurring or any(word in document.content.upper() for word in _RECURRING)
    if recurring:  # a series is expanded inside the window: another window, other occurrences
        window = f"{context.now.isoformat()}/{context.window_end.isoformat()}"
        digest.update(b"window\x00" + window.encode())
    return digest.hexdigest()


class RecordingFetcher:
    """The run's fetcher as one source sees it: every document it reads is recorded, and the
    documents fetched before it ran (the cache check) are served from memory, not again."""

    def __init__(self, fetcher: Any, ready: Mapping[str, Fetched] | None = None) -> None:
        self._fetcher = fetcher
        self._ready = dict(ready or {})
        self._lock = threading.Lock()
        #: the documents read, by the URL they were asked for, in that order
        self.documents: list[tuple[str, Fetched]] = []
        #: False once a document was asked for with headers or parameters (not replayable)
        self.plain = True

    def get(self, url: str, *, source: str | None = None, **options: Any) -> Fetched:
        with self._lock:
            fetched = None if options else self._ready.pop(url, None)
        if fetched is None:
            fetched = self._fetcher.get(url, source=source, **options)
        with self._lock:
            self.documents.append((url, fetched))
            self.plain = self.plain and not any(options.values())
        return fetched

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fetcher, name)
