"""The HTTP cache: requests-cache's SQLite storage under eventscout's freshness policy.

Why requests-cache (and not CacheControl): its SQLite backend keeps every response in one file
with WAL, safe for the fetcher's worker threads, with a stored expiry per response and redirect
aliases, and its keys normalise URLs and redact credentials (``Authorization``, ``api_key``...).
CacheControl's policy follows the server's headers only, with no per-source lifetime, and its
storage is a directory of files or a Redis. The policy below is eventscout's own; requests-cache
is its storage (Scrapy keeps cache policy and cache storage apart the same way).

The policy (storage and policy kept apart, as in Scrapy's ``HTTPCACHE_*``):

* A stored response is **fresh** for the source's ``refresh_interval`` after it was downloaded or
  last revalidated, or for the server's ``max-age`` if that is longer; a fresh response is used
  **without asking the server**.
* ``Cache-Control: no-cache`` makes the response stale at once (it is revalidated every run);
  ``no-store`` keeps it out of the cache.
* A stale response with a validator (``ETag``, ``Last-Modified``) is revalidated with a conditional
  request; ``304 Not Modified`` costs no body. One without a validator is downloaded again.
  requests-cache stores and looks up; the requests themselves are sent by the fetcher, so a failed
  revalidation is reported as the failure it is rather than answered from the cache.
* A forced refresh (``--refresh``) treats every stored response as stale: conditional requests only.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import requests
from platformdirs import user_cache_dir

if TYPE_CHECKING:
    from requests_cache import CachedResponse

__all__ = ["HttpCache", "default_cache_dir"]

log = logging.getLogger(__name__)

CACHE_FILE = "http_cache.sqlite"

#: how long requests-cache keeps a response that is not checked again; freshness is decided by
#: :meth:`HttpCache.is_fresh`, and this fixed span lets it read back when a response was checked
STORE_FOR = dt.timedelta(days=30)


def default_cache_dir() -> Path:
    """The user cache directory for eventscout (``~/.cache/eventscout`` on Linux)."""
    return Path(user_cache_dir("eventscout", appauthor=False))


def _storable(response: requests.Response) -> bool:
    return "no-store" not in response.headers.get("Cache-Control", "").lower()


def _max_age(headers: object) -> float | None:
    value = getattr(headers, "get", lambda _key, _default=None: None)("Cache-Control", "")
    match = re.search(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", value or "", re.IGNORECASE)
    return float(match.group(1)) if match else None


class HttpCache:
    """Stored responses in one SQLite file (requests-cache's backend), and the freshness policy.

    The fetcher sends every request itself with a plain session; this class only looks up,
    stores and judges. (requests-cache's own request machinery would add a second policy, costs
    about 1.5 ms of CPU per request, and answers a failed revalidation with the stored response,
    hiding the fault.)
    """

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / CACHE_FILE
        from requests_cache.backends.sqlite import SQLiteCache  # ~0.2 s to import: only when used

        self.backend = SQLiteCache(str(self.path), wal=True, busy_timeout=30_000)
        self._lock = threading.Lock()

    def close(self) -> None:
        self.backend.close()

    def key(self, url: str) -> str:
        """The cache key of a GET of ``url``: method and normalised URL (no headers)."""
        return str(self.backend.create_key(requests.Request("GET", url).prepare()))

    def stored(self, url: str) -> CachedResponse | None:
        """The stored response for ``url``, fresh or not, without touching the network."""
        return self.backend.get_response(self.key(url))

    def conditional_headers(self, stored: CachedResponse | None) -> dict[str, str]:
        """``If-None-Match``/``If-Modified-Since`` from a stored response's validators."""
        headers: dict[str, str] = {}
        if stored is not None:
            if stored.headers.get("ETag"):
                headers["If-None-Match"] = stored.headers["ETag"]
            if stored.headers.get("Last-Modified"):
                headers["If-Modified-Since"] = stored.headers["Last-Modified"]
        return headers

    def save(self, url: str, response: requests.Response) -> None:
        """Store a ``200`` answer to a GET of ``url``, unless the server said ``no-store``."""
        if response.status_code != 200 or not _storable(response):
            return
        with self._lock:
            self.backend.save_response(response, self.key(url), _now() + STORE_FOR)

    def revalidated(self, url: str, stored: CachedResponse,
                    answer: requests.Response) -> CachedResponse:
        """Record that the server confirmed ``stored`` unchanged (``304``): fresh from now on."""
        for name in ("ETag", "Last-Modified", "Cache-Control", "Expires", "Date"):
            if answer.headers.get(name):
                stored.headers[name] = answer.headers[name]
        stored.revalidated = True
        with self._lock:
            self.backend.save_response(stored, self.key(url), _now() + STORE_FOR)
        return stored

    def is_fresh(
        self, response: CachedResponse, refresh_interval: float, *, now: dt.datetime | None = None
    ) -> bool:
        """Whether ``response`` may be used without asking the server (see the policy above)."""
        cache_control = response.headers.get("Cache-Control", "").lower()
        if "no-cache" in cache_control:
            return False
        now = now or _now()
        checked = _last_checked(response)
        lifetime = max(refresh_interval, _max_age(response.headers) or 0.0)
        return (now - checked).total_seconds() < lifetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _last_checked(response: CachedResponse) -> dt.datetime:
    """When the stored response was last downloaded or revalidated.

    Every save (a download or a ``304``) sets the stored ``expires`` to that moment plus
    :data:`STORE_FOR`, so the moment can be read back.
    """
    moment = response.created_at if response.expires is None else response.expires - STORE_FOR
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment
