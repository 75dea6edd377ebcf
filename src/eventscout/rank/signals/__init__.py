"""The ranker's signals: one module per signal, each a small class implementing :class:`Signal`.

:func:`default_signals` gives the list the ranker uses for a profile; pass your own factory to
``rank_events(..., signals=...)`` to add, drop or replace one (``docs/ranking.md``).
"""

from __future__ import annotations

from ._base import Case, Part, RankContext, Signal, SignalFactory, Stage
from .conflict import Conflict
from .exclusions import Dismissed, PracticalRules, TravelRange
from .feedback import FeedbackSignal
from .goals import Goals
from .interests import OFF_TOPIC_FACTOR, RELATED_FACTOR, Interests
from .language import Language
from .place import Place
from .price import Price

__all__ = [
    "OFF_TOPIC_FACTOR",
    "RELATED_FACTOR",
    "Case",
    "Conflict",
    "Dismissed",
    "FeedbackSignal",
    "Goals",
    "Interests",
    "Language",
    "Part",
    "Place",
    "PracticalRules",
    "Price",
    "RankContext",
    "Signal",
    "SignalFactory",
    "Stage",
    "TravelRange",
    "default_signals",
]


def default_signals(context: RankContext) -> list[Signal]:
    """The signals that apply to ``context``'s profile, in the order they run.

    Interests and goals only when the profile names some, feedback only when it has verdicts, the
    conflict check only when busy periods were given: a signal with nothing to go on is left out
    rather than asked about every event."""
    signals: list[Signal] = [PracticalRules(context), TravelRange(context)]
    if context.feedback:
        signals.append(Dismissed(context))
    if context.interests.interests:
        signals.append(Interests(context))
    if context.goals.goals:
        signals.append(Goals(context))
    signals += [Place(context), Price(context), Language(context)]
    if context.feedback:
        signals.append(FeedbackSignal(context))
    if context.busy:
        signals.append(Conflict(context))
    return signals
