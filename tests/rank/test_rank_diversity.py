"""Diversity (rank/diversity.py): the most alike event above each one, as the pairwise rule says.

:func:`most_like_above` finds, for each event of a best-first list, its greatest similarity to
an event above it and the first event above with that similarity, without comparing every
pair. These tests hold it to the comparison of every pair by :func:`similarity`.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from rank_helpers import confstech_events, event

from eventscout.model import Event
from eventscout.rank.diversity import most_like_above, series_key, similarity

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _pairwise(events: list[Event]) -> list[tuple[float, int | None]]:
    found: list[tuple[float, int | None]] = []
    for place, mine in enumerate(events):
        best, like = 0.0, None
        for other in range(place):
            value = similarity(mine, events[other])
            if value > best:
                best, like = value, other
        found.append((best, like))
    return found


def _editions() -> list[Event]:
    """Series in several cities and years, listings twice, titles one word apart, word sets
    equal but for order, and titles with no distinctive word at all."""
    return [
        event("CityJS London 2027", city="London", country="GB"),
        event("CityJS Singapore", city="Singapore", country="SG"),
        event("Rust Data Summit", city="Berlin", country="DE"),
        event("Data Rust Summit", city="Paris", country="FR"),
        event("Rust Data Tools Summit", city="Berlin", country="DE"),
        event("CityJS London 2027", city="London", country="GB"),
        event("Conference", city="Oslo", country="NO"),
        event("Summit 2027"),
        event("Rust Data Days"),
        event("PyCon Rust Data"),
        event("Rust Data Summit"),
    ]


@pytest.mark.parametrize("seed", range(4))
def test_most_like_above_equals_every_pair_compared(seed: int) -> None:
    events = _editions()
    random.Random(seed).shuffle(events)
    assert most_like_above(events) == _pairwise(events)


def test_given_series_keys_change_nothing() -> None:
    events = _editions()
    assert most_like_above(events, [series_key(item) for item in events]) == _pairwise(events)


def test_on_real_titles_most_like_above_equals_every_pair(shared_data: Path) -> None:
    events = confstech_events(shared_data, NOW)
    chance = random.Random(9)
    for _ in range(3):
        window = chance.sample(events, 150)
        assert most_like_above(window) == _pairwise(window)
    # a window full of one series' editions and near titles
    js = [item for item in events if "js" in item.title.casefold()][:150]
    assert most_like_above(js) == _pairwise(js)


def test_equal_overlaps_go_to_the_first_event_above() -> None:
    """Two events above as alike as each other: the first of them is named, whichever of the
    shared words is met first (twenty such groups, so that set order cannot hide a slip)."""
    chance = random.Random(3)
    events: list[Event] = []
    for _ in range(20):
        w, x, y, z = ("".join(chance.choice("bcdfghjklmnpqrstvwxz") for _ in range(7))
                      for _ in range(4))
        events += [event(f"{w} {x} {y}"), event(f"{x} {y} {z}"), event(f"{w} {x} {y} {z}")]
    found = most_like_above(events)
    assert found == _pairwise(events)
    assert [found[place] for place in range(2, len(events), 3)] == [
        (0.75, place - 2) for place in range(2, len(events), 3)]
