"""What a feed is: a name, a profile, its sources, filters, a tier, reminders and tasks.

A feed definition comes from a ``[[feeds]]`` table of the config file (:func:`parse_feeds`) or is
made in code (:class:`FeedDefinition`). Parsing is strict, like the profile: an unknown key, a
misspelled tier or a value of the wrong type fails with a :class:`~eventscout.errors.ConfigError`
naming the file and the key, because a silently ignored filter gives a silently wrong calendar.

Tiers decide what goes into a feed:

* ``must_attend``: the best matches (the first ``limit``, 10 by default);
* ``worth_a_look``: the matches after the first ``after`` (10 by default), up to ``limit`` (50);
* ``deadlines``: the deadlines of the matching events, each as its own short event: calls for
  papers closing, registration closing, scholarship and mentorship applications closing.

Every feed has its own UID namespace (``uid_namespace``, by default derived from its name), so
the same real event in two feeds never shares a UID across calendars.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import field, frozen

from ..errors import ConfigError
from ..model import EventKind
from ..profile import Profile, load_profile
from ..settings import (
    Choice,
    Custom,
    Duration,
    Flag,
    Number,
    Option,
    Section,
    Text,
    Texts,
    Where,
    expect_table,
    relative_path,
)

__all__ = [
    "DEADLINE_KINDS",
    "DEFAULT_REMINDERS",
    "FEED_SECTION",
    "FeedDefinition",
    "FeedFilters",
    "Tier",
    "parse_feeds",
]


class Tier(enum.StrEnum):
    """Which part of the ranking a feed publishes."""

    MUST_ATTEND = "must_attend"
    WORTH_A_LOOK = "worth_a_look"
    DEADLINES = "deadlines"


#: the kinds of deadline the ``deadlines`` tier publishes, each with its own UID prefix
DEADLINE_KINDS = ("cfp", "registration", "scholarship", "mentorship")

#: the kinds a reminder can be set for: the event itself, each deadline kind, and tasks
REMINDER_KINDS = ("event", *DEADLINE_KINDS, "task")

#: lead times before the start of each kind of entry, as the issue asks: 1 day before an event,
#: 14 and 3 days before a call for papers closes
DEFAULT_REMINDERS: Mapping[str, tuple[dt.timedelta, ...]] = {
    "event": (dt.timedelta(days=1),),
    "cfp": (dt.timedelta(days=14), dt.timedelta(days=3)),
    "registration": (dt.timedelta(days=7), dt.timedelta(days=1)),
    "scholarship": (dt.timedelta(days=14), dt.timedelta(days=3)),
    "mentorship": (dt.timedelta(days=14), dt.timedelta(days=3)),
}

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_CONTINENTS = {
    "africa": "AF", "antarctica": "AN", "asia": "AS", "europe": "EU",
    "north_america": "NA", "oceania": "OC", "south_america": "SA",
}


@frozen(kw_only=True)
class FeedFilters:
    """Which matches a feed may hold at all, before its tier picks from them.

    Empty collections mean "no restriction". ``regions`` are continents (``europe``,
    ``north_america``, ...); ``countries`` are ISO 3166-1 alpha-2 codes. An online event passes
    every place filter, since anyone can attend it.
    """

    min_score: float = 0.0
    kinds: frozenset[EventKind] = frozenset()
    topics: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    online_only: bool = False


def _default_namespace(definition: FeedDefinition) -> str:
    return f"{definition.name}.feeds.eventscout"


@frozen(kw_only=True)
class FeedDefinition:
    """One subscribable calendar: what it holds and how it is published.

    ``profile`` None means the run's main profile; ``sources`` empty means every source.
    ``reminders`` maps an entry kind (``event``, ``cfp``, ``registration``, ``scholarship``,
    ``mentorship``, ``task``) to lead times before the entry starts (for a deadline: before it
    passes). ``tasks`` adds the planning VTODOs of :mod:`eventscout.feeds.tasks`.
    """

    name: str
    title: str = ""
    description: str = ""
    tier: Tier = Tier.MUST_ATTEND
    profile: Profile | None = None
    sources: frozenset[str] = frozenset()
    filters: FeedFilters = FeedFilters()
    #: the most entries the tier takes (None: no limit); deadlines count their events
    limit: int | None = None
    #: worth_a_look: how many top matches it leaves to a must_attend feed
    after: int = 10
    deadline_kinds: tuple[str, ...] = DEADLINE_KINDS
    reminders: Mapping[str, tuple[dt.timedelta, ...]] = field(
        factory=lambda: dict(DEFAULT_REMINDERS)
    )
    tasks: bool = False
    #: a private feed is served only with its token and never listed on the index page
    private: bool = False
    #: how long an entry that left the feed is published as cancelled before it is removed
    grace: dt.timedelta = dt.timedelta(days=30)
    #: the hint given to clients (REFRESH-INTERVAL, X-PUBLISHED-TTL)
    refresh: dt.timedelta = dt.timedelta(hours=12)
    uid_namespace: str = ""

    def __attrs_post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise ValueError(
                f"feed name {self.name!r} must be 1-64 of a-z, 0-9, '-', '_' (it names the file)"
            )
        if not self.uid_namespace:
            object.__setattr__(self, "uid_namespace", _default_namespace(self))

    @property
    def effective_limit(self) -> int | None:
        """The limit in force: the given one, or the tier's default."""
        if self.limit is not None:
            return self.limit
        return {Tier.MUST_ATTEND: 10, Tier.WORTH_A_LOOK: 50}.get(self.tier)

    @property
    def filename(self) -> str:
        return f"{self.name}.ics"

    @property
    def display_title(self) -> str:
        return self.title or self.name.replace("-", " ").replace("_", " ").capitalize()


