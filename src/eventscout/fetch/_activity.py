"""What the fetcher did for each source: the counts and notes the run report's network columns
show (requests, bytes, cache hits, 304s, retries), kept per source while it runs."""

from __future__ import annotations

import collections
import threading

from attrs import frozen

from ..errors import FetchError

__all__ = ["FetchActivity", "Tally"]


@frozen(kw_only=True)
class FetchActivity:
    """What the fetcher did for one source during a run: the run report's network columns."""

    requests: int = 0
    #: body bytes downloaded, or read from local files
    bytes: int = 0
    #: documents used from the cache without asking the server
    cache_hits: int = 0
    #: documents the server confirmed unchanged (304)
    not_modified: int = 0
    #: body bytes not downloaded thanks to the cache (fresh hits and 304s)
    bytes_saved: int = 0
    #: documents delivered: from the network, the cache or local files
    documents: int = 0
    retries: int = 0
    notes: tuple[str, ...] = ()


class Tally:
    """The mutable counter behind a :class:`FetchActivity` while a source runs."""

    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        self.notes: list[str] = []
        #: faults that were retried, by their message, with how often
        self.retried: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()

    def add(self, **amounts: int) -> None:
        with self._lock:
            self.counts.update(amounts)

    def note(self, text: str) -> None:
        with self._lock:
            self.notes.append(text)

    def retry(self, failure: FetchError) -> None:
        """Count a fault that is tried again (one note per distinct fault, not one per try)."""
        with self._lock:
            self.retried[failure.detail] += 1
            self.counts.update(retries=1)

    def freeze(self) -> FetchActivity:
        with self._lock:
            retried = [f"{message}; tried again {count}×" for message, count in self.retried.items()]
            return FetchActivity(**self.counts, notes=(*self.notes, *retried))
