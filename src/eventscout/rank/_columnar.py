"""The default signals over an index's columns: one ranking of all events at array speed.

:func:`rank_columns` gives the very scores, order and exclusions the per-event path
(``_Ranker.judge`` for every event) gives, for the built-in signals: each rule is worked out with
NumPy over :class:`~eventscout.rank.columns.IndexColumns`, or once per group of events sharing a
value with the per-event function itself. Interests are scored over the word postings
(``rank/_interest_columns.py``); feedback runs its own per-event ``judge`` only on the events
the postings say can match. Scores are summed in the same order as the per-event path, so they
are equal to the last bit.

A ranking made this way explains itself lazily: a :class:`~eventscout.rank.Match` (its reasons)
or an :class:`~eventscout.rank.Exclusion` (its sentence) is made by the per-event path when it
is first read, so ranking 100,000 events does not write 100,000 explanations nobody reads.
A profile with signals of its own (``rank_events(..., signals=...)``) is ranked event by event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..model import AttendanceMode, EventKind
from ._goal_columns import goal_strength, read_goal_evidence
from ._interest_columns import interest_scores
from .columns import FIELDS, MODE_CODES, Groups, IndexColumns, microseconds
from .money import cheapest
from .practical import country_of
from .signals import (
    OFF_TOPIC_FACTOR,
    RELATED_FACTOR,
    Case,
    Conflict,
    Dismissed,
    FeedbackSignal,
    Goals,
    Interests,
    Language,
    Place,
    PracticalRules,
    Price,
    Signal,
    TravelRange,
)

if TYPE_CHECKING:
    from ._ranker import _Ranker
    from .index import RankIndex

__all__ = ["EXCLUSIONS", "Outcome", "prepare", "rank_columns", "supports"]

#: the exclusion rules in the order the per-event path tries them
EXCLUSIONS = ("cancelled", "past", "horizon", "kind", "format", "language", "over_budget",
              "region", "too_far", "dismissed")
_CODE = {name: code for code, name in enumerate(EXCLUSIONS)}
#: each rule's place in the alphabetical order exclusions are listed in
_NAME_RANK = np.argsort(np.argsort(np.array(EXCLUSIONS)))
_MODES = list(MODE_CODES)

Floats = npt.NDArray[np.float64]


class _Batch:
    """What one ranking works out for every event, signal after signal."""

    def __init__(self, ranker: _Ranker, index: RankIndex, columns: IndexColumns) -> None:
        self.ranker = ranker
        self.context = ranker.context
        self.practical = ranker.context.practical
        self.index = index
        self.columns = columns
        size = columns.size
        self.alive = np.ones(size, dtype=bool)
        self.excluded_by = np.full(size, -1, dtype=np.int64)
        #: kilometres from home to each distinct point (None: unknown), for the place rules
        self.group_distances = [self.practical.distance_to(point)
                                for point in columns.points.values]
        self.topic = np.zeros(size)
        self.on_topic = np.ones(size, dtype=bool)
        self.damp = np.ones(size)
        self.practical_sum = np.zeros(size)
        self.later: list[Floats] = []

    def exclude(self, mask: npt.NDArray[np.bool_], name: str) -> None:
        """Leave out the events still in that ``mask`` holds, by rule ``name``."""
        hit = mask & self.alive
        self.excluded_by[hit] = _CODE[name]
        self.alive &= ~hit

    def case(self, number: int) -> Case:
        """The per-event path's view of event ``number``."""
        return Case.of(self.index.modes[number], self.index.points[number], self.practical)

    def by_point_and_mode(self, function: Callable[[float | None, AttendanceMode], float | bool],
                          dtype: npt.DTypeLike = np.float64) -> npt.NDArray[Any]:
        """``function(distance, mode)`` for every event, worked out once per (place, mode)."""
        table = np.array([
            [function(None if mode is AttendanceMode.ONLINE else distance, mode)
             for mode in _MODES]
            for distance in (*self.group_distances, None)], dtype=dtype)
        return table[self.columns.points.codes, self.columns.mode]

    def by_mode(self, function: Callable[[AttendanceMode], bool]) -> npt.NDArray[np.bool_]:
        return np.array([function(mode) for mode in _MODES], dtype=bool)[self.columns.mode]

    def weighted(self, signal: Place | Price, value: Floats) -> Floats:
        """A weighted practical part as :class:`~eventscout.rank.signals.WeightedPractical`
        makes it, in the same order of operations."""
        return signal.weight * value / self.context.norm * self.damp


