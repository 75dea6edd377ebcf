"""How good and how fast the year planner's heuristic is.

Quality: 100 random seeded instances of 10..40 candidates (a year of events of 1..5 days, ticket plus
travel costs, days away, a yearly budget, a cap on days away and on events, a few events marked
going, a cap on conferences), each solved exactly by branch and bound and by the heuristic; the
heuristic's share of the optimum is the sum of its values over the sum of the optima. Plain greedy
by score is measured on the same instances as the baseline.

Speed: the heuristic on 5,000 candidates, the median of 5 runs, beside plain greedy on the same
instance (the baseline measured in this run).

Prints one line: ``plan: optimum_share=… heuristic_s_5000=…`` and the baseline figures, and exits
non-zero when a target (share ≥ 0.97, time ≤ 1 s) is missed.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time

from eventscout.plan import Item, Problem, solve_exact, solve_greedy, solve_heuristic

SHARE_TARGET = 0.97
TIME_TARGET_S = 1.0


def random_problem(seed: int, size: int) -> Problem:
    """A year of ``size`` candidate events with costs, days away and limits that bind."""
    rng = random.Random(seed)
    items = []
    for _ in range(size):
        first = rng.randrange(0, 365)
        days = rng.choice((1, 1, 2, 2, 3, 3, 4, 5))
        online = rng.random() < 0.2
        cost = 0.0 if online else round(rng.uniform(0, 900) + rng.uniform(40, 400) * days)
        away = 0.0 if online else days + rng.choice((0, 1))
        conference = 1.0 if rng.random() < 0.4 else 0.0
        items.append(Item(value=round(rng.uniform(0.05, 1.0), 3),
                          usage=(cost, away, 1.0, conference),
                          begin=float(first), end=float(first + days),
                          forced=rng.random() < min(0.05, 3 / size)))
    total_cost = sum(item.usage[0] for item in items)
    total_days = sum(item.usage[1] for item in items)
    capacities = (
        round(total_cost * rng.uniform(0.15, 0.45)),
        round(total_days * rng.uniform(0.2, 0.5)) if rng.random() < 0.7 else math.inf,
        rng.randrange(3, 12) if rng.random() < 0.6 else math.inf,
        rng.randrange(1, 5) if rng.random() < 0.4 else math.inf,
    )
    return Problem(items=items, capacities=capacities)


def quality() -> tuple[float, float, int]:
    exact_total = heuristic_total = greedy_total = 0.0
    proven = 0
    for seed in range(100):
        problem = random_problem(seed, 10 + seed % 31)
        exact = solve_exact(problem)
        proven += exact.optimal
        exact_total += exact.value
        heuristic_total += solve_heuristic(problem).value
        greedy_total += solve_greedy(problem).value
    return heuristic_total / exact_total, greedy_total / exact_total, proven


def speed() -> tuple[float, float]:
    problem = random_problem(12345, 5000)
    heuristic, greedy = [], []
    for _ in range(5):
        start = time.perf_counter()
        solve_heuristic(problem)
        heuristic.append(time.perf_counter() - start)
        start = time.perf_counter()
        solve_greedy(problem)
        greedy.append(time.perf_counter() - start)
    return statistics.median(heuristic), statistics.median(greedy)


def main() -> int:
    share, greedy_share, proven = quality()
    seconds, greedy_seconds = speed()
    print(f"plan: optimum_share={share:.4f} heuristic_s_5000={seconds:.3f}")
    print(f"  baseline plain greedy: optimum_share={greedy_share:.4f} greedy_s_5000={greedy_seconds:.3f}"
          f" (heuristic/greedy time {seconds / greedy_seconds:.1f}x); exact proven on {proven}/100")
    ok = share >= SHARE_TARGET and seconds <= TIME_TARGET_S
    if not ok:
        print(f"  target missed: share >= {SHARE_TARGET}, time <= {TIME_TARGET_S} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
