"""The HTTP cache's storage: responses in one SQLite file, through requests-cache's backend.

Why requests-cache (and not CacheControl): its SQLite backend keeps every response in one file
with WAL, safe for the fetcher's worker threads, with a stored expiry per response and redirect
aliases, and its keys normalise URLs and redact credentials (``Authorization``, ``api_key``...).
CacheControl's storage is a directory of files or a Redis. Only the storage is requests-cache's:
the policy is eventscout's own (:mod:`._cache_policy`), and the requests are sent by the fetcher
with a plain session, so a failed revalidation is reported as the failure it is rather than
answered from the cache. (requests-cache's own request machinery would add a second policy and
costs about 1.5 ms of CPU per request.)
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import requests

from . import _cache_index as index
from ._cache_index import CACHE_FILE, default_cache_dir
from ._cache_policy import STORE_FOR, is_storable

if TYPE_CHECKING:
    from requests_cache import CachedResponse

__all__ = ["CACHE_FILE", "HttpCache", "default_cache_dir"]

log = logging.getLogger(__name__)

class HttpCache:
    """Stored responses by URL in one SQLite file: look up, store, and record a revalidation."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / CACHE_FILE
        from requests_cache.backends.sqlite import SQLiteCache  # ~0.2 s to import: only when used

        self.backend = SQLiteCache(str(self.path), wal=True, busy_timeout=30_000)
        self._lock = threading.Lock()
        #: eventscout's document index in the same file (:mod:`._cache_index`)
        self._index = index.open_index(self.path)

    def close(self) -> None:
        self.backend.close()
        self._index.close()

    def key(self, url: str) -> str:
        """The cache key of a GET of ``url``: method and normalised URL (no headers)."""
        return str(self.backend.create_key(requests.Request("GET", url).prepare()))

    def stored(self, url: str) -> CachedResponse | None:
        """The stored response for ``url``, fresh or not, without touching the network."""
        key = self.key(url)
        found = self.backend.get_response(key)
        if found is not None:  # the index names what is served (also for a cache written before)
            with self._lock:
                index.record(self._index, url, key, index.digest(found.content))
        return found

    def save(self, url: str, response: requests.Response) -> bool:
        """Store an answer to a GET of ``url`` when the policy allows it (a 200, no no-store);
        whether it was stored."""
        if not is_storable(response.status_code, response.headers):
            return False
        key = self.key(url)
        with self._lock:
            self.backend.save_response(response, key, _now() + STORE_FOR)
            index.record(self._index, url, key, index.digest(response.content))
        return True

    def revalidated(self, url: str, stored: CachedResponse,
                    answer: requests.Response) -> CachedResponse:
        """Record that the server confirmed ``stored`` unchanged (``304``): checked now."""
        for name in ("ETag", "Last-Modified", "Cache-Control", "Expires", "Date"):
            if answer.headers.get(name):
                stored.headers[name] = answer.headers[name]
        stored.revalidated = True
        key = self.key(url)
        with self._lock:
            self.backend.save_response(stored, key, _now() + STORE_FOR)
            index.record(self._index, url, key, index.digest(stored.content))
        return stored


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
