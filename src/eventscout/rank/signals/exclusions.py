"""The exclusion rules: the practical ones (past, cancelled, kind, format, language, horizon,
budget, region), the travel range, and the events the person dismissed.

They run before every scoring signal; the first that says no leaves the event out, with its reason
(:class:`~eventscout.rank.Exclusion`). The rules themselves live in
:class:`~eventscout.rank.practical.Practicalities` and :class:`~eventscout.rank.feedback.Feedback`.
"""

from __future__ import annotations

from ...model import Event
from ._base import Case, Part, RankContext, Stage

__all__ = ["Dismissed", "PracticalRules", "TravelRange"]


class PracticalRules:
    """Can the person go at all: the cheap rules of the profile (everything but distance)."""

    name = "practical"
    stage = Stage.EXCLUDE
    weight = 0.0

    def __init__(self, context: RankContext) -> None:
        self._practical = context.practical

    def judge(self, event: Event, case: Case) -> Part | None:
        excluded = self._practical.exclusion(event, case.mode)
        return None if excluded is None else Part.out(*excluded)


class TravelRange:
    """An event the person must travel to beyond ``max_distance_km`` is out."""

    name = "too_far"
    stage = Stage.EXCLUDE
    weight = 0.0

    def __init__(self, context: RankContext) -> None:
        self._practical = context.practical

    def judge(self, event: Event, case: Case) -> Part | None:
        excluded = self._practical.too_far(case.distance, case.mode)
        return None if excluded is None else Part.out(*excluded)


class Dismissed:
    """The very event the person dismissed (by key or exact title) is out."""

    name = "dismissed"
    stage = Stage.EXCLUDE
    weight = 0.0

    def __init__(self, context: RankContext) -> None:
        self._feedback = context.feedback

    def judge(self, event: Event, case: Case) -> Part | None:
        if self._feedback.dismissed(event):
            return Part.out("dismissed", "you dismissed this event")
        return None
