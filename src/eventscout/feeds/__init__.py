"""Subscribable calendar feeds: definitions, state kept between builds, building and serving.

``build_feeds`` writes every feed of a config into a directory (for static hosting) together with
an ``index.html``; ``make_app`` and ``serve`` serve that directory over HTTP with validators,
304 answers and private feeds behind tokens. See ``docs/feeds.md``.
"""

from .build import BuildResult, ChosenFeed, FeedResult, build_feeds
from .definition import FeedDefinition, FeedFilters, Tier, parse_feeds
from .server import FeedApp, FeedServer, make_app, make_server, serve
from .tasks import PlanningTask, planning_tasks
from .tokens import load_tokens

__all__ = [
    "BuildResult",
    "ChosenFeed",
    "FeedApp",
    "FeedDefinition",
    "FeedFilters",
    "FeedResult",
    "FeedServer",
    "PlanningTask",
    "Tier",
    "build_feeds",
    "load_tokens",
    "make_app",
    "make_server",
    "parse_feeds",
    "planning_tasks",
    "serve",
]
