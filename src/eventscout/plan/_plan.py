"""The year plan: the ranked events that together give the most relevance within the year's limits.

:func:`make_plan` takes the ranker's matches (anything with ``.event`` and ``.score``), costs each
event (:func:`~eventscout.plan.cost_event`), drops what cannot be in (another year, dismissed,
clashing with a busy time), and solves the rest: exactly up to ``settings.exact_up_to`` candidates,
by the heuristic beyond. Events marked going are always in. Every event gets a
:class:`PlanEntry` with a reason that states facts about the plan found: what it would add to a
limit, which chosen event it overlaps and how the scores compare.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal
from typing import Protocol

from attrs import frozen

from ..model import Event
from ._costs import Candidate, Period, clashes, cost_event, day_span
from ._settings import Action, PlanSettings
from ._solve import Item, Problem, overlap, solve_exact, solve_heuristic

__all__ = ["Plan", "PlanEntry", "QuarterTotals", "ScoredEvent", "Totals", "make_plan", "money"]


class ScoredEvent(Protocol):
    """What the planner needs of a ranked event: the ranker's ``Match`` is one."""

    @property
    def event(self) -> Event: ...

    @property
    def score(self) -> float: ...


@frozen(kw_only=True)
class PlanEntry:
    """One event's verdict: in the plan or not, and why (``signal`` names the rule: going, chosen,
    other_year, dismissed, busy, overlap, budget, days_away, max_events, balance, no_score, and
    unexplored when a search cut short never reached it)."""

    candidate: Candidate
    included: bool
    signal: str
    reason: str

    @property
    def event(self) -> Event:
        return self.candidate.event


@frozen(kw_only=True)
class QuarterTotals:
    """What the plan holds in one quarter of the year (by each event's first day)."""

    quarter: int
    events: int
    cost: Decimal
    days_away: int


@frozen(kw_only=True)
class Totals:
    """Sums over the chosen events."""

    events: int
    cost: Decimal
    tickets: Decimal
    travel: Decimal
    days_away: int
    score: float
    by_quarter: tuple[QuarterTotals, ...]


@frozen(kw_only=True)
class Plan:
    """A year's plan: every event's entry (chosen ones first, by date), totals and how it was
    solved (``optimal``: proven best; ``method``: "exact" or "heuristic")."""

    year: int
    settings: PlanSettings
    entries: tuple[PlanEntry, ...]
    totals: Totals
    method: str
    optimal: bool
    warnings: tuple[str, ...] = ()

    @property
    def chosen(self) -> tuple[PlanEntry, ...]:
        return tuple(entry for entry in self.entries if entry.included)

    @property
    def left_out(self) -> tuple[PlanEntry, ...]:
        return tuple(entry for entry in self.entries if not entry.included)

    @property
    def events(self) -> tuple[Event, ...]:
        """The chosen events, by date: what a ``plan.ics`` feed holds."""
        return tuple(entry.event for entry in self.chosen)


def money(amount: Decimal, currency: str) -> str:
    """An amount as people read it: ``1,840 EUR`` (cents only when there are some)."""
    whole = amount == amount.to_integral_value()
    return f"{amount:,.0f} {currency}" if whole else f"{amount:,.2f} {currency}"


def _dimensions(settings: PlanSettings) -> list[tuple[str, float, Action | None]]:
    """(signal, capacity, action) per limited dimension, in the solver's usage order."""
    dims: list[tuple[str, float, Action | None]] = [
        ("budget", float(settings.yearly_budget) if settings.yearly_budget is not None
         else math.inf, None),
        ("days_away", float(settings.max_days_away) if settings.max_days_away is not None
         else math.inf, None),
        ("max_events", float(settings.max_events) if settings.max_events is not None
         else math.inf, None),
    ]
    dims.extend(("balance", float(count), action) for action, count in settings.balance.items())
    return dims


