"""eventscout: find the industry events that serve your career, ranked, explained, subscribed.

The public API is what this module exports; everything else may change between versions.
No exported name hides a submodule: ``eventscout.collect`` and ``eventscout.rank`` are modules
(the functions are ``collect_sources``, ``eventscout.rank.rank`` and ``rank_events``).
"""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _distribution_version

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
from .rank import Exclusion, Match, Ranking, Reason, rank_events
from .runner import Collection, Outcome, RunReport, SourceReport, SourceRunStatus, Store
from .runner import collect as collect_sources
from .serialize import event_from_dict, event_to_dict
from .sources import FetchContext, Source, available_sources, create_source

try:
    __version__ = _distribution_version("eventscout")
except _PackageNotFoundError:  # running from a source tree that was never installed
    from ._version import __version__

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
