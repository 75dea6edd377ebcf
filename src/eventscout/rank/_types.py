"""The values the ranker hands out: a :class:`Match` with its :class:`Reason` list, an
:class:`Exclusion` naming why an event was left out, and the :class:`Ranking` holding both."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar, overload

from attrs import field, frozen

from ..model import Event

__all__ = ["Exclusion", "Explained", "Match", "Ranking", "Reason", "UnknownInterest"]

Item = TypeVar("Item")


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


class Explained(Sequence[Item]):
    """A ranking's matches or exclusions in their final order, each made when first read.

    The order (and, for matches, the scores and relevance) is fixed when the ranking is done
    (the columnar path sorts its exclusions when the first one is read); the explanation of one
    item (its reasons, its sentence) is worked out on first access and kept. It compares equal to any sequence of the same items, like a list."""

    def __init__(self, size: int, make: Callable[[int], Item],
                 relevant: Sequence[bool] | None = None) -> None:
        self._size = size
        self._make = make
        self._made: dict[int, Item] = {}
        #: per position, whether the match there is relevant (None: read each match)
        self.relevant_flags = relevant

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, position: int) -> Item: ...
    @overload
    def __getitem__(self, position: slice) -> list[Item]: ...
    def __getitem__(self, position: int | slice) -> Item | list[Item]:
        if isinstance(position, slice):
            return [self[number] for number in range(*position.indices(self._size))]
        if position < 0:
            position += self._size
        if not 0 <= position < self._size:
            raise IndexError("ranking position out of range")
        found = self._made.get(position)
        if found is None:
            found = self._made[position] = self._make(position)
        return found

    def __iter__(self) -> Iterator[Item]:
        return (self[number] for number in range(self._size))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Explained({len(self)} items)"


@frozen(kw_only=True)
class Ranking:
    """The outcome of :func:`eventscout.rank.rank_events`: matches best first, and exclusions.

    ``unknown_interests`` lists the profile's interests nothing has shown (also logged as a
    warning); ``floor`` is the profile's relevance floor, and :attr:`relevant` the matches that
    pass it. ``matches`` and ``excluded`` are sequences; a large ranking explains each item when
    it is first read (:class:`Explained`)."""

    matches: Sequence[Match] = field(factory=list)
    excluded: Sequence[Exclusion] = field(factory=list)
    unknown_interests: tuple[UnknownInterest, ...] = ()
    floor: float = 0.0

    def _relevant_positions(self) -> list[int]:
        flags = getattr(self.matches, "relevant_flags", None)
        if flags is None:
            return [n for n, match in enumerate(self.matches) if match.relevant]
        return [n for n, flag in enumerate(flags) if flag]

    @property
    def relevant(self) -> list[Match]:
        """The matches above the relevance floor (and on topic), best first."""
        return [self.matches[n] for n in self._relevant_positions()]

    @property
    def below_floor(self) -> int:
        """How many matches the relevance floor leaves out of must-attend and the top list."""
        return len(self.matches) - len(self._relevant_positions())

    def __iter__(self) -> Iterator[Match]:
        return iter(self.matches)

    def __len__(self) -> int:
        return len(self.matches)