def _usage(candidate: Candidate, dims: Sequence[tuple[str, float, Action | None]]
           ) -> tuple[float, ...]:
    values = [float(candidate.cost), float(candidate.days_away), 1.0]
    values.extend(1.0 if candidate.action is action else 0.0 for _, _, action in dims[3:])
    return tuple(values)


def _cost_words(candidate: Candidate, currency: str) -> str:
    parts = [f"score {candidate.score:.2f}"]
    if candidate.cost:
        ticket = candidate.ticket or Decimal(0)
        parts.append(f"{money(candidate.cost, currency)} (ticket {money(ticket, currency)}, "
                     f"travel {money(candidate.travel, currency)})")
    else:
        parts.append("no cost")
    parts.append(f"{candidate.days_away} day{'s' if candidate.days_away != 1 else ''} away")
    return ", ".join(parts + list(candidate.notes))


def _limit_words(signal: str, before: float, use: float, cap: float, action: Action | None,
                 settings: PlanSettings) -> str:
    """Why one more event breaks a limit, with the figures: ``before`` is what the plan uses."""
    if signal == "budget":
        total = Decimal(str(round(before + use, 2)))
        return (f"would exceed the yearly budget ({money(total, settings.currency)} of "
                f"{money(Decimal(str(round(cap, 2))), settings.currency)})")
    if signal == "days_away":
        return f"would exceed the days away ({before + use:g} of {cap:g})"
    plural = "event" if before == 1 else "events"
    if signal == "max_events":
        return f"the plan already has {before:g} {plural}, the most allowed is {cap:g}"
    assert action is not None
    name = action.value.replace("_", " ")
    return (f"the plan already has {before:g} {name} {plural}, the most the balance allows "
            f"is {cap:g}")


def _overlap_words(candidate: Candidate, other: Candidate, optimal: bool) -> str:
    title = other.event.title
    if other.going:
        return f"overlaps {title}, which you marked going"
    if other.score > candidate.score:
        return f"overlaps {title}, which scores higher ({other.score:.2f} vs {candidate.score:.2f})"
    text = f"overlaps {title}, which is in the plan (score {other.score:.2f} vs {candidate.score:.2f})"
    if optimal:
        text += "; no plan with this event instead scores more in total"
    return text


def make_plan(matches: Iterable[ScoredEvent], settings: PlanSettings, *, year: int,
              home: tuple[float, float] | None = None, going: Collection[str] = (),
              dismissed: Collection[str] = (), talks: Collection[str] = (),
              busy: Iterable[Period] = ()) -> Plan:
    """The plan for ``year``. ``going``, ``dismissed`` and ``talks`` (accepted talks) hold event
    keys; ``home`` is (latitude, longitude) for travel; ``busy`` the person's busy periods."""
    busy_periods = list(busy)
    entries: list[PlanEntry] = []
    pool: list[Candidate] = []
    for match in matches:
        event = match.event
        candidate = cost_event(event, match.score, settings, home=home,
                               going=event.key in going, talk=event.key in talks)
        if event.first_day.year != year:
            entries.append(PlanEntry(candidate=candidate, included=False, signal="other_year",
                                     reason=f"left out: not in {year}"))
        elif event.key in dismissed and not candidate.going:
            entries.append(PlanEntry(candidate=candidate, included=False, signal="dismissed",
                                     reason="left out: you dismissed it"))
        elif not candidate.going and (taken := clashes(event, busy_periods)):
            entries.append(PlanEntry(candidate=candidate, included=False, signal="busy",
                                     reason=f"left out: clashes with your busy time "
                                            f"'{taken[0].summary}'"))
        else:
            pool.append(candidate)
    dims = _dimensions(settings)
    items = []
    for candidate in pool:
        begin, end = day_span(candidate.event)
        items.append(Item(value=candidate.score, usage=_usage(candidate, dims), begin=begin,
                          end=end, forced=candidate.going))
    problem = Problem(items=items, capacities=[cap for _, cap, _ in dims])
    if len(items) <= settings.exact_up_to:
        solution, method = solve_exact(problem), "exact"
    else:
        solution, method = solve_heuristic(problem), "heuristic"
    chosen = sorted(solution.chosen, key=lambda i: (pool[i].event.first_day, pool[i].event.key))
    used = [sum(items[i].usage[d] for i in chosen) for d in range(len(dims))]
    warnings = [f"the events marked going alone go over the limit {signal} "
                f"({used[d]:g} of {cap:g})"
                for d, (signal, cap, _) in enumerate(dims) if used[d] > cap + 1e-9]
    included = [_chosen_entry(pool[i], settings, busy_periods) for i in chosen]
    left = [i for i in range(len(pool)) if i not in solution.chosen]
    entries.extend(_left_out(pool[i], items[i], [(pool[j], items[j]) for j in chosen],
                             used, dims, settings, solution.optimal) for i in left)
    entries.sort(key=lambda e: (-e.candidate.score, e.event.key))
    return Plan(year=year, settings=settings, entries=(*included, *entries),
                totals=_totals([pool[i] for i in chosen]), method=method,
                optimal=solution.optimal, warnings=tuple(warnings))


