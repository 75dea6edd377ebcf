"""Places in text: free-text place lines read with the gazetteer, and the one rule set that
tells an online or hybrid event from its words.

* :func:`split_place` reads a line ("Chicago, IL", "10969 Berlin, Germany", "Sydney NSW",
  "Budapest (Hungary)") into city, region and country;
* :func:`attendance_from_text` and :func:`says_online` decide online / hybrid / in person from
  the words of a place line, a title or a link (``ONLINE_WORDS``, ``ONLINE_HOSTS``);
* :func:`place_from_text` does both at once and gives the model's :class:`Location`: what every
  adapter that meets a place as text uses.
"""

from __future__ import annotations

import re

from attrs import frozen

from ..model import AttendanceMode, Location
from ..text import fold
from ._gazetteer import (
    City,
    cities_named,
    city_named,
    country_code,
    country_table,
    haversine_km,
    regions_named,
)

__all__ = [
    "ONLINE_HOSTS",
    "ONLINE_WORDS",
    "City",
    "PlaceParts",
    "attendance_from_text",
    "country_code",
    "country_table",
    "find_city",
    "haversine_km",
    "place_from_text",
    "says_online",
    "split_hybrid",
    "split_place",
]


def find_city(name: str | None, country: str | None = None) -> City | None:
    """The most populous city called ``name`` (in ``country`` when given), or None.

    ``name`` may be a place line ("Chicago, IL", "Portland, OR, USA", "Paris, France"): it is
    read with :func:`split_place`, whose region or country narrows the search.
    """
    if not name:
        return None
    if "," not in name:  # a plain name (what merge and zone lookups pass): no parsing
        found = city_named(name, country)
        if found is not None or country is not None:
            return found
    place = split_place(name)
    if place.found is not None and country in (None, place.found.country):
        return place.found
    return city_named(name.split(",", 1)[0], country) if country is not None else None



_REGION_COUNTRIES = ("US", "CA", "AU")

# Postcodes before or after a city: "10969 Berlin", "Chicago, IL 60601", "D-10969", UK
# ("EC1A 1BB") and Canadian ("M5V 2T6") forms.
_POSTCODE = r"(?:[A-Z]{1,2}-)?\d{4,5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d"
_LEADING_POSTCODE = re.compile(rf"^(?:{_POSTCODE})\s+", re.IGNORECASE)
_TRAILING_POSTCODE = re.compile(rf"\s+(?:{_POSTCODE})$", re.IGNORECASE)
_WHOLE_POSTCODE = re.compile(rf"^(?:{_POSTCODE})$", re.IGNORECASE)
_IN_PARENTHESES = re.compile(r"^(?P<before>[^()]+?)\s*\((?P<inside>[^()]+)\)+$")
_REGION_TOKEN = re.compile(r"^(?P<before>.+?)\s+(?P<region>[A-Z]{2,3})$")



@frozen(kw_only=True)
class PlaceParts:
    """What a free-text place line says: city, region and country, each None when not said.

    ``city`` is the city as written: the part the gazetteer knows (``found``: "Aarhus" is GeoNames'
    "Århus"), else the part that stands where a city would ("Smalltown, Germany" -> "Smalltown").
    A country's name alone ("Singapore", "Luxembourg") is a country, not a city; ``found`` then
    still holds its city-state's city, so that its time zone can be looked up. ``region`` is a
    US state, Canadian province or Australian state as written ("IL", "NSW", "Texas").
    ``country`` is the ISO alpha-2 code the line states or its region implies; it is not guessed
    from ``found`` (Paris alone is not a claim about France), callers may do that themselves.
    """

    city: str | None = None
    region: str | None = None
    country: str | None = None
    found: City | None = None



def _strip_postcode(part: str) -> str:
    if _WHOLE_POSTCODE.match(part):
        return ""
    part = _LEADING_POSTCODE.sub("", part)
    return _TRAILING_POSTCODE.sub("", part).strip()