# -- strict parsing of [[feeds]] tables, from the one settings spec ------------------------------------


def _profile(value: object, where: Where) -> Profile:
    if isinstance(value, str):
        return load_profile(relative_path(value, where))
    return Profile.from_mapping(expect_table(value, where), path=where.path)


_LEAD = Duration(bare="days", as_timedelta=True)
_REMINDER_KIND = Choice(REMINDER_KINDS)


def _reminders(value: object, where: Where) -> dict[str, tuple[dt.timedelta, ...]]:
    if value is False:
        return {}
    result = dict(DEFAULT_REMINDERS)
    for kind, leads in expect_table(value, where).items():
        at = where.at(kind)
        # "CFP" and "cfp" are one kind: store the normalised name the feed looks up
        name = _REMINDER_KIND(kind, at)
        items = leads if isinstance(leads, list) else [leads]
        result[name] = tuple(sorted((_LEAD(lead, at.at(i)) for i, lead in enumerate(items)),
                                    reverse=True))
    return result


def _refresh_hours(value: object, where: Where) -> dt.timedelta:
    hours = Number(lo=0, whole=True)(value, where)
    if hours < 1:
        raise where.fail("clients need at least 1 hour between refreshes")
    return dt.timedelta(hours=hours)


def _grace_days(value: object, where: Where) -> dt.timedelta:
    return dt.timedelta(days=Number(lo=0, whole=True)(value, where))


_FILTER_OPTIONS = (
    Option(key="min_score", reader=Number(lo=0, hi=1), default="0",
           doc="only matches scoring at least this"),
    Option(key="kinds", reader=Texts(Choice.of(EventKind)), default="[] (any)",
           doc="only these kinds of event"),
    Option(key="topics", reader=Texts(Text(case="lower")), default="[] (any)",
           doc="only events with one of these topics"),
    Option(key="countries", reader=Texts(Text(case="upper", pattern="[A-Z]{2}",
                                              hint="an ISO code such as 'DE'")),
           default="[] (any)", doc="only events in these countries (online events pass)"),
    Option(key="regions", reader=Texts(Choice(tuple(_CONTINENTS))), default="[] (any)",
           doc="only events on these continents (online events pass)"),
    Option(key="online_only", reader=Flag(), default="false", doc="only online events"),
)

