"""Planning a year: which events to go to within the year's limits, and which talks to submit.

* :func:`make_plan` chooses, from the ranker's matches, the events that together score most within
  ``[plan]``'s yearly budget (tickets and travel), days away, number of events and balance of
  actions, with no two overlapping and none clashing with a busy time; events marked going are
  always in, dismissed ones never. Every event gets a true reason; :func:`render_plan` prints it.
* The combinatorial core (:class:`Problem`, :func:`solve_exact`, :func:`solve_heuristic`,
  :func:`solve_greedy`) works on plain items and is benchmarked in ``benchmarks/plan.py``.
* Talks and their submissions (:class:`TalkBook`), with legal state changes only, kept in a TOML
  file; :func:`cfp_deadlines` lists the open calls that fit a talk, with reminder days.

See ``docs/how-to/plan-your-year.md``.
"""

from ._costs import Candidate, Period, action_of, cost_event
from ._plan import Plan, PlanEntry, QuarterTotals, ScoredEvent, Totals, make_plan, money
from ._render import render_plan
from ._settings import PLAN_SECTION, Action, PlanSettings, read_plan_settings
from ._solve import Item, Problem, Solution, solve_exact, solve_greedy, solve_heuristic
from ._talks import (
    REMINDER_DAYS,
    TRANSITIONS,
    CfpDeadline,
    IllegalTransition,
    State,
    Submission,
    Talk,
    TalkBook,
    cfp_deadlines,
    default_talks_path,
    load_talks,
    save_talks,
)

__all__ = [
    "PLAN_SECTION",
    "REMINDER_DAYS",
    "TRANSITIONS",
    "Action",
    "Candidate",
    "CfpDeadline",
    "IllegalTransition",
    "Item",
    "Period",
    "Plan",
    "PlanEntry",
    "PlanSettings",
    "Problem",
    "QuarterTotals",
    "ScoredEvent",
    "Solution",
    "State",
    "Submission",
    "Talk",
    "TalkBook",
    "Totals",
    "action_of",
    "cfp_deadlines",
    "cost_event",
    "default_talks_path",
    "load_talks",
    "make_plan",
    "money",
    "read_plan_settings",
    "render_plan",
    "save_talks",
    "solve_exact",
    "solve_greedy",
    "solve_heuristic",
]
