"""How the fetcher behaves: one value object, layered from defaults, files and the command line.

Layering, lowest first: the defaults below < the config's ``[fetch]`` table < a source's own
``[sources.fetch]`` table < command-line options. Each layer is parsed strictly by
:meth:`FetchSettings.from_mapping` on top of the layer below (``base=``): an unknown key or a value
of the wrong kind is a :class:`~eventscout.errors.ConfigError` naming the file and the key.
Durations are seconds, or strings with a unit: ``"500ms"``, ``"30s"``, ``"15m"``, ``"6h"``, ``"1d"``.

Each setting has a **scope**: ``source`` settings (timeouts, retries, pace, refresh interval...) may
differ from source to source; ``run`` settings belong to what the whole run shares (the session's
User-Agent and redirect limit, the thread pool, the cache file) and are refused in a
``[sources.fetch]`` table. The scope is declared on each field (:func:`run_wide`), and
:data:`GLOBAL_ONLY` is read from those declarations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import attrs
from attrs import field, frozen

from .._version import __version__
from ..errors import ConfigError

__all__ = ["GLOBAL_ONLY", "USER_AGENT", "FetchSettings", "parse_duration", "run_wide"]

PROJECT_URL = "https://github.com/eventscout/eventscout"
USER_AGENT = f"eventscout/{__version__} (+{PROJECT_URL})"

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(value: object) -> float:
    """Seconds from a number or a string such as ``"6h"``; negative values are refused."""
    if isinstance(value, bool):
        raise ValueError(f"expected a duration, got {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*", value.lower())
        if not match:
            raise ValueError(f"expected a duration such as 30, '30s', '15m' or '6h', got {value!r}")
        seconds = float(match.group(1)) * _UNITS[match.group(2) or "s"]
    else:
        raise ValueError(f"expected a duration, got {value!r}")
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"a duration must be a finite number of seconds >= 0, got {value!r}")
    return seconds


def _count(value: object, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"expected a whole number of at least {minimum}, got {value!r}")
    return value


def _positive(value: object) -> int:
    return _count(value, 1)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


#: the scope of a setting shared by the whole run, in the field's metadata
RUN_SCOPE = "run"


def run_wide(**options: Any) -> Any:
    """An attrs field for a setting of the whole run (refused in a source's table)."""
    return field(metadata={"scope": RUN_SCOPE}, **options)


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


@frozen(kw_only=True)
class FetchSettings:
    """How the fetcher talks to the web. Every value has a documented default (docs/fetching.md)."""

    #: seconds to wait for a connection
    connect_timeout: float = field(default=10.0, converter=parse_duration)
    #: seconds to wait between bytes of a response
    read_timeout: float = field(default=30.0, converter=parse_duration)
    #: the User-Agent sent with every request; says who we are and where to read about us
    user_agent: str = run_wide(default=USER_AGENT, converter=_text)
    #: the largest response accepted, in bytes; larger ones fail with kind "too_large"
    max_bytes: int = field(default=20 * 1024 * 1024, converter=_positive)
    #: how many times a request is tried again after a connection error, a timeout, 429 or 5xx
    retries: int = field(default=3, converter=_count)
    #: the first pause before a retry; it doubles each time (with jitter) up to ``backoff_max``
    backoff: float = field(default=0.5, converter=parse_duration)
    backoff_max: float = field(default=30.0, converter=parse_duration)
    #: the longest ``Retry-After`` honoured; a server asking for more fails the fetch ("rate_limited")
    retry_after_max: float = field(default=120.0, converter=parse_duration)
    #: redirects followed before giving up (kind "redirects")
    max_redirects: int = run_wide(default=10, converter=_count)
    #: obey robots.txt (a forbidden source is reported as skipped, never silently empty)
    obey_robots: bool = field(default=True, converter=_flag)
    #: minimum seconds between the starts of two requests to one host
    min_delay: float = field(default=0.5, converter=parse_duration)
    #: requests in flight to one host at most
    max_concurrency: int = field(default=2, converter=_positive)
    #: how long a downloaded document is used without asking the server again
    refresh_interval: float = field(default=6 * 3600.0, converter=parse_duration)
    #: revalidate every cached document now (conditional requests only), e.g. ``--refresh``
    force_refresh: bool = field(default=False, converter=_flag)
    #: keep an HTTP cache on disk
    http_cache: bool = run_wide(default=True, converter=_flag)
    #: where the HTTP cache lives (None: the user cache directory, see docs/fetching.md)
    cache_dir: str | None = run_wide(default=None, converter=_optional_text)
    #: sources fetched at the same time at most (the size of the run's thread pool)
    max_workers: int = run_wide(default=16, converter=_positive)

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.connect_timeout, self.read_timeout)

    @classmethod
    def from_mapping(
        cls,
        data: Mapping[str, Any],
        *,
        path: str | None = None,
        base: FetchSettings | None = None,
        source: str | None = None,
    ) -> FetchSettings:
        """Settings from a TOML table, on top of ``base`` (the defaults when None).

        With ``source`` the table is that source's ``[sources.fetch]``, where the keys that only
        make sense for the whole run (:data:`GLOBAL_ONLY`) are refused. ``timeout`` sets both
        timeouts.
        """
        base = base or cls()
        scope = f"sources[{source}].fetch" if source is not None else "fetch"
        known = {a.name for a in attrs.fields(cls)} | {"timeout"}
        changes: dict[str, Any] = {}
        for key, value in data.items():
            where = f"{scope}.{key}"
            if key not in known:
                raise ConfigError(f"unknown fetch setting; expected one of {sorted(known)}",
                                  path=path, key=where)
            if source is not None and key in GLOBAL_ONLY:
                raise ConfigError("this setting applies to the whole run; set it in [fetch]",
                                  path=path, key=where)
            if key == "timeout":
                changes["connect_timeout"] = changes["read_timeout"] = value
            else:
                changes[key] = value
        try:
            return attrs.evolve(base, **changes)
        except (ValueError, TypeError) as error:
            bad = _first_bad_key(changes)
            raise ConfigError(str(error), path=path, key=f"{scope}.{bad}" if bad else scope) from error


def _first_bad_key(changes: Mapping[str, Any]) -> str | None:
    for key, value in changes.items():
        try:
            attrs.evolve(FetchSettings(), **{key: value})
        except (ValueError, TypeError):
            return key
    return None


#: settings that belong to the run, not to one source (the session, the pool, the cache file)
GLOBAL_ONLY = frozenset(
    a.name for a in attrs.fields(FetchSettings) if a.metadata.get("scope") == RUN_SCOPE
)
