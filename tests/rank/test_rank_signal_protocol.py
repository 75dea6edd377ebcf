"""The ranker composes :class:`Signal` objects: a custom list is honoured, and the geocoder is the
one given (no module-level geocoder)."""

from __future__ import annotations

import datetime as dt

import pytest
from rank_helpers import event

from eventscout.model import Event
from eventscout.profile import Home, Profile
from eventscout.rank import (
    GazetteerGeocoder,
    Part,
    RankIndex,
    Signal,
    _ranker,
    default_signals,
    rank_events,
)
from eventscout.rank.signals import Case, Interests, RankContext, Stage


class Sponsored:
    """A house rule: events whose title names the company get a lift, others none."""

    name = "sponsored"
    stage = Stage.ADJUST
    weight = 0.25

    def __init__(self, context: RankContext) -> None:
        self.book = context.book

    def judge(self, event: Event, case: Case) -> Part | None:
        if "ACME" not in event.title:
            return None
        return Part((self.weight,), (self.book.reason(self.name, self.weight, "ACME runs it"),))


class NoMondays:
    """An exclusion rule of one's own."""

    name = "monday"
    stage = Stage.EXCLUDE
    weight = 0.0

    def judge(self, event: Event, case: Case) -> Part | None:
        return Part.out("monday", "it starts on a Monday") if event.first_day.weekday() == 0 else None


PROFILE = Profile(interests={"python": 1.0}, weights={"diversity": 0.0})


def test_a_custom_signal_adds_its_part_and_reason(now: dt.datetime) -> None:
    events = [event("ACME Python Day"), event("Python Day")]
    plain = {m.event.title: m for m in rank_events(events, PROFILE, now=now)}
    custom = {m.event.title: m for m in rank_events(
        events, PROFILE, now=now,
        signals=lambda context: [*default_signals(context), Sponsored(context)])}
    assert custom["Python Day"].score == plain["Python Day"].score
    assert custom["ACME Python Day"].score == pytest.approx(plain["ACME Python Day"].score + 0.25)
    assert "ACME runs it" in [r.text for r in custom["ACME Python Day"].reasons]


def test_a_signal_list_without_interests_scores_no_topic(now: dt.datetime) -> None:
    events = [event("Python Day", start="2027-03-08"), event("Python Night", start="2027-03-09")]
    ranking = rank_events(events, PROFILE, now=now, signals=lambda context: [
        NoMondays(), *(s for s in default_signals(context) if not isinstance(s, Interests))])
    assert [(x.event.title, x.signal) for x in ranking.excluded] == [("Python Day", "monday")]
    (match,) = ranking.matches
    assert "interests" not in {r.signal for r in match.reasons}
    # the interests signal was left out, so nothing showed "python": it is not reported unknown
    # either, since the vocabulary knows it
    assert ranking.unknown_interests == ()


def test_something_that_is_not_a_signal_is_refused(now: dt.datetime) -> None:
    with pytest.raises(TypeError, match="not a Signal"):
        rank_events([event()], PROFILE, now=now, signals=lambda context: [object()])  # type: ignore[list-item]


class Office:
    """A company's office list as the geocoder: knows one made-up place."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str | None]] = []

    def locate(self, place: str, country: str | None = None) -> tuple[float, float] | None:
        self.asked.append((place, country))
        return (52.52, 13.40) if place == "HQ" else None


def test_the_geocoder_given_resolves_home_and_places(now: dt.datetime) -> None:
    office = Office()
    profile = Profile(interests={"python": 1.0}, home=Home(place="HQ"))
    events = [event("Python at HQ", city="HQ"), event("Python in Atlantis", city="Atlantis")]
    ranking = rank_events(events, profile, now=now, geocoder=office)
    assert ("HQ", None) in office.asked and ("Atlantis", None) in office.asked
    texts = {m.event.title: [r.text for r in m.reasons] for m in ranking.matches}
    assert "in your area (0 km from HQ)" in texts["Python at HQ"]
    assert not any("km" in text for text in texts["Python in Atlantis"])
    # an index keeps its geocoder for the profiles ranked over it
    office.asked.clear()
    index = RankIndex.build(events, geocoder=office)
    assert index.geocoder is office
    assert [m.score for m in index.rank(profile, now=now)] == [m.score for m in ranking]
    assert ("HQ", None) in office.asked


def test_no_geocoder_lives_at_module_level() -> None:
    assert not [name for name, value in vars(_ranker).items()
                if isinstance(value, GazetteerGeocoder)]
    assert RankIndex.build([]).geocoder is not RankIndex.build([]).geocoder


def test_the_signals_satisfy_the_protocol(now: dt.datetime) -> None:
    captured: list[RankContext] = []

    def factory(context: RankContext) -> list[Signal]:
        captured.append(context)
        return default_signals(context)

    rank_events([event()], Profile(interests={"python": 1.0}, liked=("PyCon",)), now=now,
                signals=factory)
    made = default_signals(captured[0])
    assert all(isinstance(signal, Signal) for signal in made)
    assert [s.name for s in made] == ["practical", "too_far", "dismissed", "interests",
                                      "distance", "price", "language", "feedback"]
    assert isinstance(Sponsored(captured[0]), Signal)
