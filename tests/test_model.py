"""The model cannot hold nonsense: converters and validators at the boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest

from eventscout import (
    AttendanceMode,
    CallForPapers,
    Event,
    EventKind,
    EventStatus,
    Location,
    Price,
    identity_key,
)
from eventscout.model import AOE, deadline_from_day


def test_text_is_plain_and_single_line_where_it_should_be() -> None:
    event = Event(title=" <b>PyCon</b>\n US ", start="2027-05-12",
                  description="<p>Hello &amp; welcome</p><p>Bring a laptop</p>\x07")
    assert event.title == "PyCon US"
    assert event.description == "Hello & welcome\n\nBring a laptop"


def test_text_that_only_looks_like_markup_is_kept() -> None:
    assert Event(title="<CODE/CRAFTS>", start="2027-05-12").title == "<CODE/CRAFTS>"


def test_dates_and_datetimes() -> None:
    all_day = Event(title="Conf", start="2027-05-12", end="2027-05-14")
    assert all_day.all_day and all_day.last_day == dt.date(2027, 5, 14)
    assert all_day.end_instant() == dt.datetime(2027, 5, 15, tzinfo=AOE)
    timed = Event(title="Meetup", start="2027-05-12T19:00:00+02:00",
                  end=dt.datetime(2027, 5, 12, 21, tzinfo=ZoneInfo("Europe/Berlin")))
    assert not timed.all_day and timed.last_day == dt.date(2027, 5, 12)


def test_an_event_ending_at_midnight_does_not_cover_the_next_day() -> None:
    zone = ZoneInfo("Europe/Berlin")
    event = Event(title="Party", start=dt.datetime(2027, 5, 12, 20, tzinfo=zone),
                  end=dt.datetime(2027, 5, 13, 0, tzinfo=zone))
    assert event.last_day == dt.date(2027, 5, 12)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "needs a title"),
        ({"start": dt.datetime(2027, 5, 1, 10)}, "no time zone"),
        ({"start": "2027-05-12", "end": "2027-05-10"}, "before start"),
        ({"start": "2027-05-12", "end": "2027-05-13T10:00:00+00:00"}, "both be dates"),
        ({"url": "not a url"}, "absolute URL"),
        ({"kind": "party"}, "not one of"),
        ({"languages": ["english!"]}, "language code"),
    ],
)
def test_nonsense_is_refused_with_the_reason(changes: dict[str, object], message: str) -> None:
    values: dict[str, object] = {"title": "Conf", "start": "2027-05-12"} | changes
    with pytest.raises((ValueError, TypeError), match=message):
        Event(**values)  # type: ignore[arg-type]


def test_enums_accept_their_names_in_any_spelling() -> None:
    event = Event(title="Fair", start="2027-05-12", kind="Career Fair", attendance="in-person",
                  status="CANCELLED")
    assert event.kind is EventKind.CAREER_FAIR
    assert event.attendance is AttendanceMode.IN_PERSON
    assert event.status is EventStatus.CANCELLED


def test_location_checks_country_and_coordinates() -> None:
    assert Location(country="de").country == "DE"
    with pytest.raises(ValueError, match="alpha-2"):
        Location(country="Germany")
    with pytest.raises(ValueError, match="outside"):
        Location(latitude=91, longitude=0)
    with pytest.raises(ValueError, match="together"):
        Location(latitude=50)
    assert Location(venue="Betahaus", city="Berlin", country="DE").describe() == "Betahaus, Berlin, DE"


def test_price_unknown_is_not_free() -> None:
    assert Price.free().is_free
    assert not Price(minimum="10", currency="eur").is_free
    assert Price(minimum="10", currency="eur").currency == "EUR"
    assert Price(minimum="10").minimum == Decimal("10")
    with pytest.raises(ValueError, match="below minimum"):
        Price(minimum=20, maximum=10)
    assert Event(title="x", start="2027-01-01").price is None


def test_deadlines_given_as_days_end_anywhere_on_earth() -> None:
    cfp = CallForPapers(closes="2027-02-01")
    assert cfp.closes == deadline_from_day(dt.date(2027, 2, 1))
    assert cfp.closes.astimezone(dt.UTC) == dt.datetime(2027, 2, 2, 11, 59, 59, tzinfo=dt.UTC)
    assert cfp.is_open(dt.datetime(2027, 2, 2, 11, 0, tzinfo=dt.UTC))
    assert not cfp.is_open(dt.datetime(2027, 2, 2, 12, 0, tzinfo=dt.UTC))


def test_identity_key_survives_changes_of_time_and_description() -> None:
    first = Event(title="PyCon US 2027", start="2027-05-12", description="a",
                  location=Location(city="Pittsburgh", country="US"))
    moved = Event(title="PyCon US", start="2027-05-19", description="b",
                  location=Location(city="Pittsburgh", country="US"))
    assert first.key == moved.key
    next_year = Event(title="PyCon US 2028", start="2028-05-12",
                      location=Location(city="Pittsburgh", country="US"))
    assert next_year.key != first.key
    assert attrs.evolve(first, title="Renamed").key == first.key


def test_identity_key_prefers_the_source_id() -> None:
    assert identity_key(title="a", start=dt.date(2027, 1, 1), source_id="uid-1") == identity_key(
        title="b", start=dt.date(2028, 1, 1), source_id="uid-1"
    )


def test_events_are_frozen() -> None:
    event = Event(title="Conf", start="2027-05-12")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.title = "Other"  # type: ignore[misc]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "mailto:a@b.c"])
def test_only_web_addresses_are_links(url: str) -> None:
    with pytest.raises(ValueError, match="web address"):
        Event(title="Conf", start="2027-05-12", url=url)
    assert Event(title="Conf", start="2027-05-12", source_urls=[url]).source_urls == ()


def test_urls_are_kept_as_given() -> None:
    url = "https://www.Eventbrite.com/e/My-Event-123?id=1&region=eu&currency=EUR"
    event = Event(title="Conf", start="2027-05-12", url=url, source_urls=[url, url])
    assert event.url == url
    assert event.source_urls == (url,)
    assert Event(title="x", start="2027-01-01", url="https://ex.org/a b.pdf").url == "https://ex.org/a%20b.pdf"


def test_deadline_value() -> None:
    from eventscout.model import Deadline, DeadlineKind

    by_day = Deadline(kind="cfp", closes=dt.date(2027, 3, 1))
    assert by_day.kind is DeadlineKind.CFP
    assert by_day.closes == deadline_from_day(dt.date(2027, 3, 1))
    assert by_day.at_end_of_day_anywhere
    assert by_day.closes_utc == dt.datetime(2027, 3, 2, 11, 59, 59, tzinfo=dt.UTC)
    timed = Deadline(kind=DeadlineKind.REGISTRATION, closes="2027-03-01T12:00:00+01:00")
    assert not timed.at_end_of_day_anywhere
    assert timed.closes_utc == dt.datetime(2027, 3, 1, 11, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="not one of: cfp, registration"):
        Deadline(kind="party", closes=dt.date(2027, 3, 1))
    with pytest.raises(ValueError, match="needs the instant"):
        Deadline(kind="cfp", closes=None)
    with pytest.raises(ValueError, match="floating"):
        Deadline(kind="cfp", closes=dt.datetime(2027, 3, 1, 12))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        by_day.kind = DeadlineKind.MENTORSHIP  # type: ignore[misc]


def test_event_instants_follow_as_instant() -> None:
    from eventscout.model import Event, as_instant

    event = Event(title="Conf", start=dt.date(2027, 5, 12), end=dt.date(2027, 5, 14))
    assert event.start_instant() == as_instant(dt.date(2027, 5, 12))
    assert event.end_instant() == as_instant(dt.date(2027, 5, 15), closes=True)
