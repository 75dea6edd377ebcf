"""Choosing a subset of items: most total value under additive limits, with no two overlapping.

The year plan reduces to this combinatorial core, kept free of events so it can be tested and
benchmarked on its own: each :class:`Item` has a value (the ranker's score), a usage per limited
dimension (money, days away, one event, one of its action...) and a time interval; a
:class:`Problem` adds the capacity of each dimension. A feasible choice keeps every dimension
within capacity and no two chosen intervals overlapping. Forced items (events marked going) are
always chosen, even when they alone break a limit; other items then fit only in the room left.

* :func:`solve_exact` is a depth-first branch and bound, items taken best value first, pruned by
  the smallest of the fractional-knapsack bounds of every limited dimension. It proves the optimum
  for the plan's small candidate sets (40 items solve in milliseconds to a few seconds).
* :func:`solve_heuristic` takes the best of several greedy fills (by value, and by value per use
  of the scarce dimensions) and improves it by local search: drop one item and refill, or force
  in one left-out item by dropping what blocks it and refill, as long as the total rises. A refill
  looks only at the items that can have become possible (those overlapping what left, and those
  kept out by a limit), which keeps it fast on thousands of items. When no limit can bind at all,
  the problem is weighted interval scheduling, solved exactly by dynamic programming instead.
* :func:`solve_greedy` is plain greedy by value, the baseline the benchmark compares with.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Iterable, Sequence

from attrs import field, frozen

__all__ = ["Item", "Problem", "Solution", "fits", "solve_exact", "solve_greedy", "solve_heuristic"]

_EPS = 1e-9


@frozen(kw_only=True)
class Item:
    """One candidate: value, use of each limited dimension, ``[begin, end)`` in days, forced in."""

    value: float
    usage: tuple[float, ...]
    begin: float
    end: float
    forced: bool = False


def _items(values: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(values)


def _floats(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(float(value) for value in values)


@frozen(kw_only=True)
class Problem:
    """Items and the capacity of each dimension (``math.inf``: unlimited)."""

    items: tuple[Item, ...] = field(converter=_items)
    capacities: tuple[float, ...] = field(converter=_floats)

    def __attrs_post_init__(self) -> None:
        for item in self.items:
            if len(item.usage) != len(self.capacities):
                raise ValueError("every item needs one usage per capacity")


@frozen(kw_only=True)
class Solution:
    """The chosen item indices and their total value; ``optimal`` when proven so."""

    chosen: frozenset[int]
    value: float
    optimal: bool = False


def overlap(a: Item, b: Item) -> bool:
    """Whether two items' intervals share any time."""
    return a.begin < b.end and b.begin < a.end


def fits(usage: Sequence[float], room: Sequence[float]) -> bool:
    """Whether an item using ``usage`` fits in ``room`` (a dimension it does not use always fits,
    even when forced items have already overdrawn it)."""
    return all(u <= _EPS or u <= r + _EPS for u, r in zip(usage, room, strict=True))


def _room(problem: Problem, chosen: Iterable[int]) -> list[float]:
    room = list(problem.capacities)
    for index in chosen:
        for d, used in enumerate(problem.items[index].usage):
            room[d] -= used
    return room


def _forced(problem: Problem) -> list[int]:
    return [i for i, item in enumerate(problem.items) if item.forced]


# -- exact --------------------------------------------------------------------------------------


def solve_exact(problem: Problem, *, node_limit: int = 5_000_000) -> Solution:
    """The best choice, proven by branch and bound (``optimal`` is False only if ``node_limit``
    nodes were searched first; the best choice found so far is then returned)."""
    items = problem.items
    forced = _forced(problem)
    room0 = _room(problem, forced)
    free = [i for i, item in enumerate(items) if not item.forced and item.value > 0
            and not any(overlap(item, items[f]) for f in forced) and fits(item.usage, room0)]
    free.sort(key=lambda i: (-items[i].value, i))
    n = len(free)
    conflict = [0] * n
    for a in range(n):
        for b in range(a + 1, n):
            if overlap(items[free[a]], items[free[b]]):
                conflict[a] |= 1 << b
                conflict[b] |= 1 << a
    values = [items[i].value for i in free]
    usage = [items[i].usage for i in free]
    limited = [d for d, cap in enumerate(problem.capacities) if math.isfinite(cap)]
    # per limited dimension: positions by value per use, best first (free items first)

    def density(d: int, p: int) -> tuple[float, int]:
        return (-(values[p] / usage[p][d]) if usage[p][d] > _EPS else -math.inf, p)

    orders = [sorted(range(n), key=functools.partial(density, d)) for d in limited]
    best_value = 0.0
    best_set = 0
    nodes = 0
    complete = True

    def bound(position: int, room: list[float], banned: int) -> float:
        """An upper bound on what items from ``position`` on can still add."""
        admissible = [p for p in range(position, n)
                      if not banned >> p & 1 and fits(usage[p], room)]
        total = sum(values[p] for p in admissible)
        if not limited:
            return total
        allowed = set(admissible)
        for order, d in zip(orders, limited, strict=True):
            left, gained = room[d], 0.0
            for p in order:
                if p not in allowed:
                    continue
                use = usage[p][d]
                if use <= left + _EPS or use <= _EPS:
                    gained += values[p]
                    left -= use
                else:
                    gained += values[p] * max(left, 0.0) / use
                    break
            total = min(total, gained)
        return total

    def search(position: int, room: list[float], banned: int, value: float, taken: int) -> None:
        nonlocal best_value, best_set, nodes, complete
        nodes += 1
        if nodes > node_limit:
            complete = False
            return
        if value > best_value + _EPS:
            best_value, best_set = value, taken
        while position < n and (banned >> position & 1 or not fits(usage[position], room)):
            position += 1
        if position >= n or value + bound(position, room, banned) <= best_value + _EPS:
            return
        after = [r - u for r, u in zip(room, usage[position], strict=True)]
        search(position + 1, after, banned | conflict[position], value + values[position],
               taken | 1 << position)
        search(position + 1, room, banned | 1 << position, value, taken)

    search(0, room0, 0, 0.0, 0)
    chosen = set(forced) | {free[p] for p in range(n) if best_set >> p & 1}
    total = sum(items[i].value for i in chosen)
    return Solution(chosen=frozenset(chosen), value=total, optimal=complete)


