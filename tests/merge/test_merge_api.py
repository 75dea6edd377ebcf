"""The merge step: one event per real event, whatever order and spelling the sources used."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from merge_helpers import conf, synthetic

from eventscout import Location, merge_events
from eventscout.merge import merge_groups
from eventscout.testing import make_event


def test_one_conference_from_three_sources_becomes_one_event_with_provenance() -> None:
    listings = [
        conf("PyCon DE 2027", "2027-04-11", "2027-04-13", source="json",
             url="https://2027.pycon.de/", topics=["python"]),
        conf("PyCon DE", "2027-04-11", "2027-04-13", source="atom", url="https://pycon.de",
             description="The Python conference in Germany, with PyData."),
        conf("Pycon-DE", "2027-04-11", "2027-04-13", source="ics", city=None,
             source_id="pycon-de@example", topics=["data"]),
    ]

    [merged] = merge_events(listings)

    assert merged.key == min(event.key for event in listings)
    assert set(merged.source_urls) == {"https://2027.pycon.de/", "https://pycon.de"}
    assert merged.description == "The Python conference in Germany, with PyData."
    assert ("description", "atom") in merged.provenance
    assert {source for name, source in merged.provenance if name == "topics"} == {"json", "ics"}
    assert merged.topics == ("python", "data")
    assert merged.location is not None and merged.location.city == "Berlin"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"title": "PyCon US 2027"}, {"title": "PyCon US"}),
        ({"title": "Paris Container Day"}, {"title": "Paris Containers Day"}),
        ({"title": "DevOpsDays Tel Aviv"}, {"title": "Devopsdays Tel-Aviv 2027"}),
        ({"title": "Craft Conf"}, {"title": "Craft Conference"}),
        ({"title": "KotlinConf", "city": "Phoenix, AZ"}, {"title": "KotlinConf", "city": "Phoenix"}),
        # two spellings of a city fall into different blocks: a common URL brings them together
        ({"title": "React Day", "city": "Bangalore", "url": "https://reactday.in"},
         {"title": "React Day", "city": "Bengaluru", "url": "https://www.reactday.in/"}),
        # a related URL (same site, one path below the other) lowers the bar for the names
        ({"title": "DevOps Pro Europe", "url": "https://www.gds.example/"},
         {"title": "DevOpsPro EU", "url": "https://gds.example/2027"}),
        ({"title": "GoLab", "city": None, "attendance": "online"},
         {"title": "GoLab 2027", "city": None, "attendance": "online"}),
    ],
)
def test_recognises_the_same_event_spelled_differently(one: dict, other: dict) -> None:
    first = conf(**{"start": "2027-05-03", "source": "a", **one})
    second = conf(**{"start": "2027-05-03", "source": "b", **other})

    assert len(merge_events([first, second])) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # two editions of a series
        ({"title": "PyCon US 2026", "start": "2026-05-13"}, {"title": "PyCon US 2027"}),
        # unrelated events on the same day in the same city
        ({"title": "Kubernetes Community Day"}, {"title": "Frontend Love"}),
        # co-located events on one organiser's site
        ({"title": "Cloud Native AI Day", "url": "https://events.lf.org/kubecon/ai-day"},
         {"title": "Cloud Native Wasm Day", "url": "https://events.lf.org/kubecon/wasm-day"}),
        # the same series in two cities on the same day
        ({"title": "DevFest", "city": "Lyon"}, {"title": "DevFest", "city": "Nantes"}),
        # an online event and an in-person one of similar name, nothing else in common
        ({"title": "JS Nation", "city": None, "attendance": "online"}, {"title": "JSNation"}),
        # names this far apart need a URL in common to be trusted
        ({"title": "DevOps Pro Europe"}, {"title": "DevOpsPro EU"}),
        # one source listing two items as distinct
        ({"title": "Python Meetup", "source_id": "1", "source": "s"},
         {"title": "Python Meetup", "source_id": "2", "source": "s"}),
    ],
)
def test_keeps_different_events_apart(one: dict, other: dict) -> None:
    first = conf(**{"start": "2027-05-03", "source": "a", **one})
    second = conf(**{"start": "2027-05-03", "source": "b", **other})

    assert len(merge_events([first, second])) == 2


def test_a_listing_without_place_joins_only_one_of_two_cities() -> None:
    berlin = conf("DevFest", "2027-11-06", source="a", city="Berlin",
                  url="https://devfest.example/berlin")
    munich = conf("DevFest", "2027-11-06", source="b", city="Munich",
                  url="https://devfest.example/munich")
    unplaced = conf("DevFest", "2027-11-06", source="c", city=None)

    result = merge_groups([berlin, munich, unplaced])

    assert len(result.events) == 2
    assert sorted(len(group) for group in result.groups) == [1, 2]
    cities = {event.location.city for event in result.events if event.location}
    assert cities == {"Berlin", "Munich"}


def test_timed_listing_leads_and_start_end_come_as_a_pair() -> None:
    timed = make_event(
        title="Rust Nation", start=dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC),
        end=dt.datetime(2027, 3, 1, 18, tzinfo=dt.UTC), location=Location(city="London"),
        source="page",
    )
    all_day = make_event(title="Rust Nation UK", start="2027-03-01",
                         location=Location(city="London", country="GB"), source="list")

    [merged] = merge_events([all_day, timed])

    assert merged.start == timed.start and merged.end == timed.end
    assert ("start", "page") in merged.provenance and ("end", "page") in merged.provenance
    assert merged.location == timed.location  # the lead had a location: it is kept whole


def test_unmatched_event_comes_back_unchanged() -> None:
    event = conf("Lonely Conf", "2027-01-01")

    assert merge_events([event]) == [event]


def test_merging_again_changes_nothing() -> None:
    events = synthetic(random.Random(3), 60)
    once = merge_events(events)

    assert merge_events(once) == once


def test_shuffled_and_reversed_input_give_identical_output() -> None:
    rng = random.Random(11)
    events = synthetic(rng, 80)
    expected = merge_groups(events)

    assert len(expected.events) < len(events)
    assert merge_groups(list(reversed(events))).events == expected.events
    for _ in range(5):
        rng.shuffle(events)
        shuffled = merge_groups(events)
        assert shuffled.events == expected.events
        assert shuffled.groups == expected.groups


def test_blocking_compares_only_events_that_share_days() -> None:
    events = [
        conf(f"Event number {n}", (dt.date(2027, 1, 1) + dt.timedelta(days=n)).isoformat(),
             city=f"City {n % 7}")
        for n in range(300)
    ]

    result = merge_groups(events)

    assert len(result.events) == 300
    assert result.comparisons == 0  # no two share a day and a place


@pytest.mark.shared_data
def test_three_readings_of_developers_events_become_one_set(shared_data) -> None:
    from eventscout.sources.devevents import DevEventsSource
    from eventscout.sources.feed import FeedSource
    from eventscout.sources.ical import ICalSource
    from eventscout.testing import run_source

    folder = shared_data / "scraly-developers-conferences-agenda"
    readings = {
        "json": run_source(DevEventsSource(name="json", url=str(folder / "all-events.json"))),
        "atom": run_source(FeedSource(name="atom", url=str(folder / "feed-events.xml"))),
    }
    ics = [event for path in sorted(folder.glob("developer-conference-20*.ics"))
           for event in run_source(ICalSource(name="ics", url=str(path))).events]
    listings = [*readings["json"].events, *readings["atom"].events, *ics]
    one_reading = len(readings["json"].events)
    assert one_reading == len(readings["atom"].events) == len(ics) == 1709

    result = merge_groups(listings)

    # the dataset itself lists a few conferences twice (e.g. "DevFest Jalingo" and "DevFest
    # Jalingo 2023" on one day): merged alone, the JSON reading has that many fewer events
    json_alone = len(merge_events(readings["json"].events))
    assert json_alone <= len(result.events) <= one_reading
    complete = [g for g in result.groups if sorted(e.source for e in g) == ["atom", "ics", "json"]]
    assert len(complete) >= 0.99 * one_reading


def test_merging_leaves_the_garbage_collector_as_it_was() -> None:
    import gc

    events = synthetic(random.Random(4), 10)
    assert gc.isenabled()
    merge_events(events)
    assert gc.isenabled()
    with pytest.raises(AttributeError):
        merge_events([*events, "not an event"])  # type: ignore[list-item]
    assert gc.isenabled()
    gc.disable()
    try:
        merge_events(events)
        assert not gc.isenabled()
    finally:
        gc.enable()
