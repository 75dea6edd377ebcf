"""The feedback signal: liked and attended events lift similar ones, dismissed ones lower them."""

from __future__ import annotations

from ...model import Event
from ._base import Case, Part, RankContext, Stage

__all__ = ["FeedbackSignal"]


class FeedbackSignal:
    """The person's verdicts (``rank/feedback.py``): a lift term and a cut term, each reasoned."""

    name = "feedback"
    stage = Stage.ADJUST

    def __init__(self, context: RankContext) -> None:
        self._feedback = context.feedback
        self._book = context.book
        self.weight = context.weights.feedback

    def judge(self, event: Event, case: Case) -> Part | None:
        signal = self._feedback.signal(event)
        if not signal.up_text and not signal.down_text:
            return None
        terms: list[float] = []
        reasons = []
        if signal.up_text:
            terms.append(self.weight * signal.up)
            reasons.append(self._book.reason("feedback", self.weight * signal.up, signal.up_text))
        if signal.down_text:
            terms.append(-(self.weight * signal.down))
            reasons.append(self._book.reason("feedback", -self.weight * signal.down,
                                             signal.down_text))
        return Part(tuple(terms), tuple(reasons))