# -- greedy and local search ----------------------------------------------------------------------


class _Index:
    """The items sorted by begin, to find those overlapping an interval without a full scan."""

    def __init__(self, problem: Problem) -> None:
        self.items = problem.items
        self.order = sorted(range(len(self.items)), key=lambda i: self.items[i].begin)
        self.begins = [self.items[i].begin for i in self.order]
        self.longest = max((item.end - item.begin for item in self.items), default=0.0)

    def overlapping(self, begin: float, end: float) -> list[int]:
        k = bisect.bisect_left(self.begins, begin - self.longest)
        found = []
        while k < len(self.begins) and self.begins[k] < end:
            index = self.order[k]
            if begin < self.items[index].end:
                found.append(index)
            k += 1
        return found


class _Fill:
    """A choice being built: its room per dimension and its intervals sorted, for fast checks."""

    def __init__(self, problem: Problem, longest: float) -> None:
        self.items = problem.items
        self.chosen: set[int] = set()
        self.room = list(problem.capacities)
        self.spans: list[tuple[float, float, int]] = []
        self.longest = longest

    def copy(self) -> _Fill:
        other = _Fill.__new__(_Fill)
        other.items, other.longest = self.items, self.longest
        other.chosen, other.room, other.spans = set(self.chosen), list(self.room), list(self.spans)
        return other

    def clashes(self, index: int) -> bool:
        item = self.items[index]
        spans = self.spans
        # forced items may overlap each other, so look at every chosen interval that begins
        # less than the longest item's length before this one, not only the neighbours
        k = bisect.bisect_left(spans, (item.begin - self.longest,))
        while k < len(spans) and spans[k][0] < item.end:
            if item.begin < spans[k][1]:
                return True
            k += 1
        return False

    def can_add(self, index: int) -> bool:
        return fits(self.items[index].usage, self.room) and not self.clashes(index)

    def add(self, index: int) -> None:
        item = self.items[index]
        bisect.insort(self.spans, (item.begin, item.end, index))
        self.chosen.add(index)
        for d, used in enumerate(item.usage):
            self.room[d] -= used

    def remove(self, index: int) -> None:
        item = self.items[index]
        self.spans.remove((item.begin, item.end, index))
        self.chosen.discard(index)
        for d, used in enumerate(item.usage):
            self.room[d] += used

    def fill(self, order: Iterable[int]) -> None:
        for index in order:
            if index not in self.chosen and self.can_add(index):
                self.add(index)

    def value(self) -> float:
        return sum(self.items[i].value for i in self.chosen)


def _by_value(problem: Problem) -> list[int]:
    items = problem.items
    return sorted((i for i, item in enumerate(items) if not item.forced and item.value > 0),
                  key=lambda i: (-items[i].value, i))


def _by_ratio(problem: Problem, room: Sequence[float]) -> list[int]:
    """Items by value per weighted use, each dimension weighted by how scarce it is: its total
    demand over the room left (a dimension nobody runs out of counts for nothing)."""
    items = problem.items
    candidates = _by_value(problem)
    weights = []
    for d, left in enumerate(room):
        demand = sum(items[i].usage[d] for i in candidates)
        if not math.isfinite(left) or demand <= max(left, 0.0):
            weights.append(0.0)
        else:
            weights.append(1.0 / max(left, _EPS))

    def ratio(i: int) -> float:
        use = sum(w * u for w, u in zip(weights, items[i].usage, strict=True))
        return items[i].value / (use + 1e-6)

    return sorted(candidates, key=lambda i: (-ratio(i), i))


def _start(problem: Problem, forced: Iterable[int], longest: float) -> _Fill:
    fill = _Fill(problem, longest)
    for index in forced:
        fill.add(index)
    return fill


