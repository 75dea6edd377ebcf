"""The offline gazetteer, place lines, and how online or hybrid an event is from its words."""

from __future__ import annotations

import pytest

from eventscout.model import AttendanceMode
from eventscout.parse.places import (
    attendance_from_text,
    country_code,
    find_city,
    haversine_km,
    place_from_text,
    says_online,
    split_hybrid,
    split_place,
)


@pytest.mark.parametrize(
    ("name", "code"),
    [("Germany", "DE"), ("U.S.A.", "US"), ("UK", "GB"), ("Netherlands", "NL"), ("Czechia", "CZ"),
     ("Côte d'Ivoire", "CI"), ("de", "DE"), ("Atlantis", None), ("", None)],
)
def test_country_code(name: str, code: str | None) -> None:
    assert country_code(name) == code


def test_find_city_prefers_the_most_populous_and_honours_the_country() -> None:
    berlin = find_city("Berlin")
    assert berlin is not None and berlin.country == "DE"
    paris_texas = find_city("Paris", "US")
    assert paris_texas is not None and paris_texas.country == "US"
    portland = find_city("Portland, OR")
    assert portland is not None and portland.timezone == "America/Los_Angeles"
    assert find_city("München") is not None
    assert find_city("Nowhere-upon-Nothing") is None


def test_haversine() -> None:
    berlin, munich = find_city("Berlin"), find_city("Munich")
    assert berlin and munich
    assert haversine_km(berlin.latitude, berlin.longitude, munich.latitude, munich.longitude) == pytest.approx(505, abs=5)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(20015, abs=1)


@pytest.mark.parametrize(
    ("line", "city", "region", "country"),
    [
        ("Chicago, IL", "Chicago", "IL", "US"),  # IL is also Israel
        ("Boston, MA", "Boston", "MA", "US"),  # MA is also Morocco
        ("San Jose, CA", "San Jose", "CA", "US"),  # CA is also Canada
        ("Denver, CO", "Denver", "CO", "US"),  # CO is also Colombia
        ("123 Main St, Atlanta, GA", "Atlanta", "GA", "US"),  # GA is also Gabon
        ("Atlanta, Georgia", "Atlanta", "Georgia", "US"),
        ("Tbilisi, Georgia", "Tbilisi", None, "GE"),
        ("Portland, OR", "Portland", "OR", "US"),
        ("Portland, OR, USA", "Portland", "OR", "US"),
        ("Chicago, IL 60601, USA", "Chicago", "IL", "US"),
        ("Toronto, ON", "Toronto", "ON", "CA"),
        ("Vancouver, BC", "Vancouver", "BC", "CA"),
        ("Sydney NSW", "Sydney", "NSW", "AU"),
        ("Melbourne, VIC", "Melbourne", "VIC", "AU"),
        ("Adelaide, SA", "Adelaide", "SA", "AU"),
        ("Riyadh, SA", "Riyadh", None, "SA"),
        ("Tel Aviv, Israel", "Tel Aviv", None, "IL"),
        ("Tel Aviv, IL", "Tel Aviv", None, "IL"),
        ("Paris, France", "Paris", None, "FR"),
        ("Berlin, DE", "Berlin", None, "DE"),
        ("Munich, Germany", "Munich", None, "DE"),
        ("Betahaus, Prinzessinnenstr. 19, 10969 Berlin, Germany", "Berlin", None, "DE"),
        ("Budapest (Hungary)", "Budapest", None, "HU"),
        ("Smalltown, Germany", "Smalltown", None, "DE"),
        ("France", None, None, "FR"),
        ("Berlin", "Berlin", None, None),
        ("", None, None, None),
    ],
)
def test_split_place(line: str, city: str | None, region: str | None, country: str | None) -> None:
    place = split_place(line)
    assert (place.city, place.region, place.country) == (city, region, country)


def test_split_place_finds_the_city_of_the_region() -> None:
    portland = split_place("Portland, ME").found
    assert portland is not None and portland.timezone == "America/New_York"  # not Oregon's
    vancouver = split_place("Vancouver, WA").found
    assert vancouver is not None and vancouver.country == "US"


@pytest.mark.parametrize(
    ("line", "country", "zone"),
    [("Chicago, IL", "US", "America/Chicago"), ("Boston, MA", "US", "America/New_York"),
     ("San Jose, CA", "US", "America/Los_Angeles"), ("Tel Aviv, IL", "IL", "Asia/Jerusalem"),
     ("Melbourne, VIC", "AU", "Australia/Melbourne")],
)
def test_find_city_reads_state_codes_as_regions(line: str, country: str, zone: str) -> None:
    city = find_city(line)
    assert city is not None and (city.country, city.timezone) == (country, zone)


# -- place lines as locations, and the one online/hybrid rule set --------------------------------
# (moved from tests/sources/test_deadlines.py and tests/sources/test_ical.py: the adapters now
# read place lines with place_from_text)