def _chosen_entry(candidate: Candidate, settings: PlanSettings,
                  busy: Sequence[Period]) -> PlanEntry:
    words = _cost_words(candidate, settings.currency)
    if not candidate.going:
        return PlanEntry(candidate=candidate, included=True, signal="chosen", reason=f"in: {words}")
    taken = clashes(candidate.event, busy)
    clash = f"; it clashes with your busy time '{taken[0].summary}'" if taken else ""
    return PlanEntry(candidate=candidate, included=True, signal="going",
                     reason=f"in: you marked it going ({words}){clash}")


def _left_out(candidate: Candidate, item: Item, chosen: Sequence[tuple[Candidate, Item]],
              used: Sequence[float], dims: Sequence[tuple[str, float, Action | None]],
              settings: PlanSettings, optimal: bool) -> PlanEntry:
    """Why a candidate is not in the plan: the chosen events it overlaps, else the limits it would
    break; an event breaking neither is left out only for scoring nothing."""
    overlapping = [other for other, other_item in chosen if overlap(item, other_item)]
    if overlapping:
        best = max(overlapping, key=lambda other: (other.going, other.score))
        return PlanEntry(candidate=candidate, included=False, signal="overlap",
                         reason="left out: " + _overlap_words(candidate, best, optimal))
    broken = [(signal, used[d], item.usage[d], cap, action)
              for d, (signal, cap, action) in enumerate(dims)
              if item.usage[d] > 1e-9 and used[d] + item.usage[d] > cap + 1e-9]
    if broken:
        words = "; ".join(_limit_words(*limit, settings) for limit in broken)
        return PlanEntry(candidate=candidate, included=False, signal=broken[0][0],
                         reason=f"left out: {words}")
    if candidate.score <= 0:
        return PlanEntry(candidate=candidate, included=False, signal="no_score",
                         reason="left out: it scores 0, adding nothing")
    return PlanEntry(candidate=candidate, included=False, signal="unexplored",
                     reason="left out: it would fit, but the search stopped before trying it")


def _totals(chosen: Sequence[Candidate]) -> Totals:
    quarters = []
    for quarter in range(1, 5):
        inside = [c for c in chosen if (c.event.first_day.month - 1) // 3 + 1 == quarter]
        quarters.append(QuarterTotals(quarter=quarter, events=len(inside),
                                      cost=sum((c.cost for c in inside), Decimal(0)),
                                      days_away=sum(c.days_away for c in inside)))
    return Totals(events=len(chosen), cost=sum((c.cost for c in chosen), Decimal(0)),
                  tickets=sum((c.ticket or Decimal(0) for c in chosen), Decimal(0)),
                  travel=sum((c.travel for c in chosen), Decimal(0)),
                  days_away=sum(c.days_away for c in chosen),
                  score=sum(c.score for c in chosen), by_quarter=tuple(quarters))
