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

__all__ = [
    "DEADLINE_KINDS",
    "DEFAULT_REMINDERS",
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


# -- strict parsing of [[feeds]] tables --------------------------------------------------------------


class _Parser:
    """Reads one ``[[feeds]]`` table, failing with the file and the full key on every error."""

    def __init__(self, table: Mapping[str, Any], *, path: str | None, index: int) -> None:
        self.table = table
        self.path = path
        self.prefix = f"feeds[{index}]"

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(message, path=self.path, key=f"{self.prefix}.{key}")

    def string(self, key: str, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"expected a non-empty string, got {value!r}")
        return value.strip()

    def strings(self, key: str, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(key, f"expected a list of strings, got {value!r}")
        return tuple(self.string(f"{key}[{i}]", item) for i, item in enumerate(value))

    def boolean(self, key: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {value!r}")
        return value

    def count(self, key: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(key, f"expected a whole number >= 0, got {value!r}")
        return value

    def score(self, key: str, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self.fail(key, f"expected a number in [0, 1], got {value!r}")
        return float(value)

    def duration(self, key: str, value: object) -> dt.timedelta:
        """A lead time: a number of days, or a string such as ``"3d"``, ``"12h"``, ``"30m"``."""
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return dt.timedelta(days=value)
        if isinstance(value, str):
            found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([dhm])\s*", value.lower())
            if found:
                unit = {"d": "days", "h": "hours", "m": "minutes"}[found.group(2)]
                return dt.timedelta(**{unit: float(found.group(1))})
        raise self.fail(key, f"expected days as a number or a string like '3d', '12h', got {value!r}")

    def choice(self, key: str, value: object, allowed: Sequence[str]) -> str:
        text = self.string(key, value).lower().replace("-", "_").replace(" ", "_")
        if text not in allowed:
            raise self.fail(key, f"{value!r} is not one of: {', '.join(allowed)}")
        return text

    def table_of(self, key: str, value: object) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {value!r}")
        return value

    def profile(self, key: str, value: object) -> Profile:
        if isinstance(value, str):
            file = Path(value)
            if not file.is_absolute() and self.path:
                file = Path(self.path).parent / file
            return load_profile(file)
        return Profile.from_mapping(self.table_of(key, value), path=self.path)

    def reminders(self, key: str, value: object) -> dict[str, tuple[dt.timedelta, ...]]:
        if value is False:
            return {}
        result = dict(DEFAULT_REMINDERS)
        for kind, leads in self.table_of(key, value).items():
            kind_key = f"{key}.{kind}"
            # "CFP" and "cfp" are one kind: store the normalised name the feed looks up
            kind = self.choice(kind_key, kind, REMINDER_KINDS)
            if not isinstance(leads, list):
                leads = [leads]
            result[kind] = tuple(
                sorted(
                    (self.duration(f"{kind_key}[{i}]", lead) for i, lead in enumerate(leads)),
                    reverse=True,
                )
            )
        return result

    def filters(self) -> FeedFilters:
        values: dict[str, Any] = {}
        t = self.table
        if "min_score" in t:
            values["min_score"] = self.score("min_score", t["min_score"])
        if "kinds" in t:
            kinds = [m.value for m in EventKind]
            values["kinds"] = frozenset(
                EventKind(self.choice(f"kinds[{i}]", k, kinds))
                for i, k in enumerate(self.strings("kinds", t["kinds"]))
            )
        if "topics" in t:
            values["topics"] = frozenset(s.casefold() for s in self.strings("topics", t["topics"]))
        if "countries" in t:
            codes = self.strings("countries", t["countries"])
            for i, code in enumerate(codes):
                if not re.fullmatch(r"[A-Za-z]{2}", code):
                    raise self.fail(f"countries[{i}]", f"{code!r} is not an ISO code such as 'DE'")
            values["countries"] = frozenset(c.upper() for c in codes)
        if "regions" in t:
            values["regions"] = frozenset(
                self.choice(f"regions[{i}]", r, tuple(_CONTINENTS))
                for i, r in enumerate(self.strings("regions", t["regions"]))
            )
        if "online_only" in t:
            values["online_only"] = self.boolean("online_only", t["online_only"])
        return FeedFilters(**values)

    def definition(self) -> FeedDefinition:
        t = self.table
        unknown = sorted(set(t) - _KEYS)
        if unknown:
            import difflib

            hint = difflib.get_close_matches(unknown[0], _KEYS, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise self.fail(unknown[0], f"unknown feed key{suggestion}")
        if "name" not in t:
            raise self.fail("name", "every feed needs a name (it names the .ics file)")
        name = self.string("name", t["name"])
        if not _NAME.fullmatch(name):
            raise self.fail("name", f"{name!r}: use 1-64 of a-z, 0-9, '-', '_' (it names a file)")
        values: dict[str, Any] = {"name": name, "filters": self.filters()}
        for key in ("title", "description", "uid_namespace"):
            if key in t:
                values[key] = self.string(key, t[key])
        if "tier" in t:
            values["tier"] = Tier(self.choice("tier", t["tier"], [m.value for m in Tier]))
        if "profile" in t:
            values["profile"] = self.profile("profile", t["profile"])
        if "sources" in t:
            values["sources"] = frozenset(self.strings("sources", t["sources"]))
        if "limit" in t:
            values["limit"] = self.count("limit", t["limit"])
        if "after" in t:
            values["after"] = self.count("after", t["after"])
        if "deadline_kinds" in t:
            values["deadline_kinds"] = tuple(
                self.choice(f"deadline_kinds[{i}]", k, DEADLINE_KINDS)
                for i, k in enumerate(self.strings("deadline_kinds", t["deadline_kinds"]))
            )
        if "reminders" in t:
            values["reminders"] = self.reminders("reminders", t["reminders"])
        for key in ("tasks", "private"):
            if key in t:
                values[key] = self.boolean(key, t[key])
        if "grace_days" in t:
            values["grace"] = dt.timedelta(days=self.count("grace_days", t["grace_days"]))
        if "refresh_hours" in t:
            hours = self.count("refresh_hours", t["refresh_hours"])
            if hours < 1:
                raise self.fail("refresh_hours", "clients need at least 1 hour between refreshes")
            values["refresh"] = dt.timedelta(hours=hours)
        return FeedDefinition(**values)


_KEYS = frozenset({
    "name", "title", "description", "tier", "profile", "sources", "limit", "after",
    "deadline_kinds", "reminders", "tasks", "private", "grace_days", "refresh_hours",
    "uid_namespace", "min_score", "kinds", "topics", "countries", "regions", "online_only",
})


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
    for index, table in enumerate(tables):
        parser = _Parser(table if isinstance(table, dict) else {}, path=where, index=index)
        if not isinstance(table, dict):
            raise parser.fail("name", f"expected a table, got {table!r}")
        definition = parser.definition()
        if definition.name in names:
            raise parser.fail("name", f"another feed is already called {definition.name!r}")
        if definition.uid_namespace in namespaces:
            raise parser.fail("uid_namespace", f"{definition.uid_namespace!r} is used twice")
        names.add(definition.name)
        namespaces.add(definition.uid_namespace)
        definitions.append(definition)
    return definitions
