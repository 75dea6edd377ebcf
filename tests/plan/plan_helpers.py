"""Small builders for the planner's tests: events with a price and a place, and scored matches."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from eventscout.model import Event, Location, Price
from eventscout.plan import Item, Problem
from eventscout.rank import Match

BERLIN = (52.52, 13.405)


def event(title: str, start: str, end: str | None = None, *, price: float | None = None,
          online: bool = True, city: str | None = None, **fields: Any) -> Event:
    """An all-day event; online unless a ``city`` is given; ``price`` in EUR."""
    if city is not None:
        fields["location"] = Location(city=city)
        online = False
    fields.setdefault("attendance", "online" if online else "in_person")
    return Event(title=title, start=start, end=end or start,
                 price=None if price is None else Price(minimum=price, currency="EUR"), **fields)


def match(title: str, score: float, start: str, end: str | None = None, **fields: Any) -> Match:
    return Match(event=event(title, start, end, **fields), score=score)


def chosen_titles(plan: Any) -> list[str]:
    return sorted(entry.event.title for entry in plan.chosen)


def random_problem(seed: int, size: int) -> Problem:
    """Random items over 60 days with costs, days and a count; limits that bind."""
    rng = random.Random(seed)
    items = []
    for _ in range(size):
        begin = rng.randrange(0, 60)
        length = rng.randint(1, 4)
        cost = float(rng.randrange(0, 1000))
        items.append(Item(value=round(rng.uniform(0.01, 1), 3), usage=(cost, float(length), 1.0),
                          begin=float(begin), end=float(begin + length),
                          forced=rng.random() < 0.08))
    capacities = (sum(i.usage[0] for i in items) * rng.uniform(0.2, 0.5),
                  float(rng.randrange(4, 20)), float(rng.randrange(2, 8)))
    return Problem(items=items, capacities=capacities)


def feasible(problem: Problem, chosen: frozenset[int] | set[int]) -> bool:
    """No two chosen overlap; every limit holds for the non-forced part (forced may overdraw)."""
    items = problem.items
    for a, b in itertools.combinations(sorted(chosen), 2):
        overlapping = items[a].begin < items[b].end and items[b].begin < items[a].end
        if overlapping and not (items[a].forced and items[b].forced):
            return False
    free = [i for i in chosen if not items[i].forced]
    for d, cap in enumerate(problem.capacities):
        total = sum(items[i].usage[d] for i in chosen)
        if free and total > cap + 1e-9 and any(items[i].usage[d] > 0 for i in free):
            return False
    return True


def brute_force(problem: Problem) -> float:
    """The optimum by trying every subset that contains the forced items."""
    items = problem.items
    forced = {i for i, item in enumerate(items) if item.forced}
    free = [i for i in range(len(items)) if i not in forced]
    best = -1.0
    for size in range(len(free) + 1):
        for subset in itertools.combinations(free, size):
            chosen = forced | set(subset)
            if feasible(problem, chosen):
                best = max(best, sum(items[i].value for i in chosen))
    return best


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
