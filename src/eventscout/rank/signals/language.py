"""The language signal: an event held in a language the person follows gets a small lift."""

from __future__ import annotations

from ...model import Event
from ..explain import language_name
from ._base import Case, Part, RankContext, Stage

__all__ = ["Language"]


class Language:
    """Only when the profile names languages and the event says its own."""

    name = "language"
    stage = Stage.ADJUST

    def __init__(self, context: RankContext) -> None:
        self._practical = context.practical
        self._book = context.book
        self.weight = context.weights.language

    def judge(self, event: Event, case: Case) -> Part | None:
        spoken = self._practical.spoken(event)
        if not spoken:
            return None
        text = f"held in {language_name(spoken)}, which you follow"
        return Part((self.weight,), (self._book.reason("language", self.weight, text),))
