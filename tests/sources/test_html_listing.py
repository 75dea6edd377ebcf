"""The configured HTML-listing adapter, on a hand-written listing and on real meeting pages."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

import pytest

from eventscout import (
    AttendanceMode,
    ConfigError,
    Event,
    EventKind,
    Fetcher,
    Problem,
    create_source,
)
from eventscout.sources.base import FetchContext
from eventscout.sources.html_listing import HtmlListingSource

PAGE = "https://example.org/meetups/list"
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")

MEETUPS: dict[str, Any] = {
    "item": "article.event",
    "title": "h2",
    "date": ".when",
    "time": ".time",
    "location": ".where",
    "link": "a.more",
    "description": ".about",
    "date_formats": ["%d.%m.%Y %H:%M"],
    "timezone": "America/Toronto",
    "city": "Toronto",
    "country": "Canada",
}


def parse(
    content: bytes, url: str = PAGE, **options: Any
) -> tuple[list[Event], list[Problem]]:
    source = HtmlListingSource(name="listing", url=url, **options)
    items = list(source.parse_page(content, url))
    return [i for i in items if isinstance(i, Event)], [i for i in items if isinstance(i, Problem)]


@pytest.fixture
def meetups(data_dir: Path) -> tuple[list[Event], list[Problem]]:
    return parse((data_dir / "html" / "listing_meetups.html").read_bytes(), **MEETUPS)


def test_item_with_time_range_relative_link_and_description(meetups) -> None:
    event = meetups[0][0]
    assert event.title == "Python & Data Meetup"
    assert event.start == dt.datetime(2027, 3, 4, 18, 30, tzinfo=TORONTO)
    assert event.end == dt.datetime(2027, 3, 4, 20, 30, tzinfo=TORONTO)
    assert event.url == "https://example.org/events/python-data-march"
    assert event.location is not None
    assert (event.location.venue, event.location.city, event.location.country) == (
        "Room 101, City Library", "Toronto", "CA")
    assert event.description == "Talks and pizza.\nBring a friend."
    assert event.kind is EventKind.MEETUP
    assert event.source == "listing" and event.source_urls == (PAGE,)


def test_noon_online_and_kind_from_title(meetups) -> None:
    fair = meetups[0][1]
    assert fair.start == dt.datetime(2027, 4, 15, 12, 0, tzinfo=TORONTO)
    assert fair.end is None
    assert fair.attendance is AttendanceMode.ONLINE
    assert fair.kind is EventKind.CAREER_FAIR
    assert fair.url == "https://example.org/meetups/career-fair.html"


def test_date_without_time_is_all_day_and_strptime_formats_come_first(meetups) -> None:
    events = {event.title: event for event in meetups[0]}
    assert events["Annual General Meeting"].start == dt.date(2027, 6, 1)
    assert events["Annual General Meeting"].all_day
    assert events["Hackathon weekend"].start == dt.datetime(2027, 8, 14, 10, 0, tzinfo=TORONTO)
    assert events["Hackathon weekend"].kind is EventKind.HACKATHON
    assert len(events) == 4


def test_unreadable_items_are_problems_naming_page_index_and_title(meetups) -> None:
    problems = meetups[1]
    assert [(p.where, p.field) for p in problems] == [
        (f"{PAGE}: item 3 ('Rust Workshop')", "date"),
        (f"{PAGE}: item 6", "title"),
    ]
    assert "To be announced" in problems[0].message
    assert problems[0].source == "listing"


def test_day_first_numeric_dates(data_dir: Path) -> None:
    options = {**MEETUPS, "date_formats": [], "day_first": True}
    events, problems = parse((data_dir / "html" / "listing_meetups.html").read_bytes(), **options)
    hackathon = next(e for e in events if e.title == "Hackathon weekend")
    assert hackathon.start == dt.datetime(2027, 8, 14, 10, 0, tzinfo=TORONTO)
    options["day_first"] = False  # 14.08.2027 cannot be month first: a problem, not a wrong date
    events, problems = parse((data_dir / "html" / "listing_meetups.html").read_bytes(), **options)
    assert "Hackathon weekend" not in {e.title for e in events}
    assert any("Hackathon weekend" in p.where and p.field == "date" for p in problems)


def test_fetch_reads_local_files_through_the_fetcher(data_dir: Path, now: dt.datetime) -> None:
    path = data_dir / "html" / "listing_meetups.html"
    source = create_source("html", name="local", options={**MEETUPS, "url": str(path)})
    items = list(source.fetch(FetchContext(fetcher=Fetcher(), now=now)))
    events = [i for i in items if isinstance(i, Event)]
    assert len(events) == 4
    # resolved against the file's URL, that is a file: no web address, so the event keeps none
    assert events[0].url is None


def test_item_selector_matching_nothing_is_reported(data_dir: Path) -> None:
    events, problems = parse(
        (data_dir / "html" / "listing_meetups.html").read_bytes(),
        **{**MEETUPS, "item": "li.event"},
    )
    assert events == []
    assert len(problems) == 1 and problems[0].field == "item"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "a.html", "title": "h2"}, "required"),
        ({"url": "a.html", "item": "li", "title": "h2["}, "'title' is not a valid CSS selector"),
        ({"url": "a.html", "item": "li"}, "default_title"),
        ({"url": "a.html", "item": "li", "title": "h2", "time": ".t"}, "timezone"),
        ({"url": "a.html", "item": "li", "title": "h2", "country": "Atlantis"}, "country"),
        ({"url": "a.html", "item": "li", "title": "h2", "kind": "party"}, "party"),
        ({"url": "a.html", "item": "li", "title": "h2", "colour": "red"}, "colour"),
        ({"item": "li", "title": "h2"}, "'url'"),
    ],
)
def test_configuration_errors_name_the_option(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        create_source("html", name="bad", options=options)


# --- real meeting-list pages (../shared/data/html) -----------------------------------------

#: Selector configurations for real pages; docs/how-to/html-listings.md shows the first as TOML.
REAL_PAGES: dict[str, dict[str, Any]] = {
    "city-bureau-city-scrapers/chi_ssa_73.html": {
        # the schedule is one <p> per date after an introduction; agenda/minutes <p>s hold links
        "item": ".post-content > p:not(:first-child):not(:has(a, strong))",
        "default_title": "Chinatown SSA #73 Board Meeting",
        "default_time": "6:30 pm",
        "default_location": "Leonard M. Louie Fieldhouse, 1700 S. Wentworth Avenue",
        "city": "Chicago", "country": "US", "timezone": "America/Chicago",
    },
    "city-bureau-city-scrapers/chi_board_elections.html": {
        # the date is in the title ("Regular Board Meeting - December 12, 2023"), the time in the body
        "item": ".views-row", "title": "h3.node-title", "date": "h3.node-title",
        "time": ".field--name-body", "link": ".field--name-field-agenda a",
        "city": "Chicago", "country": "US", "timezone": "America/Chicago",
    },
    "city-bureau-city-scrapers/chi_ssa_21.html": {
        "item": ".cms-design-panel p:has(> strong)", "date": "strong", "location": "p > em",
        "link": "a", "default_title": "Lincoln Square SSA #21 Commission Meeting",
        "default_time": "9:00am", "default_location": "Bistro Campagne, 4518 N. Lincoln Avenue",
        "city": "Chicago", "country": "US", "timezone": "America/Chicago",
    },
    "city-bureau-city-scrapers-det/det_city_council.html": {
        # a detail page: the date is split over two elements ("Feb 25" and "2019")
        "item": "#content", "title": "h1.title", "date": ".event-preview-top > div",
        "time": ".tag-time .time", "location": ".location-info", "description": ".description",
        "city": "Detroit", "country": "US", "timezone": "America/Detroit",
    },
}


def real(shared_data: Path, name: str) -> tuple[list[Event], list[Problem]]:
    path = shared_data / "html" / name
    return parse(path.read_bytes(), url="https://example.gov/meetings/", **REAL_PAGES[name])


def test_chinatown_ssa_schedule(shared_data: Path) -> None:
    events, problems = real(shared_data, "city-bureau-city-scrapers/chi_ssa_73.html")
    assert problems == []
    assert [e.start.date() for e in events if isinstance(e.start, dt.datetime)] == [
        dt.date(2019, month, day) for month, day in (
            (1, 22), (2, 26), (3, 26), (4, 23), (5, 28), (6, 25), (7, 9), (8, 27), (9, 24),
            (10, 22), (11, 26))
    ]
    assert events[4].start == dt.datetime(2019, 5, 28, 18, 30, tzinfo=CHICAGO)
    assert events[0].location is not None and events[0].location.city == "Chicago"
    assert len({e.key for e in events}) == 11  # same title, one key per meeting


def test_chicago_board_of_elections(shared_data: Path) -> None:
    events, problems = real(shared_data, "city-bureau-city-scrapers/chi_board_elections.html")
    assert problems == []
    assert len(events) == 7
    first = events[0]
    assert first.title == "Rescheduled Regular Board Meeting - January 12, 2024"
    assert first.start == dt.datetime(2024, 1, 12, 10, 0, tzinfo=CHICAGO)
    assert events[1].start == dt.datetime(2024, 1, 12, 10, 30, tzinfo=CHICAGO)
    assert events[4].start == dt.datetime(2023, 12, 18, 9, 30, tzinfo=CHICAGO)
    assert first.url is not None and first.url.endswith("Board%20Meeting%20Agenda%20-%20January%2012,%202024_0.pdf")
    assert {e.kind for e in events} == {EventKind.ASSOCIATION_MEETING}


def test_lincoln_square_ssa_commission(shared_data: Path) -> None:
    events, problems = real(shared_data, "city-bureau-city-scrapers/chi_ssa_21.html")
    assert problems == []
    assert len(events) == 9
    assert events[0].start == dt.datetime(2018, 1, 29, 9, 0, tzinfo=CHICAGO)
    assert events[-1].start == dt.datetime(2018, 11, 29, 9, 0, tzinfo=CHICAGO)
    # the first meeting was held elsewhere, and the page says so in the item
    assert events[0].location is not None
    assert events[0].location.venue == "Carbon Arc Bar & Board, 4620 N Lincoln Ave"
    assert events[1].location is not None
    assert events[1].location.venue == "Bistro Campagne, 4518 N. Lincoln Avenue"


def test_detroit_city_council_detail_page(shared_data: Path) -> None:
    events, problems = real(shared_data, "city-bureau-city-scrapers-det/det_city_council.html")
    assert problems == []
    (event,) = events
    assert event.title == "Public Health and Safety Standing Committee 02-25-19"
    assert event.start == dt.datetime(2019, 2, 25, 10, 0, tzinfo=zoneinfo.ZoneInfo("America/Detroit"))
    assert event.location is not None
    assert event.location.venue is not None
    assert event.location.venue.startswith("Committee of the Whole Room 2 Woodward Avenue")
    assert event.description.startswith("The Detroit City Council has scheduled")


def test_documented_toml_examples_read_the_real_pages(shared_data: Path, now: dt.datetime) -> None:
    """The TOML in docs/how-to/html-listings.md is the configuration tested above."""
    import re
    import tomllib

    project = Path(__file__).resolve().parents[2]
    text = (project / "docs" / "how-to" / "html-listings.md").read_text(encoding="utf-8")
    blocks = [tomllib.loads(block) for block in re.findall(r"```toml\n(.*?)```", text, re.DOTALL)]
    assert len(blocks) == 2
    counts = []
    for block in blocks:
        (table,) = block["sources"]
        options = {k: v for k, v in table.items() if k not in ("type", "name")}
        options["url"] = str(project / options["url"])
        source = create_source(table["type"], name=table["name"], options=options)
        items = list(source.fetch(FetchContext(fetcher=Fetcher(), now=now)))
        assert not [i for i in items if isinstance(i, Problem)]
        counts.append(len(items))
    assert counts == [11, 7]
