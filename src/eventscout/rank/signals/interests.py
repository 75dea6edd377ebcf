"""The interests signal: how well an event meets the profile's interests (the topical score).

It also decides whether the event is on topic: met directly (not only near an interest through a
broader term). Off-topic events get their practical parts damped (:data:`OFF_TOPIC_FACTOR`,
:data:`RELATED_FACTOR`), and the ranker marks them not relevant.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Event
from ..explain import _and, interests_sentence
from ..interests import InterestHit
from ._base import Case, Part, RankContext, Stage

__all__ = ["OFF_TOPIC_FACTOR", "RELATED_FACTOR", "Interests"]

#: what goals, place and price count for an event on none of the profile's interests (only
#: near one, or on none): practical merits must not lift an off-topic event over on-topic ones
OFF_TOPIC_FACTOR = 0.4
#: the same for an event only near an interest ("related: data")
RELATED_FACTOR = 0.7


def interest_text(direct: Sequence[InterestHit]) -> str:
    """ "matches your interest agile; agile is under your interest leadership": an interest met
    through a narrower term names that term, so the reason never claims more than was seen."""
    exact = [hit for hit in direct if not hit.within]
    parts = []
    if exact:
        parts.append(interests_sentence(tuple(hit.interest for hit in exact[:3]),
                                        exact[0].phrase))
    under: dict[str, list[str]] = {}
    for hit in direct:
        if hit.within:
            under.setdefault(hit.phrase, []).append(hit.interest)
    for phrase, parents in list(under.items())[:2]:
        plural = "interests" if len(parents) > 1 else "interest"
        parts.append(f"{phrase} is under your {plural} {_and(parents[:3])}")
    return "; ".join(parts)


class Interests:
    """The profile's weighted interests, through the vocabulary (see ``rank/interests.py``).

    :attr:`seen` collects the interests some kept event met (directly or as related): the others
    may be unknown terms, which the ranking reports."""

    name = "interests"
    stage = Stage.TOPIC

    def __init__(self, context: RankContext) -> None:
        self._scorer = context.interests
        self.weight = context.weights.interests
        self._norm = context.norm
        self._book = context.book
        self.seen: set[str] = set()

    def judge(self, event: Event, case: Case) -> Part | None:
        value, hits = self._scorer.score(event)
        direct = [hit for hit in hits if not hit.related]
        part = self.weight * value / self._norm if value else 0.0
        if not direct:
            case.on_topic = False
            case.damp = RELATED_FACTOR if part else OFF_TOPIC_FACTOR
        if not value:
            return None
        self.seen.update(hit.interest for hit in hits)
        if direct:
            reason = self._book.reason("interests", part, interest_text(direct))
        else:
            phrases = sorted({hit.phrase for hit in hits})[:3]
            reason = self._book.reason("interests", part, "related: " + _and(phrases))
        return Part((part,), (reason,))
