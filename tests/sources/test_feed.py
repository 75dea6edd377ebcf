"""RSS 2.0, Atom and JSON Feed entries become events dated by their event fields or text."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import pytest

from eventscout import ConfigError, Event, Fetcher, Problem, SourceError, create_source
from eventscout.model import AttendanceMode, EventKind
from eventscout.sources import FetchContext
from eventscout.sources.feed import FeedSource, place_from_text

FEEDS = Path(__file__).parents[1] / "data" / "feeds"


def read(path: Path, **options: object) -> tuple[list[Event], list[Problem]]:
    source = FeedSource(name="feed-test", url=str(path), **options)  # type: ignore[arg-type]
    with Fetcher() as fetcher:
        items = list(source.fetch(FetchContext(fetcher=fetcher)))
    events = [item for item in items if isinstance(item, Event)]
    problems = [item for item in items if isinstance(item, Problem)]
    assert len(events) + len(problems) == len(items)
    return events, problems


def by_title(events: list[Event]) -> dict[str, Event]:
    return {event.title: event for event in events}


def test_rss_event_fields_give_timed_and_all_day_events() -> None:
    events, problems = read(FEEDS / "events-rss20.xml")
    found = by_title(events)
    keynote = found["Rust Nation Keynote Night"]
    assert keynote.start == dt.datetime(2027, 3, 10, 17, 30, tzinfo=dt.UTC)
    assert keynote.end == dt.datetime(2027, 3, 10, 20, 0, tzinfo=dt.UTC)
    assert keynote.location is not None and keynote.location.country == "DE"
    assert keynote.location.city == "Berlin"
    assert keynote.topics == ("rust",)
    pydata = found["PyData Lisbon"]
    assert (pydata.start, pydata.end) == (dt.date(2027, 4, 21), dt.date(2027, 4, 23))
    assert pydata.location is not None and pydata.location.country == "PT"
    assert set(pydata.topics) == {"python", "data"}
    [problem] = problems
    assert problem.field == "date" and "We are hiring organisers" in problem.where
    assert "events-rss20.xml" in problem.where


def test_relative_links_resolve_against_the_feed_url_or_its_home_page() -> None:
    content = (FEEDS / "events-rss20.xml").read_bytes()
    source = FeedSource(name="feed-test", url="https://mirror.example.net/feeds/all.xml")
    items = list(source.parse(content, "https://mirror.example.net/feeds/all.xml"))
    keynote = by_title([item for item in items if isinstance(item, Event)])
    assert keynote["Rust Nation Keynote Night"].url == "https://mirror.example.net/events/rust-night"
    events, _ = read(FEEDS / "events-rss20.xml")
    assert by_title(events)["Rust Nation Keynote Night"].url == (
        "https://events.example.org/events/rust-night"
    )


def test_rss_text_date_range_in_the_title() -> None:
    events, _ = read(FEEDS / "events-rss20.xml")
    ghent = by_title(events)["DevOpsDays Ghent, 12-14 May 2027"]
    assert (ghent.start, ghent.end) == (dt.date(2027, 5, 12), dt.date(2027, 5, 14))
    assert ghent.description == "Three days of talks and open spaces."


def test_published_date_is_not_the_event_date_unless_configured() -> None:
    events, problems = read(FEEDS / "events-rss20.xml", date_from="published")
    assert not problems
    hiring = by_title(events)["We are hiring organisers"]
    assert hiring.start == dt.datetime(2027, 1, 8, 10, 0, tzinfo=dt.UTC)
    ghent = by_title(events)["DevOpsDays Ghent, 12-14 May 2027"]
    assert ghent.start == dt.datetime(2027, 1, 7, 10, 0, tzinfo=dt.UTC)


def test_atom_text_in_the_developers_events_shape() -> None:
    events, problems = read(FEEDS / "events-atom.xml")
    found = by_title(events)
    lyon = found["Lyon Craft Conf"]
    assert lyon.start == dt.date(2027, 5, 12) and lyon.all_day
    assert lyon.location is not None and (lyon.location.city, lyon.location.country) == ("Lyon", "FR")
    assert lyon.kind is EventKind.CONFERENCE
    online = found["Cloud Summit Online"]
    assert online.attendance is AttendanceMode.ONLINE and online.location is None
    talk = found["Evening talk"]
    assert talk.start == dt.datetime(2027, 6, 7, 16, 30, tzinfo=dt.UTC)
    assert talk.location is not None and talk.location.country == "CH"
    assert [problem.where for problem in problems] == [
        f"{FEEDS / 'events-atom.xml'} entry 3 ('Site news')"
    ]


def test_json_feed_is_read_without_feedparser() -> None:
    events, problems = read(FEEDS / "events-jsonfeed.json")
    found = by_title(events)
    assert found["Go Meetup Amsterdam"].start == dt.date(2027, 2, 18)
    assert found["Go Meetup Amsterdam"].kind is EventKind.MEETUP
    assert found["Go Meetup Amsterdam"].topics == ("go",)
    kubecon = found["KubeCon Europe"]
    assert (kubecon.start, kubecon.end) == (dt.date(2027, 3, 23), dt.date(2027, 3, 26))
    assert kubecon.url == "https://kubecon.example.org/"
    assert [problem.field for problem in problems] == ["date"]
    assert "Call for volunteers" in problems[0].where
    published, none = read(FEEDS / "events-jsonfeed.json", date_from="published")
    assert not none
    assert by_title(published)["KubeCon Europe"].start == dt.datetime(
        2027, 1, 3, 8, 0, tzinfo=dt.UTC
    )


@pytest.mark.parametrize("name", ["not-a-feed.html", "not-a-json-feed.json"])
def test_a_document_that_is_no_feed_fails_the_source(name: str) -> None:
    with pytest.raises(SourceError, match="feed-test") as raised:
        read(FEEDS / name)
    assert name in str(raised.value)


def test_options_are_checked_when_the_source_is_built() -> None:
    with pytest.raises(ConfigError, match="date_from"):
        create_source("feed", name="bad", options={"url": "x", "date_from": "pubdate"})
    with pytest.raises(ConfigError, match="colour"):
        create_source("feed", name="bad", options={"url": "x", "colour": "red"})
    with pytest.raises(ConfigError, match="timezone"):
        create_source("feed", name="bad", options={"url": "x", "timezone": "Mars/Olympus"})
    built = create_source("feed", name="ok", options={"url": "x", "kind": "meetup"})
    assert isinstance(built, FeedSource) and built.kind is EventKind.MEETUP


@pytest.mark.parametrize(
    ("line", "city", "country", "attendance"),
    [
        ("Budapest (Hungary)", "Budapest", "HU", AttendanceMode.IN_PERSON),
        ("Sydney (Australia))", "Sydney", "AU", AttendanceMode.IN_PERSON),
        ("Berlin, Germany", "Berlin", "DE", AttendanceMode.IN_PERSON),
        ("France", None, "FR", AttendanceMode.IN_PERSON),
        ("Online", None, None, AttendanceMode.ONLINE),
        ("Bordeaux (France) & Online", "Bordeaux", "FR", AttendanceMode.HYBRID),
        ("Denver, CO", "Denver", "US", AttendanceMode.IN_PERSON),  # CO was read as Colombia
        ("Toronto, ON & Online", "Toronto", "CA", AttendanceMode.HYBRID),
    ],
)
def test_place_lines(
    line: str, city: str | None, country: str | None, attendance: AttendanceMode
) -> None:
    location, mode = place_from_text(line)
    assert mode is attendance
    found = (location.city, location.country) if location else (None, None)
    assert found == (city, country)


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["feed-events.xml", "feed-events.json"])
def test_developers_events_feeds(shared_data: Path, name: str) -> None:
    path = shared_data / "scraly-developers-conferences-agenda" / name
    events, problems = read(path)
    assert problems == []
    assert len(events) == 1709
    per_year = collections.Counter(event.start.year for event in events)
    assert per_year == {2017: 71, 2018: 131, 2019: 102, 2020: 100, 2021: 117, 2022: 295,
                        2023: 637, 2024: 255, 2025: 1}
    craft = events[0]
    assert (craft.title, craft.start) == ("Craft Conf", dt.date(2017, 4, 25))
    assert craft.location is not None and craft.location.country == "HU"
    modes = collections.Counter(event.attendance for event in events)
    # the dataset's "Online" country, and its "<city> (<country>) & Online" locations
    assert (modes[AttendanceMode.ONLINE], modes[AttendanceMode.HYBRID]) == (238, 76)
