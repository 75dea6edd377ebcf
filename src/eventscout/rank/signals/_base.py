"""The :class:`Signal` protocol: what every part of a score implements, and what it is given.

A signal looks at one event and says one of three things: nothing (``None``), a :class:`Part` of
the score with its reasons, or an exclusion (a :class:`Part` made by :meth:`Part.out`). The ranker
runs the signals of a profile in :class:`Stage` order and adds their parts up:

* ``EXCLUDE`` signals run first; the first exclusion ends the event's judgement;
* ``TOPIC`` parts (interests) make the topical score and tell whether the event is on topic, which
  sets the damping the practical parts get (:attr:`Case.damp`);
* ``PRACTICAL`` parts (goals, place, price) are summed apart and then added: they are damped for
  off-topic events so practical merits cannot lift them over on-topic ones;
* ``ADJUST`` parts (language, feedback, clashes) are added last, one term after the other.

Every signal of one ranking shares a :class:`RankContext`: the profile, ``now``, the weights and
their norm, the reason book and the profile's scorers, built once per ranking.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol, runtime_checkable

from ...model import AttendanceMode, Event
from ...profile import Profile
from ..busy import BusyCalendar
from ..explain import Ranked, ReasonBook
from ..feedback import Feedback
from ..goals import GoalScorer
from ..interests import InterestScorer
from ..practical import Practicalities
from ..vocabulary import Vocabulary
from ..weights import SignalWeights

__all__ = ["Case", "Part", "RankContext", "Signal", "SignalFactory", "Stage", "WeightedPractical"]


class Stage(enum.IntEnum):
    """When a signal runs and where its part goes (see the module text)."""

    EXCLUDE = 0
    TOPIC = 1
    PRACTICAL = 2
    ADJUST = 3


class Part(NamedTuple):
    """What one signal says of one event: its terms of the score, its reasons, or an exclusion.

    ``terms`` are added to the score one after the other (a signal with a lift and a cut, such
    as feedback, gives two terms); ``exclusion`` is ``(signal, reason)`` when the event is out.
    A named tuple: one is made per event and signal, and a tuple is built in C."""

    terms: tuple[float, ...] = ()
    reasons: tuple[Ranked, ...] = ()
    exclusion: tuple[str, str] | None = None

    @classmethod
    def out(cls, signal: str, reason: str) -> Part:
        """The event is left out by rule ``signal``, for ``reason`` (said in words)."""
        return cls(exclusion=(signal, reason))


class Case:
    """What the signals learn of one event while it is judged, shared between them.

    ``mode`` is how the person would attend (moved-online counts as online), ``distance`` the
    kilometres from home (None when unknown or online). The topic signal sets ``on_topic`` and
    ``damp``, which the practical signals multiply their parts by."""

    __slots__ = ("damp", "distance", "mode", "on_topic")

    def __init__(self, mode: AttendanceMode, distance: float | None) -> None:
        self.mode = mode
        self.distance = distance
        self.on_topic = True
        self.damp = 1.0

    @classmethod
    def of(cls, mode: AttendanceMode, point: tuple[float, float] | None,
           practical: Practicalities) -> Case:
        """The case of an event attended as ``mode`` at ``point``: no distance online."""
        return cls(mode, None if mode is AttendanceMode.ONLINE else practical.distance_to(point))


class RankContext:
    """What the signals of one ranking share: built once per profile and ``now``.

    ``norm`` is the sum of the weights that apply to this profile (interests and goals count only
    when the profile names some), so the relevance parts add up to at most 1."""

    def __init__(self, profile: Profile, now: dt.datetime, practical: Practicalities,
                 feedback: Feedback, busy: BusyCalendar) -> None:
        self.profile = profile
        self.now = now
        self.weights = SignalWeights().updated(getattr(profile, "weights", {}) or {})
        self.vocabulary = Vocabulary(user=profile.vocabulary)
        self.interests = InterestScorer(profile.interests, self.vocabulary)
        self.goals = GoalScorer(profile.goals)
        self.practical = practical
        self.feedback = feedback
        self.busy = busy
        self.book = ReasonBook()
        w = self.weights
        used = w.place + w.price
        used += w.interests if self.interests.interests else 0.0
        used += w.goals if self.goals.goals else 0.0
        self.norm = used or 1.0


@runtime_checkable
class Signal(Protocol):
    """One part of the ranking: a name (the :class:`~eventscout.rank.Reason` signal), a weight,
    a stage, and :meth:`judge`."""

    @property
    def name(self) -> str:
        """The machine name its reasons carry ("interests", "distance", ...)."""
        ...

    @property
    def stage(self) -> Stage:
        """When it runs and where its part goes."""
        ...

    @property
    def weight(self) -> float:
        """What full evidence adds to a score (0 for the exclusion rules)."""
        ...

    def judge(self, event: Event, case: Case) -> Part | None:
        """Its part of ``event``'s score, an exclusion (:meth:`Part.out`), or None."""
        ...


#: what ``rank_events(..., signals=...)`` takes: the signals for one ranking, from its context
SignalFactory = Callable[[RankContext], Sequence[Signal]]


class WeightedPractical:
    """A practical signal whose value (0..1) counts its weight, damped off topic like the goals,
    with the reason the rule gives when it has one. Subclasses say which weight and what value."""

    name = ""
    stage = Stage.PRACTICAL
    #: the :class:`~eventscout.rank.weights.SignalWeights` field holding the weight
    weight_field = ""

    def __init__(self, context: RankContext) -> None:
        self._practical = context.practical
        self._norm = context.norm
        self._book = context.book
        self.weight: float = getattr(context.weights, self.weight_field)

    def value(self, event: Event, case: Case) -> tuple[float, str | None]:
        """The rule's value for ``event`` and its reason text (None or "": no reason shown)."""
        raise NotImplementedError

    def judge(self, event: Event, case: Case) -> Part | None:
        value, text = self.value(event, case)
        part = self.weight * value / self._norm * case.damp
        if not text:
            return Part((part,))
        return Part((part,), (self._book.reason(self.name, part, text),))
