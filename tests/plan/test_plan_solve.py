"""The combinatorial core: exact branch and bound against brute force, the heuristic against it."""

from __future__ import annotations

import math

import pytest
from plan_helpers import brute_force, feasible, random_problem

from eventscout.plan import Item, Problem, solve_exact, solve_greedy, solve_heuristic


@pytest.mark.parametrize("seed", range(25))
def test_exact_is_the_brute_force_optimum(seed: int) -> None:
    problem = random_problem(seed, 6 + seed % 8)
    solution = solve_exact(problem)
    assert solution.optimal
    assert feasible(problem, solution.chosen)
    assert solution.value == pytest.approx(brute_force(problem))


@pytest.mark.parametrize("seed", range(40))
def test_heuristic_is_feasible_and_close_to_the_optimum(seed: int) -> None:
    problem = random_problem(100 + seed, 10 + seed % 25)
    exact = solve_exact(problem)
    heuristic = solve_heuristic(problem)
    assert feasible(problem, heuristic.chosen)
    assert heuristic.value <= exact.value + 1e-9
    assert heuristic.value >= 0.9 * exact.value
    assert all(problem.items[i].forced <= (i in heuristic.chosen) for i in range(len(problem.items)))


def test_heuristic_agrees_with_exact_on_most_small_instances() -> None:
    agree = sum(solve_heuristic(p).value == pytest.approx(solve_exact(p).value)
                for p in (random_problem(500 + seed, 12) for seed in range(30)))
    assert agree >= 25


def test_heuristic_beats_greedy_where_one_big_item_blocks_two_good_ones() -> None:
    # greedy by value takes the 0.9 item, which overlaps both 0.6 items that together give 1.2
    items = [Item(value=0.9, usage=(0.0,), begin=0, end=4),
             Item(value=0.6, usage=(0.0,), begin=0, end=2),
             Item(value=0.6, usage=(0.0,), begin=2, end=4)]
    problem = Problem(items=items, capacities=(math.inf,))
    assert solve_greedy(problem).value == pytest.approx(0.9)
    assert solve_heuristic(problem).value == pytest.approx(1.2)
    assert solve_exact(problem).chosen == {1, 2}


def test_forced_items_stay_in_even_when_they_break_a_limit() -> None:
    items = [Item(value=0.1, usage=(900.0,), begin=0, end=1, forced=True),
             Item(value=0.9, usage=(200.0,), begin=2, end=3),
             Item(value=0.5, usage=(0.0,), begin=4, end=5)]
    problem = Problem(items=items, capacities=(1000.0,))
    for solve in (solve_exact, solve_heuristic, solve_greedy):
        assert solve(problem).chosen == {0, 2}


def test_forced_items_that_overlap_each_other_keep_others_out_of_both() -> None:
    items = [Item(value=0.2, usage=(0.0,), begin=0, end=10, forced=True),
             Item(value=0.2, usage=(0.0,), begin=2, end=3, forced=True),
             Item(value=0.9, usage=(0.0,), begin=5, end=6),
             Item(value=0.9, usage=(0.0,), begin=11, end=12)]
    problem = Problem(items=items, capacities=(math.inf,))
    for solve in (solve_exact, solve_heuristic, solve_greedy):
        assert solve(problem).chosen == {0, 1, 3}


def test_a_usage_per_capacity_is_required() -> None:
    with pytest.raises(ValueError, match="one usage per capacity"):
        Problem(items=[Item(value=1, usage=(1.0, 2.0), begin=0, end=1)], capacities=(1.0,))


def test_the_heuristic_handles_thousands_of_items() -> None:
    problem = random_problem(7, 2000)
    solution = solve_heuristic(problem)
    assert feasible(problem, solution.chosen)
    assert solution.value >= solve_greedy(problem).value - 1e-9


@pytest.mark.parametrize("seed", range(10))
def test_with_no_binding_limit_the_heuristic_is_the_interval_optimum(seed: int) -> None:
    loose = random_problem(900 + seed, 12)
    problem = Problem(items=loose.items, capacities=(math.inf, math.inf, math.inf))
    solution = solve_heuristic(problem)
    assert solution.optimal and feasible(problem, solution.chosen)
    assert solution.value == pytest.approx(brute_force(problem))


@pytest.mark.parametrize("seed", range(20))
def test_the_heuristic_leaves_no_item_that_would_still_fit(seed: int) -> None:
    problem = random_problem(700 + seed, 60)
    chosen = solve_heuristic(problem).chosen
    for i, item in enumerate(problem.items):
        if i not in chosen and item.value > 0:
            assert not feasible(problem, chosen | {i})