def solve_greedy(problem: Problem) -> Solution:
    """Plain greedy: forced items, then the rest by value, each taken when it still fits."""
    fill = _start(problem, _forced(problem), _Index(problem).longest)
    fill.fill(_by_value(problem))
    return Solution(chosen=frozenset(fill.chosen), value=fill.value())


def _interval_dp(problem: Problem, forced: Sequence[int], free: Sequence[int]) -> Solution:
    """The optimum when no limit binds: weighted interval scheduling over the free items that
    do not overlap a forced one, by dynamic programming over items sorted by end."""
    items = problem.items
    order = sorted(free, key=lambda i: (items[i].end, i))
    ends = [items[i].end for i in order]
    best = [0.0] * (len(order) + 1)
    take = [False] * len(order)
    for k, index in enumerate(order):
        before = bisect.bisect_right(ends, items[index].begin + _EPS, 0, k)
        with_it = best[before] + items[index].value
        take[k] = with_it > best[k] + _EPS
        best[k + 1] = with_it if take[k] else best[k]
    chosen = set(forced)
    k = len(order)
    while k > 0:
        if take[k - 1]:
            index = order[k - 1]
            chosen.add(index)
            k = bisect.bisect_right(ends, items[index].begin + _EPS, 0, k - 1)
        else:
            k -= 1
    return Solution(chosen=frozenset(chosen), value=_total(problem, chosen), optimal=True)


def _total(problem: Problem, chosen: Iterable[int]) -> float:
    return sum(problem.items[i].value for i in chosen)


def solve_heuristic(problem: Problem, *, tries: int = 40, rounds: int = 4) -> Solution:
    """A good choice fast: the best of the greedy fills, improved by drop-and-refill and by
    force-in moves (``tries`` of each per round, at most ``rounds`` rounds). When no limit can
    bind, the choice is the proven optimum of the interval problem instead."""
    items = problem.items
    index = _Index(problem)
    forced = _forced(problem)
    forced_set = frozenset(forced)
    room = _room(problem, forced)
    by_value = _by_value(problem)
    free = [i for i in by_value if not any(overlap(items[i], items[f]) for f in forced)
            and fits(items[i].usage, room)]
    if all(sum(items[i].usage[d] for i in free) <= room[d] + _EPS for d in range(len(room))):
        return _interval_dp(problem, forced, free)
    by_ratio = _by_ratio(problem, room)
    position = {item: rank for rank, item in enumerate(by_ratio)}
    fills = []
    for order in (by_ratio, by_value):
        fill = _start(problem, forced, index.longest)
        fill.fill(order)
        fills.append(fill)
    best = max(fills, key=lambda f: (f.value(), -len(f.chosen)))
    best_value = best.value()

    def blocked_by_room(fill: _Fill) -> list[int]:
        """Left-out items that clash with nothing chosen: only a limit keeps them out."""
        return [i for i in by_ratio if i not in fill.chosen and not fill.clashes(i)]

    def refill(trial: _Fill, freed: Sequence[int], waiting: Sequence[int],
               skip: frozenset[int] = frozenset()) -> None:
        """Fill the trial after ``freed`` items left it: only items overlapping those, or kept
        out by a limit before, can enter now."""
        nearby = {i for gone in freed for i in index.overlapping(items[gone].begin, items[gone].end)}
        candidates = sorted((nearby | set(waiting)) - skip, key=lambda i: position.get(i, math.inf))
        trial.fill(i for i in candidates if i in position)

    waiting = blocked_by_room(best)
    for _ in range(rounds):
        improved = False
        # drop one chosen item (the weakest by ratio first) and refill without it
        for dropped in sorted(best.chosen - forced_set, key=lambda i: -position.get(i, 0))[:tries]:
            trial = best.copy()
            trial.remove(dropped)
            refill(trial, (dropped,), waiting, skip=frozenset((dropped,)))
            if trial.value() > best_value + _EPS:
                best, best_value, improved = trial, trial.value(), True
                waiting = blocked_by_room(best)
        # force in one left-out item by dropping what overlaps it and, weakest first, what
        # keeps its limits full; then refill
        for entering in [i for i in by_value if i not in best.chosen][:tries]:
            item = items[entering]
            if any(overlap(items[f], item) for f in forced):
                continue
            trial = best.copy()
            gone = [i for i in trial.chosen if i not in forced_set and overlap(items[i], item)]
            for i in gone:
                trial.remove(i)
            weakest = sorted(trial.chosen - forced_set, key=lambda i: position.get(i, 0))
            while not fits(item.usage, trial.room) and weakest:
                gone.append(weakest.pop())
                trial.remove(gone[-1])
            if not fits(item.usage, trial.room):
                continue
            trial.add(entering)
            refill(trial, gone, waiting)
            if trial.value() > best_value + _EPS:
                best, best_value, improved = trial, trial.value(), True
                waiting = blocked_by_room(best)
        if not improved:
            break
    best.fill(by_ratio)  # a dropped item may fit again beside what replaced it: leave no room
    return Solution(chosen=frozenset(best.chosen), value=best.value())
