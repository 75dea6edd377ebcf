"""The developers.events all-events.json: epoch-ms days, CFP, flags and status."""

from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path

import pytest

from eventscout import Event, Fetcher, Problem, SourceError
from eventscout.model import AOE, AttendanceMode, EventKind, EventStatus
from eventscout.sources import FetchContext
from eventscout.sources.devevents import DevEventsSource, day_from_epoch_ms

DATA = Path(__file__).parents[1] / "data" / "devevents"


def read(path: Path) -> tuple[dict[str, Event], list[Problem]]:
    source = DevEventsSource(name="devevents-test", url=str(path))
    with Fetcher() as fetcher:
        items = list(source.fetch(FetchContext(fetcher=fetcher)))
    events = {item.title: item for item in items if isinstance(item, Event)}
    problems = [item for item in items if isinstance(item, Problem)]
    return events, problems


def test_epoch_ms_are_calendar_days() -> None:
    events, _ = read(DATA / "all-events.json")
    lyon = events["Lyon Craft Conf"]
    assert (lyon.start, lyon.end) == (dt.date(2027, 5, 12), dt.date(2027, 5, 14))
    assert lyon.all_day and lyon.kind is EventKind.CONFERENCE
    single = events["Cloud Summit Online"]
    assert (single.start, single.end) == (dt.date(2027, 6, 3), dt.date(2027, 6, 3))
    # written at local midnight of UTC+2 (22:00 UTC the day before): still the intended day
    berlin = events["Built in Berlin"]
    assert (berlin.start, berlin.end) == (dt.date(2027, 9, 1), dt.date(2027, 9, 2))


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (1493078400000, dt.date(2017, 4, 25)),  # Craft Conf 2017, midnight UTC
        (1493078400000 - 5 * 3600 * 1000, dt.date(2017, 4, 25)),  # midnight at UTC+5
        (1493078400000 + 11 * 3600 * 1000, dt.date(2017, 4, 25)),  # midnight at UTC-11
    ],
)
def test_day_from_epoch_ms(value: int, day: dt.date) -> None:
    assert day_from_epoch_ms(value) == day


def test_cfp_closes_at_the_end_of_the_last_day_written_aoe() -> None:
    events, _ = read(DATA / "all-events.json")
    cfp = events["Lyon Craft Conf"].cfp
    # until '01-Dec-2026->31-Jan-2027' (untilDate says 2027-12-01, upstream's misreading)
    assert cfp is not None and cfp.url == "https://cfp.example.org/lyon"
    assert cfp.closes == dt.datetime(2027, 1, 31, 23, 59, 59, tzinfo=AOE)
    # Markdown in the link: its first address
    hybrid = events["Hybrid Days"].cfp
    assert hybrid is not None and hybrid.url == "https://cfp.example.org/hybrid"
    assert hybrid.closes == dt.datetime(2027, 3, 31, 23, 59, 59, tzinfo=AOE)
    # no 'until' text: untilDate; link '#': dropped
    berlin = events["Built in Berlin"].cfp
    assert berlin is not None and berlin.url is None
    assert berlin.closes == dt.datetime(2027, 6, 30, 23, 59, 59, tzinfo=AOE)
    assert events["Cloud Summit Online"].cfp is None


def test_flags_status_and_places() -> None:
    events, _ = read(DATA / "all-events.json")
    lyon = events["Lyon Craft Conf"]
    assert lyon.features == {"closed_captions", "scholarship"}
    assert lyon.location is not None and (lyon.location.city, lyon.location.country) == ("Lyon", "FR")
    assert lyon.status is EventStatus.SCHEDULED
    assert events["Cloud Summit Online"].attendance is AttendanceMode.ONLINE
    assert events["Cloud Summit Online"].location is None
    hybrid = events["Hybrid Days"]
    assert hybrid.attendance is AttendanceMode.HYBRID
    assert hybrid.status is EventStatus.MOVED_ONLINE
    assert events["Built in Berlin"].status is EventStatus.CANCELLED
    autumn = events["Autumn Conf"]
    assert autumn.status is EventStatus.POSTPONED
    assert autumn.location is not None and autumn.location.country is None
    assert autumn.location.address == "Somewhere"


def test_malformed_records_are_problems_naming_file_item_and_field() -> None:
    events, problems = read(DATA / "all-events.json")
    assert len(events) == 5
    where = {problem.where.split(" item ")[1]: problem for problem in problems}
    assert str(DATA / "all-events.json") in problems[0].where
    assert where["3 ('Built in Berlin')"].field == "cfp.link"  # the event is kept
    assert where["5 ('No dates')"].field == "date"
    assert where["6 ('Backwards')"].field == "date"
    assert where["7 ('Text dates')"].field == "date"
    assert "title" in where["8 (unnamed)"].message
    assert "not an event object" in where["9 (unnamed)"].message
    assert len(problems) == 6


@pytest.mark.parametrize("name", ["not-a-list.json", "truncated.json"])
def test_a_file_that_is_not_the_dataset_fails_the_source(name: str) -> None:
    with pytest.raises(SourceError, match=name):
        read(DATA / name)


@pytest.mark.shared_data
def test_developers_events_dataset(shared_data: Path) -> None:
    path = shared_data / "scraly-developers-conferences-agenda" / "all-events.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    source = DevEventsSource(name="devevents", url=str(path))
    items = list(source.parse(path.read_bytes(), str(path)))
    events = [item for item in items if isinstance(item, Event)]
    problems = [item for item in items if isinstance(item, Problem)]
    # every record arrives; three CFP links ('#', an e-mail address) are reported and dropped
    assert len(events) == len(records) == 1709
    assert [problem.field for problem in problems] == ["cfp.link"] * 3
    single = [event for record, event in zip(records, events, strict=True) if len(record["date"]) == 1]
    assert len(single) == 643 and all(event.start == event.end for event in single)
    assert min(event.start for event in events) == dt.date(2017, 4, 25)
    assert max(event.start for event in events) == dt.date(2025, 2, 3)
    statuses = collections.Counter(event.status for event in events)
    assert statuses[EventStatus.CANCELLED] == 29 and statuses[EventStatus.MOVED_ONLINE] == 12
    assert sum("closed_captions" in event.features for event in events) == 22
    assert sum(event.cfp is not None for event in events) == 501
