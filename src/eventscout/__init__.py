"""eventscout: find the industry events that serve your career, ranked, explained, subscribed.

The public API is what this module exports; everything else may change between versions.
No exported name hides a submodule: ``eventscout.collect`` and ``eventscout.rank`` are modules
(the functions are ``collect_sources``, ``eventscout.rank.rank`` and ``rank_events``).

Names are loaded on first use (PEP 562): ``import eventscout`` costs next to nothing, and a
command or a script loads the parts it uses (the HTTP stack, numpy, icalendar...) and no others.
"""

import importlib as _importlib
import importlib.util as _importlib_util
import typing as _typing

if _typing.TYPE_CHECKING:
    from .config import Config, load_config
    from .errors import (
        ConfigError,
        EventscoutError,
        ExportError,
        FetchError,
        ItemError,
        ProfileError,
        RobotsDisallowed,
        SourceError,
        SourceLoadError,
        SourceNotFound,
        StoreError,
        StoreSchemaError,
    )
    from .export import build_calendar, cfp_uid, event_uid, write_ics
    from .feeds import BuildResult, FeedDefinition, build_feeds, make_app, parse_feeds, serve
    from .fetch import Fetched, Fetcher, FetchSettings
    from .merge import MergeResult, merge_events, merge_groups
    from .model import (
        AttendanceMode,
        CallForPapers,
        Event,
        EventKind,
        EventStatus,
        Location,
        Price,
        Problem,
        identity_key,
    )
    from .pipeline import FeedBuild, RunResult, build, run, serve_feeds
    from .profile import Budget, Goal, Home, Profile, load_profile
    from .rank import Exclusion, Match, RankIndex, Ranking, Reason, rank_events
    from .runner import Collection, Outcome, RunReport, SourceReport, SourceRunStatus, Store
    from .runner import collect as collect_sources
    from .serialize import event_from_dict, event_to_dict
    from .sources import FetchContext, Source, available_sources, create_source

#: every exported name, and the submodule (``module`` or ``module:attribute``) it comes from
_EXPORTS: dict[str, str] = {
    "AttendanceMode": "model",
    "Budget": "profile",
    "BuildResult": "feeds",
    "CallForPapers": "model",
    "Collection": "runner",
    "Config": "config",
    "ConfigError": "errors",
    "Event": "model",
    "EventKind": "model",
    "EventStatus": "model",
    "EventscoutError": "errors",
    "Exclusion": "rank",
    "ExportError": "errors",
    "FeedBuild": "pipeline",
    "FeedDefinition": "feeds",
    "FetchContext": "sources",
    "FetchError": "errors",
    "FetchSettings": "fetch",
    "Fetched": "fetch",
    "Fetcher": "fetch",
    "Goal": "profile",
    "Home": "profile",
    "ItemError": "errors",
    "Location": "model",
    "Match": "rank",
    "MergeResult": "merge",
    "Outcome": "runner",
    "Price": "model",
    "Problem": "model",
    "Profile": "profile",
    "ProfileError": "errors",
    "RankIndex": "rank",
    "Ranking": "rank",
    "Reason": "rank",
    "RobotsDisallowed": "errors",
    "RunReport": "runner",
    "RunResult": "pipeline",
    "Source": "sources",
    "SourceError": "errors",
    "SourceLoadError": "errors",
    "SourceNotFound": "errors",
    "SourceReport": "runner",
    "SourceRunStatus": "runner",
    "Store": "runner",
    "StoreError": "errors",
    "StoreSchemaError": "errors",
    "available_sources": "sources",
    "build": "pipeline",
    "build_calendar": "export",
    "build_feeds": "feeds",
    "cfp_uid": "export",
    "collect_sources": "runner:collect",
    "create_source": "sources",
    "event_from_dict": "serialize",
    "event_to_dict": "serialize",
    "event_uid": "export",
    "identity_key": "model",
    "load_config": "config",
    "load_profile": "profile",
    "make_app": "feeds",
    "merge_events": "merge",
    "merge_groups": "merge",
    "parse_feeds": "feeds",
    "rank_events": "rank",
    "run": "pipeline",
    "serve": "feeds",
    "serve_feeds": "pipeline",
    "write_ics": "export",
}


def __getattr__(name: str) -> _typing.Any:
    """Load an exported name, ``__version__`` or a submodule on first use, and keep it."""
    if name == "__version__":
        value: _typing.Any = _installed_version()
    elif name in _EXPORTS:
        module, _, attribute = _EXPORTS[name].partition(":")
        value = getattr(_importlib.import_module(f"{__name__}.{module}"), attribute or name)
    elif not name.startswith("_") and _importlib_util.find_spec(f"{__name__}.{name}") is not None:
        value = _importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _installed_version() -> str:
    """The installed distribution's version (package metadata), else the source tree's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eventscout")
    except PackageNotFoundError:  # running from a source tree that was never installed
        from ._version import __version__

        return __version__


__all__ = [
    "AttendanceMode",
    "Budget",
    "BuildResult",
    "CallForPapers",
    "Collection",
    "Config",
    "ConfigError",
    "Event",
    "EventKind",
    "EventStatus",
    "EventscoutError",
    "Exclusion",
    "ExportError",
    "FeedBuild",
    "FeedDefinition",
    "FetchContext",
    "FetchError",
    "FetchSettings",
    "Fetched",
    "Fetcher",
    "Goal",
    "Home",
    "ItemError",
    "Location",
    "Match",
    "MergeResult",
    "Outcome",
    "Price",
    "Problem",
    "Profile",
    "ProfileError",
    "RankIndex",
    "Ranking",
    "Reason",
    "RobotsDisallowed",
    "RunReport",
    "RunResult",
    "Source",
    "SourceError",
    "SourceLoadError",
    "SourceNotFound",
    "SourceReport",
    "SourceRunStatus",
    "Store",
    "StoreError",
    "StoreSchemaError",
    "__version__",
    "available_sources",
    "build",
    "build_calendar",
    "build_feeds",
    "cfp_uid",
    "collect_sources",
    "create_source",
    "event_from_dict",
    "event_to_dict",
    "event_uid",
    "identity_key",
    "load_config",
    "load_profile",
    "make_app",
    "merge_events",
    "merge_groups",
    "parse_feeds",
    "rank_events",
    "run",
    "serve",
    "serve_feeds",
    "write_ics",
]
