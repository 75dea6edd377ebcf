"""The ranking does not depend on the order of its input, and is stable run to run."""

from __future__ import annotations

import random

import pytest
from rank_helpers import event

from eventscout.model import CallForPapers, Price
from eventscout.profile import Goal, Home, Profile
from eventscout.rank import rank, rank_events

PROFILE = Profile(
    interests={"python": 1.0, "data": 0.5, "javascript": 0.3},
    goals={Goal.VISIBILITY: 0.8, Goal.LEARNING: 0.5}, home=Home(place="Berlin"),
    max_distance_km=1500.0,
)


def _events():  # type: ignore[no-untyped-def]
    cities = [("Berlin", "DE"), ("Paris", "FR"), ("Lisbon", "PT"), ("Prague", "CZ"), (None, None)]
    names = ["PyCon", "PyData", "CityJS", "Data Days", "Python Meetup", "Frontend Camp"]
    items = []
    for index in range(60):
        city, country = cities[index % len(cities)]
        items.append(event(
            f"{names[index % len(names)]} {city or 'Online'}", f"2027-0{2 + index % 7}-{1 + index % 27:02d}",
            city=city, country=country, attendance="online" if city is None else "in_person",
            kind=["conference", "meetup", "workshop"][index % 3],
            cfp=CallForPapers(closes="2027-02-01") if index % 4 == 0 else None,
            price=Price(minimum=index % 5 * 10, currency="EUR") if index % 2 else None,
        ))
    items += items[:5]  # exact duplicates, as unmerged sources deliver them
    return items


def _view(ranking):  # type: ignore[no-untyped-def]
    return ([(m.event.key, m.event.first_day, m.score, m.reasons) for m in ranking.matches],
            [(x.event.key, x.signal, x.reason) for x in ranking.excluded])


def test_shuffled_and_reversed_input_give_identical_output(now):  # type: ignore[no-untyped-def]
    items = _events()
    expected = _view(rank_events(items, PROFILE, now=now))
    assert expected[0] and expected[1]
    assert _view(rank_events(list(reversed(items)), PROFILE, now=now)) == expected
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert _view(rank_events(shuffled, PROFILE, now=now)) == expected


def test_rank_is_the_matches_of_rank_events_best_first(now):  # type: ignore[no-untyped-def]
    items = _events()
    matches = rank(iter(items), PROFILE, now=now)
    assert matches == rank_events(items, PROFILE, now=now).matches
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert all(m.reasons for m in matches)
    assert all(isinstance(r.text, str) and r.text for m in matches for r in m.reasons)


def test_now_must_be_timezone_aware(now):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="timezone-aware"):
        rank_events(_events(), PROFILE, now=now.replace(tzinfo=None))