def _practical_rules(signal: Signal, batch: _Batch) -> None:
    practical, columns = batch.practical, batch.columns
    profile = practical.profile
    batch.exclude(columns.cancelled, "cancelled")
    timed = columns.end_day < 0
    batch.exclude(np.where(timed, columns.end_us <= microseconds(practical.now),
                           columns.end_day < practical.aoe_today.toordinal()), "past")
    batch.exclude(columns.start_day > practical.last_day.toordinal(), "horizon")
    if profile.exclude_kinds:
        kinds = np.array([kind in profile.exclude_kinds for kind in EventKind], dtype=bool)
        batch.exclude(kinds[columns.kind], "kind")
    batch.exclude(batch.by_mode(lambda mode: mode is not AttendanceMode.HYBRID
                                and mode not in profile.formats), "format")
    batch.exclude(columns.languages.spread(practical.unspoken, False, bool), "language")
    if profile.budget is not None:
        batch.exclude(columns.prices.spread(
            lambda price: practical.over_budget(cheapest(price), price.currency) is not None,
            False, bool), "over_budget")
    if profile.regions:
        countries: Groups[str] = columns.cached(
            "countries", lambda: Groups(map(country_of, columns.events)))
        table = np.array([[practical.outside_regions(country, mode) is not None
                           for mode in _MODES] for country in (*countries.values, None)])
        batch.exclude(table[countries.codes, columns.mode], "region")


def _travel_range(signal: Signal, batch: _Batch) -> None:
    too_far = batch.practical.too_far
    batch.exclude(batch.by_point_and_mode(lambda d, mode: too_far(d, mode) is not None, bool),
                  "too_far")


def _dismissed(signal: Signal, batch: _Batch) -> None:
    if not batch.context.feedback.dismisses:
        return  # verdicts that only like: no event to leave out, none to ask about
    dismissed = batch.context.feedback.dismissed
    events = batch.columns.events
    alive = np.flatnonzero(batch.alive)
    batch.exclude(_mark(batch.columns.size, [n for n in alive.tolist() if dismissed(events[n])]),
                  "dismissed")


def _interests(signal: Signal, batch: _Batch) -> None:
    assert isinstance(signal, Interests)
    found = interest_scores(batch.context.interests, batch.columns.postings,
                            np.flatnonzero(batch.alive))
    # an event no interest word reaches is off topic, as the per-event path finds it
    batch.on_topic[:] = False
    batch.damp[:] = OFF_TOPIC_FACTOR
    numbers, value = found.numbers, found.value
    part = np.where(value != 0.0, signal.weight * value / batch.context.norm, 0.0)
    batch.topic[numbers] = part
    batch.on_topic[numbers] = found.direct
    batch.damp[numbers] = np.where(found.direct, 1.0,
                                   np.where(part != 0.0, RELATED_FACTOR, OFF_TOPIC_FACTOR))
    signal.seen |= found.seen


def _goals(signal: Signal, batch: _Batch) -> None:
    assert isinstance(signal, Goals)
    now, alive = batch.context.now, np.flatnonzero(batch.alive)
    for goal in batch.context.goals.goals:
        strength = goal_strength(batch.columns, goal, now, alive)
        batch.practical_sum += signal.part_of(goal) * strength * batch.damp


def _place(signal: Signal, batch: _Batch) -> None:
    assert isinstance(signal, Place)
    batch.practical_sum += batch.weighted(signal, batch.by_point_and_mode(
        lambda d, mode: signal.at(d, mode)[0]))


def _price(signal: Signal, batch: _Batch) -> None:
    assert isinstance(signal, Price)
    batch.practical_sum += batch.weighted(signal, batch.columns.price_value)


def _language(signal: Signal, batch: _Batch) -> None:
    assert isinstance(signal, Language)
    def term(languages: tuple[str, ...]) -> float:
        found = signal.term(languages)
        return 0.0 if found is None else found[0]

    batch.later.append(batch.columns.languages.spread(term, 0.0))


