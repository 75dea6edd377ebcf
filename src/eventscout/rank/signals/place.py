"""The place signal: online, near home, far, or hybrid (see ``rank/practical.py``)."""

from __future__ import annotations

from ...model import Event
from ._base import Case, Part, RankContext, Stage

__all__ = ["Place"]


class Place:
    """Closer is better; online needs no travel; an unknown place counts a little, silently."""

    name = "distance"
    stage = Stage.PRACTICAL

    def __init__(self, context: RankContext) -> None:
        self._practical = context.practical
        self._norm = context.norm
        self._book = context.book
        self.weight = context.weights.place

    def judge(self, event: Event, case: Case) -> Part | None:
        place, text = self._practical.place(case.distance, case.mode)
        part = self.weight * place / self._norm * case.damp
        if not text:
            return Part((part,))
        return Part((part,), (self._book.reason("distance", part, text),))
