"""The iCalendar adapter on fixtures written for it and on every real .ics file in ../shared/data."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventscout import AttendanceMode, Event, EventKind, EventStatus, Fetcher, Problem, SourceError
from eventscout.sources.base import FetchContext
from eventscout.sources.ical import ICalSource

BERLIN = ZoneInfo("Europe/Berlin")


def read(path: Path, now: dt.datetime, *, days: int = 365) -> tuple[list[Event], list[Problem]]:
    context = FetchContext(fetcher=Fetcher(), now=now, horizon_end=now + dt.timedelta(days=days))
    items = list(ICalSource(name="test-feed", url=str(path)).fetch(context))
    return [i for i in items if isinstance(i, Event)], [i for i in items if isinstance(i, Problem)]


@pytest.fixture
def mixed(data_dir: Path) -> tuple[dict[str, list[Event]], list[Problem]]:
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    events, problems = read(data_dir / "ical" / "mixed.ics", now)
    by_uid: dict[str, list[Event]] = collections.defaultdict(list)
    for event in events:
        assert event.source_id
        by_uid[event.source_id.split("/")[0]].append(event)
    return by_uid, problems


def test_tzid_event_keeps_its_zone_and_place(mixed) -> None:
    (event,) = mixed[0]["tz-event@test"]
    assert event.start == dt.datetime(2027, 3, 10, 19, 0, tzinfo=BERLIN)
    assert event.start.tzinfo == BERLIN
    assert event.end == dt.datetime(2027, 3, 10, 21, 0, tzinfo=BERLIN)
    assert event.description == "Talks & pizza"
    assert event.kind is EventKind.MEETUP
    assert event.topics == ("kubernetes", "cloud native")
    assert event.location is not None
    assert (event.location.city, event.location.country) == ("Berlin", "DE")
    assert event.url == "https://example.org/k8s"


def test_utc_event_with_duration_is_online(mixed) -> None:
    (event,) = mixed[0]["utc-event@test"]
    assert event.start == dt.datetime(2027, 3, 12, 16, 0, tzinfo=dt.UTC)
    assert event.end == event.start + dt.timedelta(hours=1)
    assert event.attendance is AttendanceMode.ONLINE
    assert event.kind is EventKind.WEBINAR


def test_floating_time_takes_the_calendar_zone(mixed) -> None:
    (event,) = mixed[0]["floating-event@test"]
    assert event.start == dt.datetime(2027, 3, 15, 18, 0, tzinfo=BERLIN)


def test_floating_time_takes_the_source_zone_without_x_wr_timezone(tmp_path: Path) -> None:
    feed = tmp_path / "floating.ics"
    feed.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:f@t\r\nSUMMARY:Talk\r\n"
        b"DTSTART:20270315T180000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    context = FetchContext(fetcher=Fetcher(), now=now)
    source = ICalSource(name="s", url=str(feed), timezone="America/New_York")
    (event,) = list(source.fetch(context))
    assert isinstance(event, Event)
    assert event.start == dt.datetime(2027, 3, 15, 18, 0, tzinfo=ZoneInfo("America/New_York"))


def test_all_day_multi_day_event_has_inclusive_last_day(mixed) -> None:
    (event,) = mixed[0]["allday-event@test"]
    assert event.all_day
    assert (event.start, event.end) == (dt.date(2027, 4, 12), dt.date(2027, 4, 14))
    assert event.kind is EventKind.CONFERENCE


def test_cancelled_status_is_kept(mixed) -> None:
    (event,) = mixed[0]["cancelled-event@test"]
    assert event.status is EventStatus.CANCELLED
    assert event.kind is EventKind.CAREER_FAIR


def test_recurring_series_is_expanded_with_exdate_moves_and_cancellations(mixed) -> None:
    occurrences = sorted(mixed[0]["series@test"], key=lambda e: e.start)
    starts = [e.start.astimezone(BERLIN).strftime("%m-%d %H:%M") for e in occurrences]
    # six weekly from 4 Jan, 11 Jan excluded, 18 Jan moved to the 19th, 25 Jan cancelled
    assert starts == ["01-04 17:00", "01-19 17:00", "01-25 17:00", "02-01 17:00", "02-08 17:00"]
    assert occurrences[1].title == "Weekly office hours (moved)"
    assert occurrences[2].status is EventStatus.CANCELLED
    assert len({e.key for e in occurrences}) == len(occurrences)


def test_bad_items_are_reported_and_the_rest_arrive(mixed) -> None:
    by_uid, problems = mixed
    assert "no-start@test" not in by_uid and "bad-rule@test" not in by_uid
    assert len(by_uid) == 6
    fields = {p.field for p in problems}
    assert fields == {"DTSTART", "RRULE"}
    for problem in problems:
        assert problem.source == "test-feed"
        assert "mixed.ics" in problem.where
    assert any("no-start@test" in p.where for p in problems)
    assert any("bad-rule@test" in p.where for p in problems)


def test_recurrence_window_follows_the_context(data_dir: Path) -> None:
    now = dt.datetime(2027, 1, 20, tzinfo=dt.UTC)
    events, _ = read(data_dir / "ical" / "mixed.ics", now, days=10)
    series = [e for e in events if e.source_id and e.source_id.startswith("series@test")]
    assert sorted(e.start.day for e in series) == [25]  # type: ignore[union-attr]


def test_a_bad_component_costs_only_itself(data_dir: Path) -> None:
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    events, problems = read(data_dir / "ical" / "broken-parts.ics", now)
    titles = {e.title for e in events}
    assert "Good event" in titles
    assert "Event with a broken alarm" in titles  # the bad alarm is dropped, not the event
    assert "Event with an impossible date" not in titles
    assert len(problems) == 1 and "baddate@test" in problems[0].where


def test_not_a_calendar_fails_the_source(data_dir: Path) -> None:
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(SourceError, match="not an iCalendar document") as info:
        read(data_dir / "ical" / "not-a-calendar.ics", now)
    assert info.value.source == "test-feed"


def test_identity_is_stable_when_time_or_description_change(tmp_path: Path) -> None:
    def feed(start: str, description: str) -> list[Event]:
        path = tmp_path / "feed.ics"
        path.write_text(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:stable@t\r\n"
            f"SUMMARY:Talk\r\nDTSTART:{start}\r\nDESCRIPTION:{description}\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n"
        )
        return read(path, dt.datetime(2027, 1, 1, tzinfo=dt.UTC))[0]

    (before,) = feed("20270301T100000Z", "first")
    (after,) = feed("20270302T140000Z", "changed")
    assert before.key == after.key


# -- the real world ---------------------------------------------------------------------------------

#: events read from each real file (window: 2015-01-01 to 2027-12-31) and problems reported.
#: Every file must be read without an uncaught exception; each count was checked by reading the file.
REAL_COUNTS = {
    "ics/collective-icalendar/broken_ical.ics": (0, 1),  # DTSTART with a ";;" parameter: unusable
    "ics/collective-icalendar/big_bad_calendar.ics": (0, 20),  # 20 empty VEVENTs, never closed
    "ics/collective-icalendar/bom_calendar.ics": (0, 0),  # an empty calendar behind a BOM
    "ics/niccokunzmann-python-recurring-ical-events/bad_rrule_missing_until_event.ics": (0, 1),
    "ics/city-bureau-city-scrapers/chi_low_income_housing_trust_fund.ics": (30, 0),
    "ics/pimutils-khal/non_dst_error.ics": (2, 0),  # a negative TRIGGER icalendar refuses
    "scraly-developers-conferences-agenda/developer-conference-2023.ics": (637, 0),
    "scraly-developers-conferences-agenda/developer-conference-opened-cfps.ics": (155, 0),
    "ics/allenporter-ical/google_calendar_public_holidays.ics": (111, 0),
    "ics/city-bureau-city-scrapers-det/det_board_of_education.ics": (33, 0),
    "ics/alephdata-ingest-file/meetup.ics": (1, 0),
    "ics/federicociro-BBO-bot/meetup.ics": (2, 0),
}


@pytest.mark.shared_data
def test_every_real_ics_file_is_read(shared_data: Path) -> None:
    now = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    files = sorted(shared_data.rglob("*.ics"))
    assert len(files) == 63  # 53 under ics/ and 10 from developers.events
    totals = collections.Counter()
    for file in files:
        events, problems = read(file, now, days=365 * 13)
        relative = file.relative_to(shared_data).as_posix()
        for problem in problems:
            assert problem.source == "test-feed" and str(file) in problem.where, problem
        if relative in REAL_COUNTS:
            assert (len(events), len(problems)) == REAL_COUNTS[relative], relative
        totals["events"] += len(events)
        totals["problems"] += len(problems)
    # recurring series (with or without a UID) expanded over 2015-2027
    assert totals == {"events": 18_388, "problems": 26}


def test_a_series_without_uid_is_still_expanded(tmp_path: Path) -> None:
    feed = tmp_path / "no-uid.ics"
    feed.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nSUMMARY:Weekly standup\r\n"
        b"DTSTART:20270104T090000Z\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    events, problems = read(feed, dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert problems == []
    assert [e.start.day for e in events] == [4, 11, 18, 25]  # type: ignore[union-attr]
    assert len({e.key for e in events}) == 4


def test_a_latin1_feed_is_decoded(tmp_path: Path) -> None:
    feed = tmp_path / "latin1.ics"
    feed.write_bytes(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:l@t\r\n"
        "SUMMARY:Café München\r\nDTSTART:20270104T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".encode("latin-1")
    )
    (event,), _ = read(feed, dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert event.title == "Café München"