def _parts(text: str) -> list[str]:
    """The comma-separated parts of a place line, postcodes removed; "City (Country)" and
    "Sydney NSW" are read as "City, Country" and "Sydney, NSW"."""
    line = " ".join(text.split())
    bracketed = _IN_PARENTHESES.match(line)
    if bracketed:
        line = f"{bracketed['before']}, {bracketed['inside']}"
    parts = [_strip_postcode(part.strip()) for part in line.split(",")]
    split: list[str] = []
    for part in parts:
        token = _REGION_TOKEN.match(part)  # upper case only: "Sydney NSW", not "Hotel In"
        if token and regions_named(token["region"]):
            split += [token["before"], token["region"]]
        elif part:
            split.append(part)
    return split


def _city_in(parts: list[str], country: str | None, admin1: str | None) -> tuple[str, City] | None:
    """The first known city (from the end, looking at up to three parts) in the given country
    and region, with the part that names it."""
    for part in reversed(parts[-3:]):
        if any(ch.isdigit() for ch in part):
            continue
        for city, region in cities_named(part):
            if (country is None or city.country == country) and (admin1 is None or region == admin1):
                return part, city
    return None


def _guess_city(parts: list[str]) -> str | None:
    for part in reversed(parts[-3:]):
        if not any(ch.isdigit() for ch in part):
            return part
    return None


def _population(place: PlaceParts) -> int:
    return -1 if place.found is None else place.found.population


def _reading(
    found: tuple[str, City] | None, parts: list[str], *, region: str | None = None,
    country: str | None = None,
) -> PlaceParts:
    """City text as written (the known city's part, else the last part without digits)."""
    if found is None:
        return PlaceParts(city=_guess_city(parts), region=region, country=country)
    return PlaceParts(city=found[0], region=region, country=country, found=found[1])


def split_place(text: str | None) -> PlaceParts:
    """Read a free-text place line ("Chicago, IL", "Portland, OR, USA", "10969 Berlin, Germany",
    "Sydney NSW", "Budapest (Hungary)") into city, region and country with the gazetteer.

    The last part is a country when it is a country's name, alias or three-letter code. A US
    state, Canadian province or Australian state ("IL", "ON", "NSW", "Georgia") is a region when
    the part before it is a known city of that region; two-letter codes that are both ("IL" is
    Illinois and Israel, "CA" California and Canada) are read whichever way finds a city, the more
    populous city when both do ("Chicago, IL" is in the US, "Tel Aviv, IL" in Israel), and as the
    country when neither does.
    """
    if not text:
        return PlaceParts()
    parts = _parts(text)
    if not parts:
        return PlaceParts()
    if len(parts) == 1:
        return _single(parts[0])
    *rest, last = parts
    code = country_code(last)
    stated = _stated_country(rest, code) if code is not None else None
    regional = [
        _reading(found, rest, region=last, country=country)
        for country, admin1 in regions_named(last)
        if (found := _city_in(rest, country, admin1)) is not None
    ]
    if stated is not None and len(fold(last)) > 2 and (stated.found is not None or not regional):
        return stated  # a country's name or three-letter code says what it means
    candidates = [*regional, *([stated] if stated is not None else [])]
    if not candidates:
        return _reading(_city_in(parts, None, None), parts)
    return max(candidates, key=_population)


def _stated_country(rest: list[str], code: str) -> PlaceParts:
    """The reading with the last part as the country: "Portland, OR, USA", "Paris, France"."""
    region: str | None = None
    admin1: str | None = None
    if len(rest) > 1 and code in _REGION_COUNTRIES:
        admin1 = _region_in(rest[-1], code)
        if admin1 is not None:
            region, rest = rest[-1], rest[:-1]
    found = _city_in(rest, code, admin1) or (_city_in(rest, code, None) if admin1 else None)
    return _reading(found, rest, region=region, country=code)


