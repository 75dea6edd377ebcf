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

**Fresh documents are not read at all.** With the items, the runner keeps until when their
documents stay fresh in the HTTP cache (the source's ``refresh_interval`` or the server's
``max-age`` after they were downloaded or confirmed). A re-run before then, with the same adapter,
options, URLs and cache settings (and, for a series, the same window), replays the items without
opening the HTTP cache: the cache would serve those very bytes without asking the server, so the
key would match. That the cache still holds those bytes is checked in its document index
(``fetch/_cache_index.py``, read with ``sqlite3`` alone): a document another source downloaded
anew, an emptied cache or another cache folder all take the full path. The documents are counted
as fresh cache hits, with the notes reading them gave, as the fetcher counts them.
``--refresh``, ``http_cache = false``, a local file or a ``no-cache`` answer take the full path.

Only adapters whose output is a function of exactly those inputs take part
(:data:`REPLAYABLE`): the built-in iCalendar adapter. A third-party adapter may read the clock or
a file the runner does not see, so it always runs.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import Any

from .._version import __version__
from ..fetch import Fetched, document_digest, reading_note
from ..sources.base import FetchContext, Source

__all__ = ["REPLAYABLE", "RecordingFetcher", "fresh_key", "freshness", "replay_key", "replayable"]

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
    digest = _source_digest(source)
    for url, document in documents:
        digest.update(url.encode("utf-8", "surrogatepass") + b"\x00")
        digest.update(hashlib.sha256(document.content).digest())
    _add_window(digest, context, documents)
    return digest.hexdigest()


def fresh_key(source: Source, context: FetchContext, urls: Sequence[str], *,
              recurring: bool) -> str:
    """What must be the same for kept items to be replayed without reading their documents:
    the adapter and its options, the URLs, the source's cache settings, and, for a series, the
    window (see :func:`freshness`)."""
    digest = _source_digest(source)
    for url in urls:
        digest.update(url.encode("utf-8", "surrogatepass") + b"\x00")
    settings = context.fetcher.settings_for(source.name)
    digest.update(f"cache\x00{settings.http_cache}\x00{settings.refresh_interval}".encode())
    if recurring:
        digest.update(b"window\x00" + _window(context).encode())
    return digest.hexdigest()


def freshness(source: Source, context: FetchContext,
              documents: Sequence[tuple[str, Fetched]]) -> dict[str, Any] | None:
    """Until when ``documents`` stay fresh in the HTTP cache, under which :func:`fresh_key`, and
    their size: kept with the items, so that a re-run within that time replays them without
    opening the HTTP cache. None when a document will not be served fresh (a local file, an
    answer the cache does not keep)."""
    untils = [document.fresh_until for _url, document in documents]
    if not untils or any(until is None for until in untils):
        return None
    recurring = _recurring(documents)
    # what reading them noted, for the report of a replay that does not read them
    notes = [note for url, document in documents if (note := reading_note(url, document))]
    return {
        "key": fresh_key(source, context, [url for url, _ in documents], recurring=recurring),
        "until": min(until for until in untils if until is not None).isoformat(),
        "bytes": sum(len(document.content) for _url, document in documents),
        "documents": {url: document_digest(document.content) for url, document in documents},
        "notes": notes,
        "recurring": recurring,
    }


def _source_digest(source: Source) -> Any:
    digest = hashlib.sha256()
    kind = type(source)
    for part in (__version__, f"{kind.__module__}:{kind.__qualname__}", repr(source)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x00")
    return digest


def _recurring(documents: Sequence[tuple[str, Fetched]]) -> bool:
    return any(word in document.content.upper()
               for _url, document in documents for word in _RECURRING)


def _window(context: FetchContext) -> str:
    return f"{context.now.isoformat()}/{context.window_end.isoformat()}"


def _add_window(digest: Any, context: FetchContext,
                documents: Sequence[tuple[str, Fetched]]) -> None:
    if _recurring(documents):  # a series is expanded inside the window: other occurrences
        digest.update(b"window\x00" + _window(context).encode())


class RecordingFetcher:
    """The run's fetcher as one source sees it: every document it reads is recorded, and the
    documents fetched before it ran (the cache check) are served from memory, not again."""

    def __init__(self, fetcher: Any, ready: dict[str, Fetched] | None = None) -> None:
        self._fetcher = fetcher
        #: the very dict the cache check fills (not a copy: it is filled after this is made)
        self._ready = ready if ready is not None else {}
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
