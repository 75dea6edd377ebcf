"""The orders :class:`~eventscout.rank.columns.IndexColumns` gives equal a stable ``np.lexsort``.

The columnar ranking lists its matches by :meth:`IndexColumns.best_first` and its exclusions by
:meth:`IndexColumns.listing_order`, which make the order from integer keys instead of sorting
three columns one after another. These tests hold them to the lexsort they replace, on events
that share days, keys, titles and scores (ties at every level, and 0.0 beside -0.0).
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from rank_helpers import event

from eventscout.model import AttendanceMode
from eventscout.rank.columns import IndexColumns, _ordered


def _columns(count: int, seed: int) -> IndexColumns:
    chance = random.Random(seed)
    day = dt.date(2027, 3, 1)
    events = [event(title=chance.choice(["A", "B", "Conf"]),
                    start=day + dt.timedelta(days=chance.randrange(5)),
                    source=chance.choice(["x", "y"]), key=f"k{chance.randrange(count // 3 + 1)}")
              for _ in range(count)]
    return IndexColumns(events, [AttendanceMode.IN_PERSON] * count, [None] * count)


def _scores(count: int, seed: int) -> np.ndarray:
    chance = random.Random(seed)
    return np.array([chance.choice([0.0, -0.0, 0.25, 0.5, 0.5000000000000001, 1.0])
                     for _ in range(count)])


@pytest.mark.parametrize("seed", range(6))
def test_best_first_equals_the_stable_lexsort(seed: int) -> None:
    columns = _columns(300, seed)
    scores = _scores(300, seed)
    numbers = np.array(sorted(random.Random(seed).sample(range(300), 200)), dtype=np.int64)
    numbers = numbers[np.random.default_rng(seed).permutation(len(numbers))]  # any given order
    expected = numbers[np.lexsort((columns.tie_rank(with_source=True)[numbers],
                                   columns.start_day[numbers], -scores[numbers]))]
    assert columns.best_first(numbers, scores[numbers]).tolist() == expected.tolist()


@pytest.mark.parametrize("seed", range(6))
def test_listing_order_equals_the_stable_lexsort(seed: int) -> None:
    columns = _columns(300, seed)
    numbers = np.arange(300, dtype=np.int64)[::-1].copy()
    groups = np.array([random.Random(seed + n).randrange(4) for n in range(300)])
    expected = numbers[np.lexsort((columns.tie_rank(with_source=False)[numbers],
                                   columns.start_day[numbers], groups))]
    assert columns.listing_order(numbers, groups).tolist() == expected.tolist()


def test_orders_of_nothing_are_empty() -> None:
    columns = _columns(10, 1)
    empty = np.empty(0, dtype=np.int64)
    assert columns.best_first(empty, np.empty(0)).tolist() == []
    assert columns.listing_order(empty, empty).tolist() == []


def test_keys_too_large_for_one_integer_fall_back_to_lexsort() -> None:
    numbers = np.array([5, 3, 9, 1], dtype=np.int64)
    first = np.array([2**40, 0, 2**40, 0], dtype=np.int64)
    second = np.array([2**30, 7, 1, 7], dtype=np.int64)
    assert _ordered(numbers, first, second).tolist() == [3, 1, 9, 5]


@pytest.mark.parametrize("seed", range(8))
def test_best_first_again_equals_a_whole_new_sort(seed: int) -> None:
    """Events whose score changed (cut or raised, onto ties or between them) merged back in
    give the order a whole new stable sort of the old order gives."""
    chance = random.Random(seed)
    columns = _columns(300, seed)
    scores = _scores(300, seed)
    ordered = columns.best_first(np.arange(300, dtype=np.int64), scores)
    moved = np.array(chance.sample(ordered[:100].tolist(), chance.randrange(1, 40)),
                     dtype=np.int64)
    after = scores.copy()
    for number in moved.tolist():
        after[number] = chance.choice([scores[number] * 0.5, 0.25, 0.0, -0.0, 1.0,
                                       scores[number]])
    assert columns.best_first_again(ordered, after, moved).tolist() == columns.best_first(
        ordered, after[ordered]).tolist()


def test_best_first_again_with_nothing_moved_keeps_the_order() -> None:
    columns = _columns(30, 2)
    ordered = columns.best_first(np.arange(30, dtype=np.int64), _scores(30, 2))
    assert columns.best_first_again(ordered, _scores(30, 2), np.empty(0, dtype=np.int64)
                                    ).tolist() == ordered.tolist()
