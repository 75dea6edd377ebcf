"""The values the ranker hands out: a :class:`Match` with its :class:`Reason` list, an
:class:`Exclusion` naming why an event was left out, and the :class:`Ranking` holding both."""

from __future__ import annotations

from collections.abc import Iterator

from attrs import field, frozen

from ..model import Event

__all__ = ["Exclusion", "Match", "Ranking", "Reason"]


@frozen(kw_only=True)
class Reason:
    """One signal's part in a score, in words a person accepts.

    ``signal`` is a short machine name ("interests", "visibility", "distance", "conflict", ...);
    ``contribution`` is what the signal added to (or, when negative, took from) the score.
    """

    signal: str
    contribution: float
    text: str

    def __str__(self) -> str:
        return self.text


def _unit(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


@frozen(kw_only=True)
class Match:
    """An event the ranker kept: its score in [0, 1] and its reasons, largest first."""

    event: Event
    score: float = field(converter=_unit)
    reasons: tuple[Reason, ...] = ()


@frozen(kw_only=True)
class Exclusion:
    """An event the ranker left out: ``signal`` names the rule ("past", "cancelled", "over_budget",
    "format", "too_far", "language", "horizon", "kind", "dismissed"), ``reason`` says it in words."""

    event: Event
    signal: str
    reason: str


@frozen(kw_only=True)
class Ranking:
    """The outcome of :func:`eventscout.rank.rank_events`: matches best first, and exclusions."""

    matches: list[Match] = field(factory=list)
    excluded: list[Exclusion] = field(factory=list)

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    def __len__(self) -> int:
        return len(self.matches)
