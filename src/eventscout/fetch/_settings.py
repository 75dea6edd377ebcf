"""How the fetcher behaves: one value object, layered from defaults, files and the command line.

Layering, lowest first: the defaults below < the config's ``[fetch]`` table < a source's own
``[sources.fetch]`` table < command-line options. Each layer is parsed strictly by
:meth:`FetchSettings.from_mapping` on top of the layer below (``base=``): an unknown key or a value
of the wrong kind is a :class:`~eventscout.errors.ConfigError` naming the file and the key.
Durations are seconds, or strings with a unit: ``"500ms"``, ``"30s"``, ``"15m"``, ``"6h"``, ``"1d"``
(the one dialect of :func:`eventscout.settings.parse_duration`). The keys are declared once, in
:data:`FETCH_SECTION`, which also writes their part of ``docs/reference/config.md``.

Each setting has a **scope**: ``source`` settings (timeouts, retries, pace, refresh interval...) may
differ from source to source; ``run`` settings belong to what the whole run shares (the session's
User-Agent and redirect limit, the thread pool, the cache file) and are refused in a
``[sources.fetch]`` table. The scope is declared on each field (:func:`run_wide`), and
:data:`GLOBAL_ONLY` is read from those declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
from attrs import field, frozen

from .._version import __version__
from ..settings import (
    Custom,
    Duration,
    Flag,
    Number,
    Option,
    Reader,
    Section,
    Text,
    Where,
    attribute_docs,
    parse_duration,
)

__all__ = [
    "FETCH_SECTION", "GLOBAL_ONLY", "USER_AGENT", "FetchSettings", "parse_duration", "run_wide",
]

PROJECT_URL = "https://github.com/eventscout/eventscout"
USER_AGENT = f"eventscout/{__version__} (+{PROJECT_URL})"

_DURATION = Duration()
_COUNT = Number(lo=0, whole=True)
_POSITIVE = Number(lo=1, whole=True)
_FLAG = Flag()
_TEXT = Text()
_OPTIONAL_TEXT = Custom(lambda value, where: None if value is None else _TEXT(value, where),
                        "a string")

#: the scope of a setting shared by the whole run, in the field's metadata
RUN_SCOPE = "run"


def setting(reader: Reader, default: Any, *, run: bool = False) -> Any:
    """An attrs field whose values ``reader`` checks (in code and in TOML alike).

    ``run`` marks a setting of the whole run, refused in a source's table. The reader rides in the
    field's metadata, so :data:`FETCH_SECTION` is read off the class.
    """
    metadata = {"reader": reader, **({"scope": RUN_SCOPE} if run else {})}
    return field(default=default, converter=_Check(reader), metadata=metadata)


@frozen
class _Check:
    """Converter: the reader's value, or a ConfigError (a ValueError) saying what was expected."""

    reader: Reader

    def __call__(self, value: object) -> Any:
        return self.reader(value, Where(None))


def run_wide(reader: Reader, default: Any) -> Any:
    """A setting of the whole run (refused in a source's table)."""
    return setting(reader, default, run=True)


@frozen(kw_only=True)
class FetchSettings:
    """How the fetcher talks to the web. Every value has a documented default (docs/fetching.md)."""

    #: seconds to wait for a connection
    connect_timeout: float = setting(_DURATION, 10.0)
    #: seconds to wait between bytes of a response
    read_timeout: float = setting(_DURATION, 30.0)
    #: the User-Agent sent with every request; says who we are and where to read about us
    user_agent: str = run_wide(_TEXT, USER_AGENT)
    #: the largest response accepted, in bytes; larger ones fail with kind "too_large"
    max_bytes: int = setting(_POSITIVE, 20 * 1024 * 1024)
    #: how many times a request is tried again after a connection error, a timeout, 429 or 5xx
    retries: int = setting(_COUNT, 3)
    #: the first pause before a retry; it doubles each time (with jitter) up to ``backoff_max``
    backoff: float = setting(_DURATION, 0.5)
    #: the longest pause between two tries
    backoff_max: float = setting(_DURATION, 30.0)
    #: the longest ``Retry-After`` honoured; a server asking for more fails the fetch ("rate_limited")
    retry_after_max: float = setting(_DURATION, 120.0)
    #: redirects followed before giving up (kind "redirects")
    max_redirects: int = run_wide(_COUNT, 10)
    #: obey robots.txt (a forbidden source is reported as skipped, never silently empty)
    obey_robots: bool = setting(_FLAG, True)
    #: minimum seconds between the starts of two requests to one host
    min_delay: float = setting(_DURATION, 0.5)
    #: requests in flight to one host at most
    max_concurrency: int = setting(_POSITIVE, 2)
    #: how long a downloaded document is used without asking the server again
    refresh_interval: float = setting(_DURATION, 6 * 3600.0)
    #: revalidate every cached document now (conditional requests only), e.g. ``--refresh``
    force_refresh: bool = setting(_FLAG, False)
    #: keep an HTTP cache on disk
    http_cache: bool = run_wide(_FLAG, True)
    #: where the HTTP cache lives (None: the user cache directory, see docs/fetching.md)
    cache_dir: str | None = run_wide(_OPTIONAL_TEXT, None)
    #: sources fetched at the same time at most (the size of the run's thread pool)
    max_workers: int = run_wide(_POSITIVE, 16)

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
        where = Where(path, scope)
        for key in data:
            if source is not None and key in GLOBAL_ONLY:
                raise where.at(key).fail("this setting applies to the whole run; set it in [fetch]")
        changes = _READING.read(data, where)
        if "timeout" in changes:
            timeout = changes.pop("timeout")
            changes.setdefault("connect_timeout", timeout)
            changes.setdefault("read_timeout", timeout)
        return attrs.evolve(base, **changes)


def _fetch_section(*, documented: bool) -> Section:
    """Every ``[fetch]`` key with the reader that checks it; meanings from the ``#:`` comments
    when ``documented`` (reading them parses this module's source: only for the reference)."""
    docs = attribute_docs(FetchSettings) if documented else {}
    defaults = FetchSettings()
    options = [
        Option(key=attribute.name, reader=attribute.metadata["reader"],
               doc=docs.get(attribute.name, "") + (" (per run only)" if attribute.name in GLOBAL_ONLY
                                                   else ""),
               default="eventscout/<version> (+project URL)" if attribute.name == "user_agent"
               else _shown(getattr(defaults, attribute.name)))
        for attribute in attrs.fields(FetchSettings)
    ]
    options.append(Option(key="timeout", reader=_DURATION, doc="sets both timeouts"))
    return Section(title="[fetch] and [sources.fetch]", noun="fetch setting", options=tuple(options),
                   doc="How the fetcher talks to the web: for every source in [fetch], for one in "
                       "its [sources.fetch] (settings marked per run only are refused there).")


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


#: settings that belong to the run, not to one source (the session, the pool, the cache file)
GLOBAL_ONLY = frozenset(
    a.name for a in attrs.fields(FetchSettings) if a.metadata.get("scope") == RUN_SCOPE
)


#: the keys of ``[fetch]`` tables as :meth:`FetchSettings.from_mapping` reads them (no docs)
_READING = _fetch_section(documented=False)

if TYPE_CHECKING:
    #: the spec of ``[fetch]`` tables with every key's meaning, for docs/reference/config.md and
    #: ``eventscout`` help (built on first use: reading the ``#:`` comments costs ~0.03 s)
    FETCH_SECTION: Section


def __getattr__(name: str) -> Any:
    if name != "FETCH_SECTION":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    section = globals()["FETCH_SECTION"] = _fetch_section(documented=True)
    return section
