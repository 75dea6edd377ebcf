"""The offline gazetteer."""

from __future__ import annotations

import pytest

from eventscout.places import country_code, find_city, haversine_km


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
