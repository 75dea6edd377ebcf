"""The offline gazetteer."""

from __future__ import annotations

import pytest

from eventscout.places import country_code, find_city, haversine_km, split_place


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
