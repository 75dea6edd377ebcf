"""The price signal: free, within budget, or not listed (an unknown price is not free)."""

from __future__ import annotations

from ...model import Event
from ._base import Case, Part, RankContext, Stage

__all__ = ["Price"]


class Price:
    """Free beats paid beats unknown (see ``rank/practical.py``)."""

    name = "price"
    stage = Stage.PRACTICAL

    def __init__(self, context: RankContext) -> None:
        self._practical = context.practical
        self._norm = context.norm
        self._book = context.book
        self.weight = context.weights.price

    def judge(self, event: Event, case: Case) -> Part | None:
        price, text = self._practical.price(event)
        part = self.weight * price / self._norm * case.damp
        if not text:
            return Part((part,))
        return Part((part,), (self._book.reason("price", part, text),))
