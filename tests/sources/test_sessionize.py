"""Sessionize's view/All agenda: one event with its days, speakers and agenda."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import responses

from eventscout import ConfigError, Event, Fetcher, Problem
from eventscout.config import parse_config
from eventscout.people import ContactBook, at_events
from eventscout.people._contacts import Contact
from eventscout.presets import SESSIONIZE_API
from eventscout.sources import FetchContext
from eventscout.sources.registry import create_source
from eventscout.testing import FIXED_NOW

AGENDA = Path(__file__).parents[1] / "data" / "sessionize" / "view-all.json"
URL = f"{SESSIONIZE_API}/abc123xy/view/All"


def preset_source() -> object:
    config = parse_config({"profile": {}, "sources": [{
        "preset": "sessionize", "event": "abc123xy", "title": "PyData Demo 2027",
        "timezone": "Europe/Berlin", "place": "Berlin, Germany", "topics": ["python"]}]})
    (item,) = config.sources
    return create_source(item.type, name=item.name, options=item.options)


@responses.activate
def test_the_preset_reads_one_event_with_speakers_and_agenda() -> None:
    responses.get(URL, body=AGENDA.read_bytes(), content_type="application/json")
    with Fetcher() as fetcher:
        items = list(preset_source().fetch(FetchContext(fetcher=fetcher, now=FIXED_NOW)))  # type: ignore[attr-defined]
    (event,) = [item for item in items if isinstance(item, Event)]
    problems = [item for item in items if isinstance(item, Problem)]

    assert event.title == "PyData Demo 2027" and event.source == "sessionize"
    assert (event.start, event.end) == (dt.date(2027, 4, 19), dt.date(2027, 4, 20))
    assert event.location is not None and event.location.city == "Berlin"
    assert event.topics == ("data", "python")  # tracks and the option; the level is no topic
    lines = event.description.splitlines()
    assert lines[0] == "Speakers: Grace Hopper, Ada Lovelace"
    assert lines[1:4] == ["Agenda:", "2027-04-19 09:00 Main Stage: Opening keynote (Grace Hopper, Ada Lovelace)",
                          "2027-04-19 12:00: Lunch"]
    assert "2027-04-20 10:00 Hall A: Typed pipelines in practice (Ada Lovelace)" in lines
    # a bad session is a Problem naming the source, the session and the field
    assert [(p.source, p.field) for p in problems] == [("sessionize", "speakers"), ("sessionize", "startsAt")]
    assert "'Talk with a lost speaker'" in problems[0].where and URL in problems[0].where
    assert "'Unscheduled talk'" in problems[1].where


@responses.activate
def test_the_people_module_sees_the_speakers_of_a_planned_event() -> None:
    responses.get(URL, body=AGENDA.read_bytes(), content_type="application/json")
    with Fetcher() as fetcher:
        (event,) = [item for item in preset_source().fetch(  # type: ignore[attr-defined]
            FetchContext(fetcher=fetcher, now=FIXED_NOW)) if isinstance(item, Event)]
    book = ContactBook(contacts=(Contact(name="Grace Hopper"),))

    sightings = at_events(book, [event])
    assert [s.contact.name for s in sightings] == ["Grace Hopper"]


def test_the_preset_needs_an_event_and_a_title() -> None:
    with pytest.raises(ConfigError, match="title"):
        parse_config({"profile": {}, "sources": [{"preset": "sessionize", "event": "abc"}]})
    with pytest.raises(ConfigError, match="evnt"):
        parse_config({"profile": {}, "sources": [{"preset": "sessionize", "evnt": "abc", "title": "X"}]})
