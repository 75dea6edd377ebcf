"""Profiles load strictly: a wrong key or type names the key and the file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from eventscout import AttendanceMode, Goal, ProfileError, load_profile


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_profile(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, """
name = "Ada"
home = { place = "Berlin" }
max_distance_km = 800
formats = ["in_person", "online"]
languages = ["en", "de-DE"]
budget = { amount = 500, currency = "eur" }
horizon_days = 180
[interests]
Python = 1.0
"machine learning" = 0.5
[goals]
visibility = 1
job_opportunities = 0.25
[vocabulary]
genai = ["generative ai", "LLM"]
"""))
    assert profile.interests == {"python": 1.0, "machine learning": 0.5}
    assert profile.goal(Goal.VISIBILITY) == 1.0 and profile.goal(Goal.MENTORSHIP) == 0.0
    assert profile.home is not None and profile.home.place == "Berlin"
    assert profile.formats == {AttendanceMode.IN_PERSON, AttendanceMode.ONLINE}
    assert profile.languages == ("en", "de")
    assert profile.budget is not None and profile.budget.amount == Decimal(500)
    assert profile.budget.currency == "EUR"
    assert profile.vocabulary == {"genai": ("generative ai", "llm")}


def test_the_profile_table_of_a_config_file(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, "[profile]\nname = 'Bo'\n[[sources]]\ntype='ical'\n"))
    assert profile.name == "Bo"


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("[goals]\nvisiblity = 1.0\n", "goals.visiblity", "unknown goal"),
        ("max_distance_km = \"far\"\n", "max_distance_km", "expected a number"),
        ("[interests]\npython = \"high\"\n", "interests.python", "expected a number"),
        ("[interests]\npython = 3\n", "interests.python", "outside"),
        ("intrests = {}\n", "intrests", "did you mean 'interests'"),
        ("formats = [\"in person\", \"telepathy\"]\n", "formats[1]", "not one of"),
        ("horizon_days = 1.5\n", "horizon_days", "whole number"),
        ("budget = { amount = 10, currency = \"euro\" }\n", "budget.currency", "ISO 4217"),
        ("home = { latitude = 52.5 }\n", "home", "together"),
        ("languages = [\"english\"]\n", "languages[0]", "language code"),
    ],
)
def test_mistakes_name_the_key_and_the_file(tmp_path: Path, text: str, key: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProfileError, match=message) as info:
        load_profile(path)
    assert info.value.key == key
    assert info.value.path == str(path)
    assert str(path) in str(info.value) and repr(key) in str(info.value)


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path / "missing.toml")
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile(write(tmp_path, "name = \n"))


def test_a_busy_calendar_path_is_relative_to_the_profile(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, 'busy_calendar = "cal/busy.ics"\n'))
    assert profile.busy_calendar == str(tmp_path / "cal" / "busy.ics")
    url = load_profile(write(tmp_path, 'busy_calendar = "https://example.org/busy.ics"\n'))
    assert url.busy_calendar == "https://example.org/busy.ics"


def test_nan_and_infinity_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="finite") as info:
        load_profile(write(tmp_path, "max_distance_km = inf\n"))
    assert info.value.key == "max_distance_km"
    with pytest.raises(ProfileError, match="finite"):
        load_profile(write(tmp_path, "[interests]\npython = nan\n"))


def test_regions_read_continents_countries_and_online(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, 'regions = ["Europe", "north america", "India", "online"]\n'))
    assert profile.regions == frozenset({"EU", "NA", "IN", "online"})
    with pytest.raises(ProfileError, match="not a continent") as info:
        load_profile(write(tmp_path, 'regions = ["Atlantis"]\n'))
    assert info.value.key == "regions[0]"


def test_relevance_floor_defaults_and_is_bounded(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, 'name = "x"\n')).relevance_floor == 0.35
    assert load_profile(write(tmp_path, "relevance_floor = 0.5\n")).relevance_floor == 0.5
    with pytest.raises(ProfileError, match="outside"):
        load_profile(write(tmp_path, "relevance_floor = 2\n"))


def test_a_home_the_gazetteer_lacks_is_an_error_only_with_a_distance_limit(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="Amsterdam, NL") as info:
        load_profile(write(tmp_path, 'home = "Amsterdma"\nmax_distance_km = 500\n'))
    assert info.value.key == "home" and "Amsterdma" in str(info.value)
    assert load_profile(write(tmp_path, 'home = "Amsterdma"\n')).home is not None
    coordinates = 'max_distance_km = 500\n[home]\nplace = "Amsterdma"\nlatitude = 52.37\nlongitude = 4.89\n'
    assert load_profile(write(tmp_path, coordinates)).max_distance_km == 500
