"""A :class:`RankIndex` ranks exactly as the plain call does, for one profile or many."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from rank_helpers import confstech_events, event

import eventscout
from eventscout.model import BusyPeriod, Event, EventStatus, Location, Price
from eventscout.profile import Budget, Goal, Home, Profile
from eventscout.rank import RankIndex, Ranking, rank_events

JUDGED = Path(__file__).resolve().parents[2] / "benchmarks" / "ranking" / "data" / "profiles.toml"
CONFS_NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _judged_profiles() -> list[Profile]:
    tables = tomllib.loads(JUDGED.read_text(encoding="utf-8"))
    return [Profile.from_mapping({k: v for k, v in table.items() if k != "name"})
            for table in tables.values()]


def _same(a: Ranking, b: Ranking) -> None:
    """Two rankings say the same to the last digit: order, scores, reasons, exclusions."""
    assert [(m.event.key, m.score, m.relevant, m.reasons) for m in a.matches] == [
        (m.event.key, m.score, m.relevant, m.reasons) for m in b.matches]
    assert [(x.event.key, x.signal, x.reason) for x in a.excluded] == [
        (x.event.key, x.signal, x.reason) for x in b.excluded]
    assert a.unknown_interests == b.unknown_interests
    assert a.floor == b.floor


@pytest.fixture(scope="module")
def confs(shared_data: Path) -> list[Event]:
    return confstech_events(shared_data, CONFS_NOW)


def test_index_ranks_the_judged_profiles_as_the_plain_call(confs: list[Event]) -> None:
    index = RankIndex.build(confs)
    assert len(index) == len(confs)
    for profile in _judged_profiles():
        plain = rank_events(confs, profile, now=CONFS_NOW)
        _same(index.rank(profile, now=CONFS_NOW), plain)
        _same(rank_events(confs, profile, now=CONFS_NOW, index=index), plain)
        assert plain.matches and plain.excluded


def _mixed() -> list[Event]:
    return [
        event("PyCon Berlin", city="Berlin", country="DE", topics=("python",),
              price=Price(minimum=Decimal(0), currency="EUR"), languages=("en",)),
        event("Python Summit Tokyo", city="Tokyo", country="JP"),
        event("Remote Python Day", attendance="online"),
        event("Hybrid Data Days", attendance="hybrid", city="Lisbon", country="PT"),
        event("Moved Python Meetup", status=EventStatus.MOVED_ONLINE, city="Paris"),
        event("Old Python Conf", start="2026-05-01", city="Berlin"),
        event("Pricey Python", city="Munich", price=Price(minimum=Decimal(2000), currency="EUR")),
        event("Pinned Python", location=Location(latitude=52.37, longitude=4.9)),
        event("Design Week", city="Amsterdam", topics=("ux",)),
    ]


def test_one_index_for_two_profiles_is_two_fresh_calls(now: dt.datetime) -> None:
    events = _mixed()
    first = Profile(interests={"python": 1.0, "zorblax": 0.5}, home=Home(place="Berlin"),
                    max_distance_km=1500.0, budget=Budget(amount=Decimal(500)),
                    languages=("en",), goals={Goal.LEARNING: 0.5}, liked=("PyCon Berlin",))
    second = Profile(interests={"ux": 1.0}, home=Home(place="Amsterdam"),
                     dismissed=("Remote Python Day",))
    busy = [BusyPeriod(start=dt.datetime(2027, 3, 10, tzinfo=dt.UTC),
                       end=dt.datetime(2027, 3, 11, tzinfo=dt.UTC), summary="holiday")]
    index = eventscout.RankIndex.build(events)
    for profile in (first, second, first):
        _same(index.rank(profile, now=now, busy=busy), rank_events(events, profile, now=now,
                                                                   busy=busy))
    kinds = {x.signal for x in index.rank(first, now=now).excluded}
    assert {"past", "over_budget", "too_far"} <= kinds
    assert index.rank(first, now=now).unknown_interests[0].interest == "zorblax"


def test_an_index_of_other_events_is_refused(now: dt.datetime) -> None:
    events = _mixed()
    index = RankIndex.build(events)
    with pytest.raises(ValueError, match="other events"):
        rank_events(events[1:], Profile(), now=now, index=index)
    with pytest.raises(ValueError, match="other events"):
        rank_events([*events[:-1], event("Design Week")], Profile(), now=now, index=index)


def test_a_prepared_index_ranks_as_one_left_to_fill_itself(
        confs: list[Event], monkeypatch: pytest.MonkeyPatch) -> None:
    """prepare() files every event's words and goal evidence ahead: the columnar rankings that
    follow are those of an index the rankings fill as they go, profile after profile."""
    from eventscout.rank import _ranker

    monkeypatch.setattr(_ranker, "COLUMNAR_FROM", 0)
    lazy = RankIndex.build(confs)
    prepared = RankIndex.build(confs)
    assert prepared.prepare() is prepared
    assert prepared.columns.postings.covered.all()
    assert not lazy.columns.postings.covered.any()
    for profile in _judged_profiles():
        _same(prepared.rank(profile, now=CONFS_NOW), lazy.rank(profile, now=CONFS_NOW))
