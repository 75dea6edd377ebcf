"""The values the ranker hands out: a :class:`Match` with its :class:`Reason` list, an
:class:`Exclusion` naming why an event was left out, and the :class:`Ranking` holding both."""

from __future__ import annotations

from collections.abc import Iterator

from attrs import field, frozen

from ..model import Event

__all__ = ["Exclusion", "Match", "Ranking", "Reason", "UnknownInterest"]


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
    #: above the profile's relevance floor and, when the profile names interests, on one of
    #: them (not only near one): what must-attend and the CLI top list show
    relevant: bool = True


@frozen(kw_only=True)
class Exclusion:
    """An event the ranker left out: ``signal`` names the rule ("past", "cancelled", "over_budget",
    "format", "too_far", "region", "language", "horizon", "kind", "dismissed"), ``reason`` says it
    in words."""

    event: Event
    signal: str
    reason: str


@frozen(kw_only=True)
class UnknownInterest:
    """A profile interest neither the vocabulary nor any ranked event has ever used: probably a
    typo or a term to add to ``[profile.vocabulary]``. ``near`` holds the closest known terms."""

    interest: str
    near: tuple[str, ...] = ()

    def __str__(self) -> str:
        hint = f"; did you mean {', '.join(map(repr, self.near))}?" if self.near else ""
        return f"interest {self.interest!r} is unknown to the vocabulary and the events{hint}"


@frozen(kw_only=True)
class Ranking:
    """The outcome of :func:`eventscout.rank.rank_events`: matches best first, and exclusions.

    ``unknown_interests`` lists the profile's interests nothing has shown (also logged as a
    warning); ``floor`` is the profile's relevance floor, and :attr:`relevant` the matches that
    pass it."""

    matches: list[Match] = field(factory=list)
    excluded: list[Exclusion] = field(factory=list)
    unknown_interests: tuple[UnknownInterest, ...] = ()
    floor: float = 0.0

    @property
    def relevant(self) -> list[Match]:
        """The matches above the relevance floor (and on topic), best first."""
        return [match for match in self.matches if match.relevant]

    @property
    def below_floor(self) -> int:
        """How many matches the relevance floor leaves out of must-attend and the top list."""
        return sum(1 for match in self.matches if not match.relevant)

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    def __len__(self) -> int:
        return len(self.matches)
