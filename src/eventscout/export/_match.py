"""What the exporter accepts: anything shaped like the ranker's ``Match``, or a plain Event.

The exporter must not need the ranker (a user may export events unranked), so it describes what
it reads as a :class:`typing.Protocol` instead of importing :mod:`eventscout.rank`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from attrs import frozen

from ..model import Event

__all__ = ["MatchLike", "ReasonLike", "UnrankedMatch", "as_match", "as_matches"]


@runtime_checkable
class ReasonLike(Protocol):
    """One reason a match was chosen; only its sentence is exported."""

    @property
    def text(self) -> str: ...


@runtime_checkable
class MatchLike(Protocol):
    """An event with a score in [0, 1] and the reasons for it (``eventscout.rank.Match``)."""

    @property
    def event(self) -> Event: ...

    @property
    def score(self) -> float: ...

    @property
    def reasons(self) -> Sequence[ReasonLike]: ...


@frozen(kw_only=True)
class UnrankedMatch:
    """A plain event exported without ranking: score 0 and no reasons."""

    event: Event
    score: float = 0.0
    reasons: tuple[ReasonLike, ...] = ()


def as_match(item: MatchLike | Event) -> MatchLike:
    """``item`` itself when it is match-shaped, or the event wrapped as an unranked match."""
    if isinstance(item, Event):
        return UnrankedMatch(event=item)
    if not isinstance(item, MatchLike):
        raise TypeError(f"cannot export {type(item).__name__}: expected an Event or a Match")
    return item


def as_matches(items: Iterable[MatchLike | Event]) -> list[MatchLike]:
    return [as_match(item) for item in items]
