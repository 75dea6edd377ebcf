"""The goals signal: what an event offers each career goal the profile values.

Each piece of evidence (``rank/goals.py``) adds its goal's share of the goals weight times its
strength, damped for off-topic events, with its own reason.
"""

from __future__ import annotations

import datetime as dt

from ...model import Event
from ...profile import Goal
from ._base import Case, Part, RankContext, Stage

__all__ = ["Goals"]


class Goals:
    """The profile's weighted goals (job opportunities, mentorship, visibility, ...)."""

    name = "goals"
    stage = Stage.PRACTICAL

    def __init__(self, context: RankContext) -> None:
        self._scorer = context.goals
        #: in UTC: a call closing in the hour a clock change repeats is judged by its instant
        self._now = context.now.astimezone(dt.UTC)
        self._book = context.book
        self.weight = context.weights.goals
        #: what full evidence for each goal adds to the score
        self._parts = {
            goal: self.weight * weight / (self._scorer.total * context.norm)
            for goal, weight in self._scorer.goals.items()
        }

    def part_of(self, goal: Goal) -> float:
        """What full evidence for ``goal`` adds to an on-topic event's score."""
        return self._parts[goal]

    def judge(self, event: Event, case: Case) -> Part | None:
        evidence = self._scorer.evidence(event, self._now)
        if not evidence:
            return None
        damp, book = case.damp, self._book
        terms = []
        reasons = []
        for item in evidence:
            part = self._parts[item.goal] * item.strength * damp
            terms.append(part)
            reasons.append(book.reason(item.goal.value, part, item.text))
        return Part(tuple(terms), tuple(reasons))
