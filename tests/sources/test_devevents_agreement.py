"""developers.events read three ways agree: all-events.json, its Atom feed and its .ics files.

The dataset publishes the same 1,709 conferences as JSON (epoch-ms days), as an Atom feed (the
first day written as a JavaScript date in each entry's text) and as one .ics file per year
(all-day DTSTART, exclusive DTEND). Read through the devevents, feed and ical adapters, the three
must give the same events per year and the same days; the Atom feed carries no last day, so end
days are compared between the JSON and the .ics readings only.
"""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import pytest

from eventscout import Event, Fetcher
from eventscout.sources import FetchContext
from eventscout.sources.devevents import DevEventsSource
from eventscout.sources.feed import FeedSource

pytestmark = pytest.mark.shared_data

YEARS = range(2017, 2026)


def _events(source: object, context: FetchContext) -> list[Event]:
    items = list(source.fetch(context))  # type: ignore[attr-defined]
    return [item for item in items if isinstance(item, Event)]


@pytest.fixture(scope="module")
def readings(shared_data: Path) -> dict[str, list[Event]]:
    ical = pytest.importorskip("eventscout.sources.ical", reason="the iCalendar adapter is missing")
    folder = shared_data / "scraly-developers-conferences-agenda"
    with Fetcher() as fetcher:
        # a window covering the whole dataset, so no reading drops past events
        context = FetchContext(
            fetcher=fetcher,
            now=dt.datetime(2017, 1, 1, tzinfo=dt.UTC),
            horizon_end=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
        json_events = _events(DevEventsSource(name="json", url=str(folder / "all-events.json")),
                              context)
        atom_events = _events(FeedSource(name="atom", url=str(folder / "feed-events.xml")),
                              context)
        ics_events: list[Event] = []
        for year in YEARS:
            path = folder / f"developer-conference-{year}.ics"
            ics_events += _events(ical.ICalSource(name="ics", url=str(path)), context)
    return {"json": json_events, "atom": atom_events, "ics": ics_events}


def _per_year(events: list[Event]) -> dict[int, int]:
    return dict(sorted(collections.Counter(event.first_day.year for event in events).items()))


def test_the_three_readings_agree_on_events_per_year(readings: dict[str, list[Event]]) -> None:
    counts = {name: _per_year(events) for name, events in readings.items()}
    print("\nevents per year:", *(f"{name}={count}" for name, count in counts.items()), sep="\n  ")
    assert counts["json"] == counts["atom"] == counts["ics"]
    assert sum(counts["json"].values()) == 1709
    assert counts["json"][2023] == 637


def _title(event: Event) -> str:
    # one name holds a literal "\\n" ("Oπe\\n Conf Athens 2022"): the .ics files and the devevents
    # adapter show a space there, the Atom feed keeps the two characters
    return " ".join(event.title.replace("\\n", " ").split())


def test_the_three_readings_agree_on_first_days(readings: dict[str, list[Event]]) -> None:
    firsts = {
        name: collections.Counter((_title(event), event.first_day) for event in events)
        for name, events in readings.items()
    }
    assert firsts["json"] == firsts["atom"]
    assert firsts["json"] == firsts["ics"]


def test_json_and_ics_agree_on_last_days(readings: dict[str, list[Event]]) -> None:
    spans = {
        name: collections.Counter(
            (event.title, event.first_day, event.last_day) for event in readings[name]
        )
        for name in ("json", "ics")
    }
    assert spans["json"] == spans["ics"]
    multi_day = sum(event.last_day > event.first_day for event in readings["json"])
    print(f"\nmulti-day events: {multi_day}")
    assert multi_day > 900


def test_merging_the_three_readings_gives_one_reading(readings: dict[str, list[Event]]) -> None:
    merge = pytest.importorskip("eventscout.merge", reason="the merge step is missing")
    everything = [event for events in readings.values() for event in events]
    merged = merge.merge_events(everything)
    print(f"\nmerge: {len(everything)} events from three readings -> {len(merged)}")
    assert len(everything) == 3 * 1709
    # within 1% of one reading: the dataset itself lists a few conferences twice in one place
    assert abs(len(merged) - 1709) <= 17
