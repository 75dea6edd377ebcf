"""Eventbrite organizer/venue events through the shared fetcher, against recorded-shape JSON."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import responses
from responses import matchers

from eventscout import ConfigError, Event, Fetcher, FetchError, Problem, SourceError, create_source
from eventscout.fetch_settings import FetchSettings
from eventscout.model import AttendanceMode, EventKind, EventStatus
from eventscout.sources import FetchContext
from eventscout.sources.eventbrite import API_ROOT, EventbriteSource

DATA = Path(__file__).parents[1] / "data" / "eventbrite"
ORGANIZER_URL = f"{API_ROOT}/organizers/100000000001/events/"
VENUE_URL = f"{API_ROOT}/venues/300000003/events/"
TOKEN = "PRIVATE-TOKEN-abc123"
BASE_QUERY = {"status": "live", "order_by": "start_asc", "expand": "venue,ticket_availability"}


def body(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def context(sleeps: list[float]) -> Iterator[FetchContext]:
    settings = FetchSettings(obey_robots=False, http_cache=False, min_delay=0, retries=2)
    with Fetcher(settings, sleep=sleeps.append) as fetcher:
        yield FetchContext(fetcher=fetcher)


def collect(source: EventbriteSource, context: FetchContext) -> tuple[list[Event], list[Problem]]:
    items = list(source.fetch(context))
    return ([i for i in items if isinstance(i, Event)], [i for i in items if isinstance(i, Problem)])


def add_pages(auth: str = f"Bearer {TOKEN}") -> None:
    header = matchers.header_matcher({"Authorization": auth})
    responses.get(ORGANIZER_URL, body=body("organizer-events-page1.json"),
                  match=[matchers.query_param_matcher(BASE_QUERY), header])
    responses.get(ORGANIZER_URL, body=body("organizer-events-page2.json"),
                  match=[matchers.query_param_matcher(
                      {**BASE_QUERY, "continuation": "eyJwYWdlIjogMn0"}), header])


@responses.activate
def test_pages_are_followed_by_continuation(context: FetchContext) -> None:
    add_pages()
    events, problems = collect(EventbriteSource(name="eb", organizer="100000000001", token=TOKEN),
                               context)
    assert [event.title for event in events] == [
        "Women in Data Career Fair", "Cloud Cost Webinar", "Berlin Product Meetup"
    ]
    [broken] = problems
    assert broken.field == "start" and "page 2 event 1 (id 900000000004)" in broken.where
    assert len(responses.calls) == 2


@responses.activate
def test_event_fields(context: FetchContext) -> None:
    add_pages()
    events, _ = collect(EventbriteSource(name="eb", organizer="100000000001", token=TOKEN), context)
    fair, webinar, meetup = events
    assert fair.start == dt.datetime(2027, 3, 4, 23, 0, tzinfo=dt.UTC)
    assert fair.end == dt.datetime(2027, 3, 5, 2, 0, tzinfo=dt.UTC)
    assert fair.start.tzinfo is not None and str(fair.start.tzinfo) == "America/New_York"
    assert fair.kind is EventKind.CAREER_FAIR
    assert fair.description == "Meet hiring teams from 30 companies."
    assert fair.location is not None
    assert (fair.location.venue, fair.location.city, fair.location.region, fair.location.country) == (
        "Brooklyn Navy Yard, Building 77", "Brooklyn", "NY", "US"
    )
    assert fair.location.latitude == pytest.approx(40.699)
    assert fair.price is not None and (fair.price.minimum, fair.price.maximum) == (
        Decimal("15.00"), Decimal("45.00")
    )
    assert fair.price.currency == "USD"
    assert fair.source_id == "eventbrite:900000000001"
    assert webinar.attendance is AttendanceMode.ONLINE and webinar.location is None
    assert webinar.price is not None and webinar.price.is_free
    assert webinar.description == "One hour on FinOps."
    assert meetup.status is EventStatus.CANCELLED
    assert meetup.location is not None and meetup.location.latitude is None


@responses.activate
def test_venue_endpoint_and_utc_only_times(context: FetchContext) -> None:
    responses.get(VENUE_URL, body=body("venue-events.json"),
                  match=[matchers.query_param_matcher(BASE_QUERY)])
    [workshop], problems = collect(EventbriteSource(name="eb", venue="300000003", token=TOKEN),
                                   context)
    assert not problems
    assert workshop.start == dt.datetime(2027, 5, 20, 13, 0, tzinfo=dt.UTC)
    assert workshop.price is not None and workshop.price.currency == "GBP"
    assert workshop.location is not None and workshop.location.address == (
        "239 Old Street, London EC1V 9EY"
    )


@responses.activate
def test_token_from_the_environment(context: FetchContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTBRITE_TOKEN", "ENV-TOKEN-xyz")
    add_pages(auth="Bearer ENV-TOKEN-xyz")
    events, _ = collect(EventbriteSource(name="eb", organizer="100000000001"), context)
    assert len(events) == 3


def test_no_token_fails_the_source(context: FetchContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTBRITE_TOKEN", raising=False)
    with pytest.raises(SourceError, match="EVENTBRITE_TOKEN"):
        collect(EventbriteSource(name="eb", organizer="100000000001"), context)


@responses.activate
def test_the_token_is_never_shown(
    context: FetchContext, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    responses.get(ORGANIZER_URL, status=401, body=body("invalid-auth.json"))
    source = EventbriteSource(name="eb", organizer="100000000001", token=TOKEN)
    with pytest.raises(FetchError) as raised:
        collect(source, context)
    assert raised.value.status == 401
    assert TOKEN not in repr(source) and TOKEN not in str(raised.value)
    assert TOKEN not in caplog.text


@responses.activate
def test_rate_limit_answers_are_waited_out(context: FetchContext, sleeps: list[float]) -> None:
    responses.get(ORGANIZER_URL, status=429, body=body("rate-limited.json"),
                  headers={"Retry-After": "1"})
    responses.get(ORGANIZER_URL, body=body("organizer-events-page2.json"))
    events, _ = collect(EventbriteSource(name="eb", organizer="100000000001", token=TOKEN), context)
    assert len(events) == 1
    assert sleeps and max(sleeps) >= 1  # Retry-After honoured before the second request


@responses.activate
def test_a_persistent_rate_limit_fails_the_source_after_bounded_retries(
    context: FetchContext, sleeps: list[float]
) -> None:
    responses.get(ORGANIZER_URL, status=429, body=body("rate-limited.json"),
                  headers={"Retry-After": "1"})
    with pytest.raises(FetchError) as raised:
        collect(EventbriteSource(name="eb", organizer="100000000001", token=TOKEN), context)
    assert raised.value.status == 429 and raised.value.kind == "rate_limited"
    assert len(responses.calls) == 3 and len(sleeps) == 2  # retries=2


@responses.activate
def test_an_error_body_fails_the_source(context: FetchContext) -> None:
    responses.get(ORGANIZER_URL, status=200, body=body("rate-limited.json"))
    with pytest.raises(SourceError, match="HIT_RATE_LIMIT"):
        collect(EventbriteSource(name="eb", organizer="100000000001", token=TOKEN), context)


@responses.activate
def test_max_pages_bounds_the_reading(context: FetchContext) -> None:
    add_pages()
    events, problems = collect(
        EventbriteSource(name="eb", organizer="100000000001", token=TOKEN, max_pages=1), context
    )
    assert len(events) == 2 and [p.field for p in problems] == ["max_pages"]
    assert len(responses.calls) == 1


def test_parse_reads_a_page_without_http() -> None:
    source = EventbriteSource(name="eb", venue="300000003", token=TOKEN)
    [event] = list(source.parse((DATA / "venue-events.json").read_bytes(), "venue-events.json"))
    assert isinstance(event, Event) and event.title == "Design Systems Workshop"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "exactly one"),
        ({"organizer": "1", "venue": "2"}, "exactly one"),
        ({"organizer": "1/../2"}, "Eventbrite id"),
        ({"organizer": "1", "status": "upcoming"}, "status"),
        ({"organizer": "1", "page_size": 10}, "page_size"),
    ],
)
def test_options_are_checked(options: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        create_source("eventbrite", name="eb", options=options)
