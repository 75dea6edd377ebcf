"""The HTTP cache's policy: when a stored document may be used without asking, and how to ask.

Kept apart from the storage (:mod:`._cache_storage`), as Scrapy keeps ``HTTPCACHE_POLICY`` apart
from ``HTTPCACHE_STORAGE``: the policy reads and writes nothing, it only judges.

* A stored response is **fresh** for the source's ``refresh_interval`` after it was downloaded or
  last revalidated, or for the server's ``max-age`` if that is longer; a fresh response is used
  **without asking the server**.
* ``Cache-Control: no-cache`` makes the response stale at once (it is revalidated every run);
  ``no-store`` keeps it out of the cache.
* A stale response with a validator (``ETag``, ``Last-Modified``) is revalidated with a conditional
  request; ``304 Not Modified`` costs no body. One without a validator is downloaded again.
* A forced refresh (``--refresh``) treats every stored response as stale: conditional requests only.
* Only ``200`` answers are stored; errors never are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Protocol

__all__ = ["STORE_FOR", "Stored", "conditional_headers", "fresh_until", "is_fresh", "is_storable",
           "last_checked"]

#: how long the storage keeps a response that is not checked again. Freshness is decided by
#: :func:`is_fresh`; every save stores "now + STORE_FOR" as the expiry, so the moment a response
#: was last checked can be read back from it.
STORE_FOR = dt.timedelta(days=30)


class Stored(Protocol):
    """What the policy reads of a stored response (requests-cache's ``CachedResponse``)."""

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def created_at(self) -> dt.datetime: ...

    @property
    def expires(self) -> dt.datetime | None: ...


def is_storable(status: int, headers: Mapping[str, str]) -> bool:
    """Whether an answer may be stored: a ``200`` without ``Cache-Control: no-store``."""
    return status == 200 and "no-store" not in headers.get("Cache-Control", "").lower()


def conditional_headers(stored: Stored | None) -> dict[str, str]:
    """``If-None-Match``/``If-Modified-Since`` from a stored response's validators."""
    headers: dict[str, str] = {}
    if stored is not None:
        if stored.headers.get("ETag"):
            headers["If-None-Match"] = stored.headers["ETag"]
        if stored.headers.get("Last-Modified"):
            headers["If-Modified-Since"] = stored.headers["Last-Modified"]
    return headers


def is_fresh(stored: Stored, refresh_interval: float, *, now: dt.datetime) -> bool:
    """Whether ``stored`` may be used without asking the server (see the policy above)."""
    return now < fresh_until(stored.headers, last_checked(stored), refresh_interval)


def fresh_until(headers: Mapping[str, str], checked: dt.datetime,
                refresh_interval: float) -> dt.datetime:
    """Until when a response with ``headers``, downloaded or revalidated at ``checked``, may be
    used without asking (``checked`` itself for ``no-cache``: stale at once)."""
    cache_control = headers.get("Cache-Control", "").lower()
    if "no-cache" in cache_control:
        return checked
    lifetime = max(refresh_interval, _max_age(cache_control) or 0.0)
    return checked + dt.timedelta(seconds=lifetime)


def last_checked(stored: Stored) -> dt.datetime:
    """When the stored response was last downloaded or revalidated (see :data:`STORE_FOR`)."""
    moment = stored.created_at if stored.expires is None else stored.expires - STORE_FOR
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def _max_age(cache_control: str) -> float | None:
    match = re.search(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", cache_control)
    return float(match.group(1)) if match else None