@pytest.mark.parametrize(
    ("text", "place"),
    [("San Jose, CA", ("San Jose", "CA", "US")),  # CA was read as Canada
     ("Boston, MA, USA", ("Boston", "MA", "US")), ("Singapore", (None, None, "SG")),
     ("Lisbon, Portugal", ("Lisbon", None, "PT"))],
)
def test_place_reads_state_codes_as_regions(text: str, place: tuple[str | None, ...]) -> None:
    location, mode = place_from_text(text)
    assert location is not None and mode is AttendanceMode.IN_PERSON
    assert (location.city, location.region, location.country) == place


@pytest.mark.parametrize(
    ("text", "found"),
    [("123 Main St, Atlanta, GA", ("Atlanta", "US")),  # GA was read as Gabon
     ("Betahaus, 10969 Berlin, Germany", ("Berlin", "DE")), ("Room 5, Nowhere", (None, None))],
)
def test_address_lines_name_city_and_country(text: str, found: tuple[str | None, str | None]) -> None:
    location, _mode = place_from_text(text, known_city=True)
    assert location is not None
    assert (location.city, location.country) == found


def test_known_city_is_the_gazetteers_name_and_gives_its_country() -> None:
    written, _ = place_from_text("Aarhus")
    known, _ = place_from_text("Aarhus", known_city=True)
    assert written is not None and known is not None
    assert written.city == "Aarhus" and written.country is None  # a city alone claims no country
    assert known.city == "Århus" and known.country == "DK"
    unknown, _ = place_from_text("Smalltown, Germany", known_city=True)
    assert unknown is not None and (unknown.city, unknown.country) == (None, "DE")


@pytest.mark.parametrize(
    ("text", "mode"),
    [("Online", AttendanceMode.ONLINE), ("Virtual event", AttendanceMode.ONLINE),
     ("https://zoom.us/j/1", AttendanceMode.ONLINE), ("Hybrid: Berlin", AttendanceMode.HYBRID),
     ("in person and online", AttendanceMode.HYBRID), ("Berlin, Germany", AttendanceMode.IN_PERSON),
     ("", AttendanceMode.IN_PERSON)],
)
def test_attendance_from_text(text: str, mode: AttendanceMode) -> None:
    assert attendance_from_text(text) is mode
    assert says_online(text) is (mode is AttendanceMode.ONLINE or "online" in text.casefold())


def test_attendance_default_and_several_texts() -> None:
    assert attendance_from_text(None, "", default=AttendanceMode.ONLINE) is AttendanceMode.ONLINE
    assert attendance_from_text("Room 4", "Webinar: intro") is AttendanceMode.ONLINE


@pytest.mark.parametrize(
    ("line", "place", "hybrid"),
    [("Bordeaux (France) & Online", "Bordeaux (France)", True),
     ("Toronto, ON + virtual", "Toronto, ON", True), ("Berlin and online", "Berlin", True),
     ("Online", "Online", False), ("Berlin", "Berlin", False)],
)
def test_split_hybrid(line: str, place: str, hybrid: bool) -> None:
    assert split_hybrid(line) == (place, hybrid)


def test_hybrid_and_online_lines_as_locations() -> None:
    location, mode = place_from_text("  Bordeaux (France)   &  Online ")
    assert mode is AttendanceMode.HYBRID
    assert location is not None and location.address == "Bordeaux (France)"
    assert (location.city, location.country) == ("Bordeaux", "FR")
    assert place_from_text("Online") == (None, AttendanceMode.ONLINE)
    assert place_from_text(None) == (None, AttendanceMode.IN_PERSON)
    assert place_from_text("   ") == (None, AttendanceMode.IN_PERSON)


def test_old_import_paths_are_the_toolkit() -> None:
    import eventscout.kinds
    import eventscout.parse
    import eventscout.parse.kinds
    import eventscout.places

    for name in eventscout.places.__all__:
        assert getattr(eventscout.places, name) is getattr(eventscout.parse, name)
    for name in eventscout.kinds.__all__:
        assert getattr(eventscout.kinds, name) is getattr(eventscout.parse.kinds, name)


def test_the_city_index_is_kept_between_processes(tmp_path, monkeypatch):
    """The built index goes to the user cache folder; a damaged file is rebuilt, not fatal."""
    from eventscout.parse import _gazetteer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    file = _gazetteer._index_file()
    assert file is not None and str(tmp_path) in str(file)
    _gazetteer._index.cache_clear()
    _gazetteer._cities_at.cache_clear()
    try:
        built = _gazetteer._index()
        assert file.is_file() and "amsterdam" in built
        _gazetteer._index.cache_clear()
        stored = _gazetteer._index()
        assert not isinstance(stored, dict)  # read from the file name by name, not loaded
        assert stored == built  # read back from the file
        file.write_bytes(b"\x00not a database")
        _gazetteer._index.cache_clear()
        assert _gazetteer._index()["amsterdam"] == built["amsterdam"]
        assert _gazetteer.city_named("Amsterdam").country == "NL"
    finally:
        _gazetteer._index.cache_clear()
        _gazetteer._cities_at.cache_clear()
