"""The HTTP cache: requests-cache's SQLite storage under eventscout's freshness policy.

Why requests-cache (and not CacheControl): it stores in one SQLite file with WAL, safe for the
fetcher's worker threads; it sends conditional requests (``If-None-Match``/``If-Modified-Since``)
for a stored response and turns a ``304`` into the stored body; and it lets each request say how
long its answer stays fresh, which is what a per-source refresh interval needs. CacheControl
follows the server's headers only and has no per-request lifetime.

The policy (storage and policy kept apart, as in Scrapy's ``HTTPCACHE_*``):

* A stored response is **fresh** for the source's ``refresh_interval`` after it was downloaded or
  last revalidated, or for the server's ``max-age`` if that is longer; a fresh response is used
  **without asking the server**.
* ``Cache-Control: no-cache`` makes the response stale at once (it is revalidated every run);
  ``no-store`` keeps it out of the cache.
* A stale response with a validator (``ETag``, ``Last-Modified``) is revalidated with a conditional
  request; ``304 Not Modified`` costs no body. One without a validator is downloaded again.
  requests-cache stores and looks up; the requests themselves are always sent by the fetcher, so a
  failed revalidation is reported as the failure it is rather than answered from the cache.
* A forced refresh (``--refresh``) treats every stored response as stale: conditional requests only.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    """A requests-cache session over one SQLite file; opened by the fetcher when first needed."""

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / CACHE_FILE
        from requests_cache import CachedSession  # imported here: it costs ~0.2 s at start-up

        self.session = CachedSession(
            str(self.path),
            backend="sqlite",
            wal=True,
            busy_timeout=30_000,
            allowable_codes=(200,),
            allowable_methods=("GET",),
            cache_control=False,  # freshness is decided here, see the module docstring
            filter_fn=_storable,
            stale_if_error=False,
        )

    def close(self) -> None:
        self.session.close()

    def stored(self, url: str) -> CachedResponse | None:
        """The stored response for ``url``, fresh or not, without touching the network."""
        # the key is method + normalised URL (no headers are matched), so a bare prepared
        # request gives the key the session computes, at a third of the cost of merging settings
        key = self.session.cache.create_key(requests.Request("GET", url).prepare())
        from requests_cache import CachedResponse

        response = self.session.cache.get_response(key)
        return response if isinstance(response, CachedResponse) else None

    def request_options(self, stored: CachedResponse | None) -> dict[str, Any]:
        """Keyword arguments for ``session.get`` when a stored response is not fresh (or absent).

        The request always goes to the server (requests-cache's own revalidation would hand back
        the stored response when the request fails, hiding the fault); with a stored validator it is
        conditional, and a ``304`` is then settled by :meth:`revalidated`.
        """
        headers: dict[str, str] = {}
        if stored is not None:
            if stored.headers.get("ETag"):
                headers["If-None-Match"] = stored.headers["ETag"]
            if stored.headers.get("Last-Modified"):
                headers["If-Modified-Since"] = stored.headers["Last-Modified"]
        return {"expire_after": STORE_FOR, "force_refresh": True, "headers": headers}

    def revalidated(self, stored: CachedResponse, answer: requests.Response) -> CachedResponse:
        """Record that the server confirmed ``stored`` unchanged (``304``): fresh from now on."""
        for name in ("ETag", "Last-Modified", "Cache-Control", "Expires", "Date"):
            if answer.headers.get(name):
                stored.headers[name] = answer.headers[name]
        key = self.session.cache.create_key(answer.request)
        self.session.cache.save_response(stored, key, dt.datetime.now(dt.UTC) + STORE_FOR)
        return stored

    def is_fresh(
        self, response: CachedResponse, refresh_interval: float, *, now: dt.datetime | None = None
    ) -> bool:
        """Whether ``response`` may be used without asking the server (see the policy above)."""
        cache_control = response.headers.get("Cache-Control", "").lower()
        if "no-cache" in cache_control:
            return False
        now = now or dt.datetime.now(dt.UTC)
        checked = _last_checked(response)
        lifetime = max(refresh_interval, _max_age(response.headers) or 0.0)
        return (now - checked).total_seconds() < lifetime


def _last_checked(response: CachedResponse) -> dt.datetime:
    """When the stored response was last downloaded or revalidated.

    Every request asks requests-cache to keep its answer for :data:`STORE_FOR`, so the stored
    ``expires`` is that moment plus :data:`STORE_FOR` (it is rewritten on each ``304`` too).
    """
    moment = response.created_at if response.expires is None else response.expires - STORE_FOR
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment
