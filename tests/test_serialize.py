"""Events survive the trip through JSON: every field, time zones, decimals, the key."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest

from eventscout.errors import ItemError
from eventscout.model import AOE, CallForPapers, Event, Location, Price
from eventscout.serialize import content_hash, event_from_dict, event_to_dict

BERLIN = ZoneInfo("Europe/Berlin")


def full_event() -> Event:
    """An event with every field set to something other than its default."""
    return Event(
        title="PyCon DE & PyData 2027",
        start=dt.datetime(2027, 4, 12, 9, 30, tzinfo=BERLIN),
        end=dt.datetime(2027, 4, 14, 18, 0, tzinfo=BERLIN),
        description="Three days of Python.\n\nTalks, sprints — and Kaffee ☕.",
        url="https://pycon.de/",
        kind="conference",
        topics=["python", "data"],
        location=Location(
            venue="bcc",
            address="Alexanderstr. 11",
            city="Berlin",
            region="Berlin",
            country="DE",
            latitude=52.52,
            longitude=13.41,
        ),
        attendance="hybrid",
        organizer="Python Software Verband",
        price=Price(minimum=Decimal("199.99"), maximum=Decimal("649.00"), currency="EUR"),
        cfp=CallForPapers(url="https://pycon.de/cfp", closes=dt.date(2027, 1, 10)),
        registration_deadline=dt.datetime(
            2027, 4, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))
        ),
        languages=["en", "de"],
        status="postponed",
        features={"scholarship", "closed_captions"},
        source="confstech",
        source_id="pycon-de-2027",
        source_urls=["https://confs.tech/python", "https://pycon.de/"],
        provenance={"title": "confstech", "price": "tito"},
        key="fixed-key-given-by-a-merge",
    )


def roundtrip(event: Event) -> Event:
    return event_from_dict(json.loads(json.dumps(event_to_dict(event))))


def test_every_field_round_trips() -> None:
    event = full_event()
    back = roundtrip(event)
    assert back == event
    for attribute in attrs.fields(Event):
        assert getattr(back, attribute.name) == getattr(event, attribute.name), attribute.name


def test_every_field_is_set_to_a_non_default_in_the_full_event() -> None:
    # guards the test above: a field added to the model later must be added to full_event()
    event = full_event()
    for attribute in attrs.fields(Event):
        if attribute.name == "key":
            continue
        default = attribute.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            continue
        assert getattr(event, attribute.name) != default, attribute.name


def test_zone_names_and_offsets_are_kept() -> None:
    back = roundtrip(full_event())
    assert isinstance(back.start, dt.datetime) and back.start.tzinfo == BERLIN
    assert back.start.tzinfo.key == "Europe/Berlin"  # type: ignore[union-attr]
    assert back.registration_deadline is not None
    assert back.registration_deadline.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert back.cfp is not None and back.cfp.closes is not None
    assert back.cfp.closes.tzinfo is AOE
    assert event_to_dict(full_event())["start"] == "2027-04-12T09:30:00+02:00[Europe/Berlin]"


def test_ambiguous_wall_time_keeps_its_instant() -> None:
    # 02:30 happens twice in Berlin on 2027-10-31; fold=1 is the second (CET) one
    second = dt.datetime(2027, 10, 31, 2, 30, fold=1, tzinfo=BERLIN)
    event = Event(title="Night shift meetup", start=second, end=second + dt.timedelta(hours=2))
    back = roundtrip(event)
    assert isinstance(back.start, dt.datetime)
    assert back.start.utcoffset() == dt.timedelta(hours=1)
    assert back.start.astimezone(dt.UTC) == second.astimezone(dt.UTC)


def test_all_day_and_minimal_events_round_trip() -> None:
    event = Event(title="DevFest", start=dt.date(2027, 11, 5), end=dt.date(2027, 11, 7))
    data = event_to_dict(event)
    assert data["start"] == "2027-11-05" and data["end"] == "2027-11-07"
    assert roundtrip(event) == event
    bare = Event(title="Meetup", start=dt.datetime(2027, 3, 1, 18, tzinfo=dt.UTC))
    assert roundtrip(bare) == bare
    assert roundtrip(bare).key == bare.key


def test_prices_stay_exact_decimals() -> None:
    data = event_to_dict(full_event())
    assert data["price"] == {"minimum": "199.99", "maximum": "649.00", "currency": "EUR"}
    back = roundtrip(full_event())
    assert back.price is not None and back.price.minimum == Decimal("199.99")


def test_content_hash_is_stable_and_sensitive() -> None:
    event = full_event()
    assert content_hash(event) == content_hash(roundtrip(event))
    assert len(content_hash(event)) == 64
    moved = attrs.evolve(event, start=dt.datetime(2027, 4, 12, 10, 0, tzinfo=BERLIN))
    assert content_hash(moved) != content_hash(event)
    # the same set of features given in another order hashes the same
    features = list(event.features)
    random.Random(3).shuffle(features)
    assert content_hash(attrs.evolve(event, features=features)) == content_hash(event)


def test_content_hash_is_sha256_of_the_documented_canonical_json() -> None:
    # written out by hand: the hash must not depend on dict order, locale or platform
    event = Event(title="Meetup", start=dt.date(2027, 3, 1), source="s", source_id="1")
    canonical = (
        '{"attendance":"in_person","cfp":null,"description":"","end":null,"features":[],'
        f'"key":"{event.key}","kind":"other","languages":[],"location":null,"organizer":null,'
        '"price":null,"provenance":[],"registration_deadline":null,"source":"s","source_id":"1",'
        '"source_urls":[],"start":"2027-03-01","status":"scheduled","title":"Meetup","topics":[],'
        '"url":null}'
    )
    assert content_hash(event) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"start": 20270301}, "start"),
        ({"start": "2027-03-01T10:00:00+01:00[Mars/Olympus]"}, "start"),
        ({"location": {"city": "Berlin", "planet": "Earth"}}, "location"),
        ({"price": {"minimum": "cheap"}}, "price"),
    ],
)
def test_bad_data_fails_naming_the_field(change: dict[str, object], field: str) -> None:
    data = event_to_dict(full_event()) | change
    with pytest.raises(ItemError) as caught:
        event_from_dict(data)
    assert caught.value.field == field


def test_missing_title_fails() -> None:
    data = event_to_dict(full_event())
    del data["title"]
    with pytest.raises(ItemError):
        event_from_dict(data)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"provenance": [["title"]]}, "provenance"),
        ({"provenance": [[1, 2, 3]]}, "provenance"),
        ({"provenance": [5]}, "provenance"),
        ({"provenance": 7}, "provenance"),
        ({"provenance": "title"}, "provenance"),
        ({"topics": 5}, "topics"),
        ({"languages": 3}, "languages"),
        ({"features": 1.5}, "features"),
        ({"source_urls": 5}, "source_urls"),
        ({"kind": "picnic"}, "kind"),
        ({"status": ["scheduled"]}, "status"),
        ({"title": None}, "title"),
        ({"start": None}, "start"),
        ({"start": "2027-03-01T10:00:00+01:00[America]"}, "start"),
        ({"cfp": {"url": "https://x.example/cfp", "closes": 5}}, "closes"),
        ({"end": "2027-01-01T00:00:00+00:00"}, "start"),  # before the start: a rule across fields
    ],
)
def test_malformed_stored_values_fail_as_item_errors_naming_the_field(
    change: dict[str, object], field: str
) -> None:
    """A damaged row must never escape as a bare TypeError (it used to, for provenance)."""
    data = event_to_dict(full_event()) | change
    with pytest.raises(ItemError) as caught:
        event_from_dict(data)
    assert caught.value.field == field


@pytest.mark.parametrize("data", [[], "event", 5, None, [["title", "x"]]])
def test_a_value_that_is_not_an_object_fails_as_an_item_error(data: object) -> None:
    with pytest.raises(ItemError, match="expected an object"):
        event_from_dict(data)  # type: ignore[arg-type]