def _region_in(text: str, country: str) -> str | None:
    for region_country, admin1 in regions_named(text):
        if region_country == country:
            return admin1
    return None


def _single(part: str) -> PlaceParts:
    """One part: a country ("France"), a city ("Berlin") or a city-state ("Singapore")."""
    code = country_code(part)
    found = _city_in([part], code, None)
    if code is not None:  # a country, with its city-state's city when it is one (for its zone)
        return PlaceParts(country=code, found=found[1] if found else None)
    return PlaceParts(city=part, found=found[1] if found else None)


# -- online, hybrid or in person -----------------------------------------------------------------

#: words that say an event happens online, wherever they stand (a place line, a title)
ONLINE_WORDS = ("online", "virtual", "remote", "webinar", "livestream")
#: hosts of online meeting and streaming services (a link or place line naming one)
ONLINE_HOSTS = (
    "zoom.us", "meet.google", "teams.microsoft", "youtube.com", "twitch.tv", "hopin", "crowdcast",
)
_ONLINE = re.compile(
    r"\b(" + "|".join(re.escape(word) for word in (*ONLINE_WORDS, *ONLINE_HOSTS)) + r")\b",
    re.IGNORECASE,
)
_HYBRID = re.compile(
    r"\b(hybrid|in[- ]person\s*(and|&|\+|/)\s*online|online\s*(and|&|\+|/)\s*in[- ]person)\b",
    re.IGNORECASE,
)
#: "Bordeaux (France) & Online", "Toronto, ON + virtual": a place, and online too
_AND_ONLINE = re.compile(r"\s*(?:&|\+|/|\band\b)\s*(?:online|virtual)$", re.IGNORECASE)


def says_online(*texts: str | None) -> bool:
    """Whether any of ``texts`` names an online event ("Online", "virtual", a zoom.us link)."""
    return any(text and _ONLINE.search(text) for text in texts)


def attendance_from_text(
    *texts: str | None, default: AttendanceMode = AttendanceMode.IN_PERSON
) -> AttendanceMode:
    """Online, hybrid or in person, from a place line, a link or a title (``default`` when
    they say neither): hybrid words first ("hybrid", "in person and online"), then online ones."""
    joined = " ".join(text for text in texts if text)
    if _HYBRID.search(joined):
        return AttendanceMode.HYBRID
    if _ONLINE.search(joined):
        return AttendanceMode.ONLINE
    return default


def split_hybrid(line: str) -> tuple[str, bool]:
    """A place line without a trailing "& Online" (and whether it had one):
    ``"Bordeaux (France) & Online"`` -> ``("Bordeaux (France)", True)``."""
    found = _AND_ONLINE.search(line)
    if found is None or found.start() == 0:
        return line, False
    return line[: found.start()], True


def place_from_text(
    text: str | None, *, known_city: bool = False
) -> tuple[Location | None, AttendanceMode]:
    """A free-text place line as a :class:`Location` (the whole line as its address) and how
    people attend: ``"Online"`` is online with no location, ``"Bordeaux (France) & Online"`` a
    hybrid event in Bordeaux, anything else in person where :func:`split_place` puts it.

    ``known_city``: the city is the gazetteer's name of the city found ("Århus" for "Aarhus"),
    None when none is found, and the country falls back to that city's when the line states
    none; otherwise the city is the part of the line that stands where a city would.
    """
    line = " ".join((text or "").split())
    if not line:
        return None, AttendanceMode.IN_PERSON
    place_line, hybrid = split_hybrid(line)
    if hybrid:
        location, _mode = place_from_text(place_line, known_city=known_city)
        return location, AttendanceMode.HYBRID
    attendance = attendance_from_text(line)
    if attendance is AttendanceMode.ONLINE:
        return None, attendance
    place = split_place(line)
    city, country = place.city, place.country
    if known_city:
        city = place.found.name if place.found is not None else None
        if country is None and place.found is not None:
            country = place.found.country
    return Location(address=line, city=city, region=place.region, country=country), attendance
