"""Converters for adapter options, and that every built-in adapter uses them."""

from __future__ import annotations

import zoneinfo
from typing import Any

import pytest

from eventscout.errors import ConfigError
from eventscout.model import EventKind
from eventscout.parse.options import (
    choice,
    country_option,
    kind_option,
    strings,
    timezone_option,
)
from eventscout.sources.registry import create_source


@pytest.mark.parametrize(
    ("value", "expected"),
    [("python", ("python",)), (["python", "web"], ("python", "web")), (("a",), ("a",)),
     (None, ()), ([], ()), ([" python ", "", "python", "web"], ("python", "web"))],
)
def test_strings_takes_one_string_or_a_list(value: object, expected: tuple[str, ...]) -> None:
    assert strings(value) == expected


@pytest.mark.parametrize("value", [3, b"python", {"python": 1}, ["python", 3]])
def test_strings_refuses_what_is_not_text(value: object) -> None:
    with pytest.raises(ValueError, match="string"):
        strings(value)


def test_timezone_option() -> None:
    assert timezone_option("Europe/Berlin") == zoneinfo.ZoneInfo("Europe/Berlin")
    zone = zoneinfo.ZoneInfo("UTC")
    assert timezone_option(zone) is zone
    assert timezone_option(None) is None and timezone_option("") is None
    for bad in ("Mars/Olympus", "Europe", "../etc/passwd"):
        with pytest.raises(ValueError, match="IANA time zone"):
            timezone_option(bad)


def test_kind_country_and_choice_options() -> None:
    assert kind_option("meetup") is EventKind.MEETUP
    assert kind_option(None) is None and kind_option("") is None
    with pytest.raises(ValueError, match="kind 'party' is not one of: conference, meetup"):
        kind_option("party")
    assert country_option("Germany") == "DE" and country_option("de") == "DE"
    assert country_option(None) is None
    with pytest.raises(ValueError, match="country 'Atlantis'"):
        country_option("Atlantis")
    assert choice("text", ("text", "published"), option="date_from") == "text"
    with pytest.raises(ValueError, match="date_from 'soon' is not one of: text, published"):
        choice("soon", ("text", "published"), option="date_from")


#: the options each adapter needs besides the one under test
_REQUIRED: dict[str, dict[str, Any]] = {
    "ical": {"url": "x.ics"},
    "schemaorg": {"url": "x.html"},
    "html": {"url": "x.html", "item": "li", "title": "h2"},
    "feed": {"url": "x.xml"},
    "devevents": {"url": "x.json"},
    "deadlines": {"url": "x.yml"},
    "eventbrite": {"organizer": "123"},
}


@pytest.mark.parametrize("adapter", sorted(_REQUIRED))
def test_one_topic_given_as_a_string_is_one_topic(adapter: str) -> None:
    # converter=tuple made ("p", "y", "t", "h", "o", "n") of it
    source = create_source(adapter, name="s", options={**_REQUIRED[adapter], "topics": "python"})
    assert source.topics == ("python",)  # type: ignore[attr-defined]
    listed = create_source(adapter, name="s", options={**_REQUIRED[adapter], "topics": ["a", "b"]})
    assert listed.topics == ("a", "b")  # type: ignore[attr-defined]
    with pytest.raises(ConfigError, match="neither a string nor a list of strings"):
        create_source(adapter, name="s", options={**_REQUIRED[adapter], "topics": 3})


def test_list_options_of_other_adapters_take_a_string_too() -> None:
    confs = create_source("confstech", name="c", options={"url": "x", "default_languages": "en"})
    assert confs.default_languages == ("en",)  # type: ignore[attr-defined]
    html = create_source("html", name="h", options={**_REQUIRED["html"], "urls": "y.html",
                                                    "date_formats": "%d.%m.%Y"})
    assert html.urls == ("y.html",)  # type: ignore[attr-defined]
    assert html.date_formats == ("%d.%m.%Y",)  # type: ignore[attr-defined]


@pytest.mark.parametrize("adapter", ["ical", "schemaorg", "html", "feed"])
def test_every_timezone_option_is_checked_the_same_way(adapter: str) -> None:
    with pytest.raises(ConfigError, match="'Mars/Olympus' is not an IANA time zone"):
        create_source(adapter, name="s", options={**_REQUIRED[adapter], "timezone": "Mars/Olympus"})
    source = create_source(adapter, name="s", options={**_REQUIRED[adapter], "timezone": "Asia/Tokyo"})
    assert source.timezone == zoneinfo.ZoneInfo("Asia/Tokyo")  # type: ignore[attr-defined]