def _feedback(signal: Signal, batch: _Batch) -> None:
    assert isinstance(signal, FeedbackSignal)
    feedback, columns = batch.context.feedback, batch.columns
    words: set[str] = set()
    series: set[str] = set()
    for entry in feedback.entries:
        words |= entry.words
        series |= entry.series_words
    # no word in common with any verdict and plain ASCII: the per-event path finds nothing
    alive = np.flatnonzero(batch.alive)
    reach = np.union1d(np.union1d(columns.with_any(words | series, alive, ("title",)),
                                  columns.with_any(words, alive, ("topics",))),
                       alive[columns.non_ascii_titles()[alive]])
    # a lift then a cut, in the per-event path's order; a missing term adds 0.0, which
    # changes no sum, so a lone term may sit in the first slot whichever it is
    slots = [np.zeros(columns.size), np.zeros(columns.size)]
    for number in reach.tolist():
        part = signal.judge(columns.events[number], batch.case(number))
        if part is not None:
            for slot, term in zip(slots, part.terms, strict=False):
                slot[number] = term
    batch.later += slots


def _conflict(signal: Signal, batch: _Batch) -> None:
    assert isinstance(signal, Conflict)
    cut = np.zeros(batch.columns.size)
    events = batch.columns.events
    for number in np.flatnonzero(batch.alive).tolist():
        part = signal.judge(events[number], batch.case(number))
        if part is not None:
            cut[number] = part.terms[0]
    batch.later.append(cut)


def _mark(size: int, numbers: Sequence[int]) -> npt.NDArray[np.bool_]:
    mask = np.zeros(size, dtype=bool)
    mask[list(numbers)] = True
    return mask


_COLUMNAR: dict[type, Callable[[Signal, _Batch], None]] = {
    PracticalRules: _practical_rules, TravelRange: _travel_range, Dismissed: _dismissed,
    Interests: _interests, Goals: _goals, Place: _place, Price: _price, Language: _language,
    FeedbackSignal: _feedback, Conflict: _conflict,
}


def supports(signals: Sequence[Signal]) -> bool:
    """Whether every signal is a built-in one with a columnar form (subclasses are not: they may
    judge differently)."""
    return all(type(signal) in _COLUMNAR for signal in signals)


class Outcome:
    """Scores and order of one columnar ranking: ``kept`` event numbers best first with their
    ``scores``, ``on_topic`` flags, and the excluded events (:meth:`excluded`)."""

    def __init__(self, kept: npt.NDArray[np.int64], scores: Floats,
                 on_topic: npt.NDArray[np.bool_], columns: IndexColumns,
                 out: npt.NDArray[np.int64], excluded_by: npt.NDArray[np.int64]) -> None:
        self.kept = kept
        self.scores = scores
        self.on_topic = on_topic
        self.excluded_count = len(out)
        self._columns, self._out, self._by = columns, out, excluded_by
        self._excluded: list[int] | None = None

    def excluded(self) -> list[int]:
        """The excluded event numbers in listing order (rule name, day, key, title), sorted
        when first asked for: most callers count the exclusions and read none."""
        if self._excluded is None:
            out = self._out
            self._excluded = self._columns.listing_order(
                out, _NAME_RANK[self._by[out]]).tolist()
        return self._excluded


def rank_columns(ranker: _Ranker, index: RankIndex) -> Outcome:
    """Every signal of ``ranker`` over ``index``'s columns (see the module text)."""
    columns = index.columns
    batch = _Batch(ranker, index, columns)
    for signal in ranker.signals:
        _COLUMNAR[type(signal)](signal, batch)
    score = batch.topic + batch.practical_sum
    for term in batch.later:
        score += term
    score = np.minimum(1.0, np.maximum(0.0, score))
    kept = np.flatnonzero(batch.alive)
    kept = columns.best_first(kept, score[kept])
    return Outcome(kept, score, batch.on_topic, columns, np.flatnonzero(~batch.alive),
                   batch.excluded_by)


def prepare(index: RankIndex) -> None:
    """Everything profile-independent the columnar rankings of ``index`` make on demand, made
    now for every event: the columns, every event's word postings and the words each field
    holds, every goal's evidence, the series, the tie and day orders, the non-ASCII titles."""
    columns = index.columns
    everything = np.arange(columns.size, dtype=np.int64)
    postings = columns.postings
    postings.cover(everything)
    for field in FIELDS:
        postings.held(field, ())
    read_goal_evidence(columns, everything)
    for with_source in (True, False):
        columns.day_rank(with_source)
    columns.non_ascii_titles()
