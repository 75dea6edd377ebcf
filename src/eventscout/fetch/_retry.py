"""When to try again and how long to wait: the fetcher's retry rules, and its names for faults.

A fault is retried when it may pass by itself: a connection refused or reset, a timeout, a body cut
short, ``429`` and the ``5xx`` statuses of :data:`RETRY_STATUSES`. The pause doubles each time,
with "equal jitter" (half fixed, half random) so that the retries of many sources spread out,
and a server's ``Retry-After`` is honoured when it asks for longer.
"""

from __future__ import annotations

import email.utils
import random
import socket
import time
from urllib.parse import urlsplit

import requests

from ..errors import FetchError
from ._settings import FetchSettings
from ._transport import FileFault

__all__ = ["RETRY_STATUSES", "backoff", "failure_of", "retry_after_seconds"]

#: HTTP statuses worth another try (after a pause)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

#: fault kinds that are never retried: trying again cannot change the answer
FINAL_KINDS = frozenset({"redirects", "file"})


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def backoff(settings: FetchSettings, attempt: int) -> float:
    """The pause before retry number ``attempt + 1``: exponential, with equal jitter."""
    ceiling = min(settings.backoff_max, settings.backoff * (2**attempt))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def _root_cause(error: BaseException) -> str:
    """The innermost operating-system reason of a connection fault, in words ("connection
    refused", "the host name could not be resolved"), not urllib3's nested wrapper texts."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return "the host name could not be resolved"
        if isinstance(current, OSError) and current.strerror:
            return current.strerror[0].lower() + current.strerror[1:]
        if "NameResolutionError" in type(current).__name__:
            return "the host name could not be resolved"
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(getattr(current, name) for name in ("reason", "__cause__", "__context__")
                       if isinstance(getattr(current, name, None), BaseException))
    return "the connection failed"


def failure_of(error: requests.RequestException, url: str, source: str | None) -> FetchError:
    """The :class:`~eventscout.errors.FetchError` (with its ``kind``) for a transport fault."""
    if isinstance(error, FileFault):
        return FetchError(error.detail, source=source, url=url, kind="file")
    if isinstance(error, requests.TooManyRedirects):
        return FetchError("too many redirects (a redirect loop?)", source=source, url=url,
                          kind="redirects")
    if isinstance(error, requests.Timeout):
        return FetchError("timed out", source=source, url=url, kind="timeout")
    if isinstance(error, requests.exceptions.ChunkedEncodingError
                  | requests.exceptions.ContentDecodingError):
        return FetchError(f"the response was cut short: {error}", source=source, url=url,
                          kind="truncated")
    if isinstance(error, requests.ConnectionError):
        return FetchError(f"cannot connect to {urlsplit(url).netloc or url}: {_root_cause(error)}",
                          source=source, url=url, kind="connection")
    return FetchError(f"request failed: {error}", source=source, url=url, kind="error")
