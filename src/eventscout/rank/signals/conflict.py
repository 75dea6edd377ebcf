"""The conflict signal: an event that clashes with the person's busy times is lowered."""

from __future__ import annotations

from ...model import Event
from ._base import Case, Part, RankContext, Stage

__all__ = ["Conflict"]


class Conflict:
    """The busy periods the ranker was given (``rank/busy.py``); the ranker reads no files."""

    name = "conflict"
    stage = Stage.ADJUST

    def __init__(self, context: RankContext) -> None:
        self._busy = context.busy
        self._book = context.book
        self.weight = context.weights.conflict

    def judge(self, event: Event, case: Case) -> Part | None:
        clashes = self._busy.conflicts(event)
        if not clashes:
            return None
        busy = sorted({period.summary for period in clashes})
        text = "conflicts with " + " and ".join(busy[:2])
        return Part((-self.weight,), (self._book.reason("conflict", -self.weight, text),))