#: every key of a ``[[feeds]]`` table: the spec its loading and docs/reference/config.md come from
FEED_SECTION = Section(
    title="[[feeds]]",
    doc="One subscribable calendar: what it holds (a tier of the ranking, filtered) and how it is "
        "published. With no [[feeds]], `eventscout build` writes must-attend, worth-a-look and "
        "deadlines.",
    noun="feed key",
    options=(
        Option(key="name", reader=Text(pattern=_NAME.pattern,
                                       hint="1-64 of a-z, 0-9, '-', '_' (it names a file)"),
               doc="names the .ics file; required"),
        Option(key="title", reader=Text(), default="from the name", doc="the calendar's title"),
        Option(key="description", reader=Text(), default="", doc="the calendar's description"),
        Option(key="tier", reader=Choice.of(Tier), default="must_attend",
               doc="which part of the ranking it publishes"),
        Option(key="profile", reader=Custom(_profile, "a profile file name or an inline table"),
               default="the run's profile", doc="rank for another person"),
        Option(key="sources", reader=Custom(lambda v, w: frozenset(Texts()(v, w)),
                                            "a list of source names"),
               default="[] (all)", doc="only events from these sources"),
        Option(key="limit", reader=Number(lo=0, whole=True), default="10 / 50 / none",
               doc="the most entries (must_attend / worth_a_look / deadlines)"),
        Option(key="after", reader=Number(lo=0, whole=True), default="10",
               doc="worth_a_look: how many top matches it leaves to must_attend"),
        Option(key="deadline_kinds", reader=Texts(Choice(DEADLINE_KINDS)),
               default=", ".join(DEADLINE_KINDS), doc="deadlines: which kinds it publishes"),
        Option(key="reminders",
               reader=Custom(_reminders, "false, or a table of lead times by kind: "
                             + ", ".join(REMINDER_KINDS) + " (a number is days, or '12h')"),
               default="event 1d; cfp 14d, 3d; registration 7d, 1d", doc="alarms before entries"),
        Option(key="tasks", reader=Flag(), default="false",
               doc="add preparation and follow-up tasks (VTODO)"),
        Option(key="private", reader=Flag(), default="false",
               doc="served only with its token, never listed on the index page"),
        Option(key="grace_days", reader=Custom(_grace_days, "a whole number of days"),
               attribute="grace", default="30", doc="how long a removed entry is shown as cancelled"),
        Option(key="refresh_hours", reader=Custom(_refresh_hours, "a whole number of hours (>= 1)"),
               attribute="refresh", default="12", doc="the refresh hint given to clients"),
        Option(key="uid_namespace", reader=Text(), default="<name>.feeds.eventscout",
               doc="keeps UIDs of one event apart between feeds"),
        *_FILTER_OPTIONS,
    ),
)

_FILTER_KEYS = frozenset(option.key for option in _FILTER_OPTIONS)


def _definition(data: Mapping[str, Any], where: Where) -> FeedDefinition:
    values = FEED_SECTION.read(data, where)
    if "name" not in values:
        raise where.at("name").fail("every feed needs a name (it names the .ics file)")
    filters = {key: values.pop(key) for key in _FILTER_KEYS if key in values}
    for key in ("kinds", "topics", "countries", "regions"):
        if key in filters:
            filters[key] = frozenset(filters[key])
    return FeedDefinition(filters=FeedFilters(**filters), **values)


def parse_feeds(
    tables: Sequence[Mapping[str, Any]], *, path: str | Path | None = None
) -> list[FeedDefinition]:
    """Read the ``[[feeds]]`` tables of a config file into feed definitions, strictly.

    ``path`` is the config file: it is named in every error and relative profile paths are read
    from beside it. Two feeds with one name, or one UID namespace, are refused: they would
    overwrite each other's file or share UIDs.
    """
    where = str(path) if path is not None else None
    if not isinstance(tables, list | tuple):
        raise ConfigError("expected [[feeds]] tables", path=where, key="feeds")
    definitions: list[FeedDefinition] = []
    names: set[str] = set()
    namespaces: set[str] = set()
    for index, data in enumerate(tables):
        at = Where(where, f"feeds[{index}]")
        if not isinstance(data, dict):
            raise at.at("name").fail(f"expected a table, got {data!r}")
        definition = _definition(data, at)
        if definition.name in names:
            raise at.at("name").fail(f"another feed is already called {definition.name!r}")
        if definition.uid_namespace in namespaces:
            raise at.at("uid_namespace").fail(f"{definition.uid_namespace!r} is used twice")
        names.add(definition.name)
        namespaces.add(definition.uid_namespace)
        definitions.append(definition)
    return definitions
