"""``Event.evolved``, the way the merge builds merged events: the same event as
:func:`attrs.evolve` would make, and the same refusals."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from eventscout import Event, Location


def _event() -> Event:
    return Event(title="PyCon <b>DE</b>", start=dt.date(2027, 4, 11), end=dt.date(2027, 4, 13),
                 url="pycon.de", source="json", topics=["Python"],
                 location=Location(city="Berlin", country="de"))


@pytest.mark.parametrize("changes", [
    {},
    {"title": "  PyCon  <i>DE</i> 2027 "},
    {"topics": ("Python", "python", "Data")},
    {"features": ("expo", "scholarship")},
    {"source_urls": ("https://pycon.de", "file:///tmp/x.json", "https://pycon.de")},
    {"provenance": [("title", "json"), ("end", "ics")]},
    {"key": 42, "url": "//2027.pycon.de/", "kind": "conference", "attendance": "hybrid"},
    {"end": dt.date(2027, 4, 14), "description": "<p>One</p><p>Two</p>"},
])
def test_evolved_is_what_attrs_evolve_makes(changes: dict[str, object]) -> None:
    event = _event()
    assert event.evolved(**changes) == attrs.evolve(event, **changes)


@pytest.mark.parametrize(("changes", "error"), [
    ({"end": dt.date(2027, 4, 1)}, ValueError),  # before the start: the validator runs
    ({"end": dt.datetime(2027, 4, 13, 18, tzinfo=dt.UTC)}, ValueError),  # a date start
    ({"title": " <b></b> "}, ValueError),  # a converter runs on a changed value
    ({"languages": ["english!"]}, ValueError),
    ({"color": "red"}, TypeError),  # no such field
])
def test_evolved_refuses_what_the_model_refuses(
    changes: dict[str, object], error: type[Exception]
) -> None:
    event = _event()
    with pytest.raises(error):
        attrs.evolve(event, **changes)
    with pytest.raises(error):
        event.evolved(**changes)


def test_a_merged_event_keeps_the_text_its_lead_was_read_with() -> None:
    """Unchanged fields are not cleaned a second time: a doubly escaped title ("&amp;amp;" in
    the source) keeps the one decoding the model gave it, where re-running the converters (as
    ``attrs.evolve`` does) would decode it again."""
    from eventscout import merge_events
    from eventscout.testing import make_event

    listings = [make_event(title="Rock &amp;amp; Code", start="2027-05-03", source=source,
                           location=Location(city="Berlin"), url=url)
                for source, url in (("a", "https://rc.example/"), ("b", None))]
    assert listings[0].title == "Rock &amp; Code"

    [merged] = merge_events(listings)

    assert merged.title == "Rock &amp; Code"
    assert attrs.evolve(listings[0]).title == "Rock & Code"  # what re-converting would make
