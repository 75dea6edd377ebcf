"""Every exclusion rule leaves the event out with its signal and a reason in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from rank_helpers import event

from eventscout.model import AttendanceMode, EventKind, Price
from eventscout.profile import Budget, Home, Profile
from eventscout.rank import rank, rank_events


def _excluded(events, profile, now):  # type: ignore[no-untyped-def]
    ranking = rank_events(events, profile, now=now)
    return {(x.event.title, x.signal): x.reason for x in ranking.excluded}, ranking


BASE = Profile(interests={"python": 1.0}, home=Home(place="Berlin"))


@pytest.mark.parametrize(
    ("changes", "item", "signal", "words"),
    [
        ({}, event("Old PyCon", "2026-12-01"), "past", "ended on 2026-12-01"),
        ({}, event("PyCon", status="cancelled"), "cancelled", "cancelled"),
        ({"horizon_days": 30}, event("PyCon", "2027-06-01"), "horizon", "30-day"),
        ({"exclude_kinds": frozenset({EventKind.WEBINAR})}, event("PyCon", kind="webinar"),
         "kind", "webinar"),
        ({"formats": frozenset({AttendanceMode.IN_PERSON})},
         event("PyCon", attendance="online"), "format", "online events"),
        ({"languages": ("en",)}, event("PyCon", languages=["de"]), "language", "held in German; you follow English"),
        ({"budget": Budget(amount=Decimal(300), currency="EUR")},
         event("PyCon", price=Price(minimum=500, currency="USD")), "over_budget",
         "500 USD, over your budget of 300 EUR"),
        ({"max_distance_km": 1000.0}, event("PyCon", city="Lisbon", country="PT"), "too_far",
         "km from Berlin, beyond your 1,000 km"),
        ({"dismissed": ("PyCon",)}, event("PyCon"), "dismissed", "dismissed"),
    ],
)
def test_each_exclusion_gives_its_reason(changes, item, signal, words, now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(BASE, **changes)
    kept = event("PyData Berlin", "2027-02-01", city="Berlin")
    excluded, ranking = _excluded([item, kept], profile, now)
    assert (item.title, signal) in excluded
    assert words in excluded[(item.title, signal)]
    assert [m.event.title for m in ranking.matches] == ["PyData Berlin"]
    assert item not in [m.event for m in ranking.matches]


def test_an_event_still_running_is_not_past(now):  # type: ignore[no-untyped-def]
    running = event("PyCon", "2027-01-14", end="2027-01-16")
    ended_yesterday = event("PyData", "2027-01-13", end="2027-01-14")
    assert [m.event.title for m in rank([running, ended_yesterday], BASE, now=now)] == ["PyCon"]


def test_timed_event_past_by_its_end_instant(now):  # type: ignore[no-untyped-def]
    start = now - dt.timedelta(hours=2)
    over = event("Talk", start=start, end=now - dt.timedelta(minutes=1))
    going = event("Talk 2", start=start, end=now + dt.timedelta(minutes=1))
    assert [m.event.title for m in rank([over, going], BASE, now=now)] == ["Talk 2"]


def test_unknown_price_is_not_free_and_not_excluded(now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(BASE, budget=Budget(amount=Decimal(0)))
    unknown = event("PyCon A")
    free = event("PyCon B", price=Price.free())
    paid = event("PyCon C", price=Price(minimum=10, currency="EUR"))
    ranking = rank_events([unknown, free, paid], profile, now=now)
    assert [m.event.title for m in ranking.matches] == ["PyCon B", "PyCon A"]
    assert ranking.excluded[0].signal == "over_budget"
    unknown_match = ranking.matches[1]
    assert any("price not listed" in r.text for r in unknown_match.reasons)


def test_budget_converts_currencies(now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(BASE, budget=Budget(amount=Decimal(100), currency="EUR"))
    cheap = event("PyCon A", price=Price(minimum=100, currency="USD"))  # about 92 EUR
    dear = event("PyCon B", price=Price(minimum=100, currency="GBP"))  # about 118 EUR
    ranking = rank_events([cheap, dear], profile, now=now)
    assert [m.event.title for m in ranking.matches] == ["PyCon A"]
    assert [x.event.title for x in ranking.excluded] == ["PyCon B"]


def test_online_and_hybrid_are_never_too_far(now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(BASE, max_distance_km=100.0)
    online = event("PyCon Online", attendance="online")
    hybrid = event("PyCon Hybrid", attendance="hybrid", city="Sydney", country="AU")
    far = event("PyCon Sydney", city="Sydney", country="AU")
    ranking = rank_events([online, hybrid, far], profile, now=now)
    assert {m.event.title for m in ranking.matches} == {"PyCon Online", "PyCon Hybrid"}
    assert [x.signal for x in ranking.excluded] == ["too_far"]


def test_only_dismissed_verdicts_dismiss() -> None:
    """Liked and attended events dismiss nothing, so the columnar path asks no event about it;
    a dismissed title or key does."""
    from eventscout.rank.feedback import Feedback

    items = [event("Liked Conf"), event("Gone Conf")]
    assert not Feedback(Profile(liked=("Liked Conf",), attended=("Gone Conf",)), items).dismisses
    assert Feedback(Profile(dismissed=("Gone Conf",)), items).dismisses
    assert Feedback(Profile(dismissed=("a" * 24,)), items).dismisses
