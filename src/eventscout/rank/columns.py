"""The events of a :class:`~eventscout.rank.RankIndex` as columns: what array-speed ranking reads.

Ranking 100,000 events one by one in Python costs tens of microseconds an event; most of that is
rules every event passes through (dates, formats, budget, distance, place and price values, goal
evidence). :class:`IndexColumns` holds, once per index and for every profile, what those rules
read: day numbers, instants in microseconds, mode and kind codes, and *groups* for values many
events share (a point, a language list, a price, a feature set), so that a profile-dependent rule
is worked out once per group with the very function the per-event path uses and then spread over
the events by a NumPy lookup. A set test per event against the words a text signal looks for (on
the tokeniser's cached cuts) lets it visit only the events that can match.

Everything here is derived from the events alone and built lazily: a profile that sets no budget
never makes the price groups' budget verdicts, one with no goals never reads the goal words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from ..model import AttendanceMode, Event, EventKind, EventStatus, Price
from .postings import FIELDS, Postings
from .practical import price_signal_of

__all__ = ["FIELDS", "MODE_CODES", "IndexColumns", "microseconds"]

MODE_CODES = {AttendanceMode.IN_PERSON: 0, AttendanceMode.ONLINE: 1, AttendanceMode.HYBRID: 2}
KIND_CODES = {kind: code for code, kind in enumerate(EventKind)}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICRO = dt.timedelta(microseconds=1)
_EMPTY = np.empty(0, dtype=np.int64)

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


def microseconds(instant: dt.datetime) -> int:
    """An aware instant as whole microseconds since 1970 (exact, unlike a float timestamp)."""
    return (instant - _EPOCH) // _MICRO


_NO_CALL = np.iinfo(np.int64).min


class Groups(Generic[Key]):
    """Distinct values of one per-event property and, per event, the number of its value.

    Events without the property get group -1. A rule that depends on the profile is then worked
    out once per distinct value (:meth:`spread`)."""

    def __init__(self, values: Iterable[Key | None]) -> None:
        numbers: dict[Key, int] = {}
        number = numbers.setdefault
        codes = [-1 if value is None else number(value, len(numbers)) for value in values]
        self.values: list[Key] = list(numbers)
        self.codes: npt.NDArray[np.int64] = np.array(codes, dtype=np.int64)

    def spread(self, function: Callable[[Key], float | bool], missing: float | bool,
               dtype: npt.DTypeLike = np.float64) -> npt.NDArray[Any]:
        """``function`` of every event's value (``missing`` for events without one)."""
        table = np.array([*(function(value) for value in self.values), missing], dtype=dtype)
        return table[self.codes]  # -1 picks the appended ``missing``


class IndexColumns:
    """Per-event columns of an index's events (see the module text). Build with the index's
    events and modes; every attribute is in the events' order."""

    def __init__(self, events: Sequence[Event], modes: Sequence[AttendanceMode],
                 points: Sequence[tuple[float, float] | None]) -> None:
        self.events = events
        self.size = len(events)
        self.mode = np.array([MODE_CODES[mode] for mode in modes], dtype=np.int8)
        self.points: Groups[tuple[float, float]] = Groups(points)
        starts, end_days, end_us, kinds, cancelled = [], [], [], [], []
        cfp_open_ended, cfp_closes = [], []
        for event in events:
            start = event.start
            starts.append((start.date() if isinstance(start, dt.datetime) else start).toordinal())
            end = event.end if event.end is not None else start
            if type(end) is dt.date:
                end_days.append(end.toordinal())
                end_us.append(0)
            else:
                end_days.append(-1)
                end_us.append(microseconds(event.end_instant()))
            kinds.append(KIND_CODES[event.kind])
            cancelled.append(event.status is EventStatus.CANCELLED)
            cfp = event.cfp
            cfp_open_ended.append(cfp is not None and cfp.closes is None)
            cfp_closes.append(microseconds(cfp.closes) if cfp is not None and cfp.closes
                              else _NO_CALL)
        self.start_day = np.array(starts, dtype=np.int64)
        #: the last day of an all-day event, -1 for timed ones (which use :attr:`end_us`)
        self.end_day = np.array(end_days, dtype=np.int64)
        self.end_us = np.array(end_us, dtype=np.int64)
        self.kind = np.array(kinds, dtype=np.int64)
        self.cancelled = np.array(cancelled, dtype=bool)
        #: a call for papers with no closing date (open whatever ``now``)
        self.cfp_open_ended = np.array(cfp_open_ended, dtype=bool)
        #: when a call closes, in microseconds; the int64 minimum when there is no dated call
        self.cfp_closes = np.array(cfp_closes, dtype=np.int64)
        self.has_cfp = self.cfp_open_ended | (self.cfp_closes != _NO_CALL)
        self.languages: Groups[tuple[str, ...]] = Groups(event.languages for event in events)
        self.prices: Groups[Price] = Groups(event.price for event in events)
        self.price_value = self.prices.spread(lambda price: price_signal_of(price)[0],
                                              price_signal_of(None)[0])
        self.features: Groups[frozenset[str]] = Groups(event.features or None for event in events)
        self._lazy: dict[Hashable, object] = {}

    def cached(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """``make()``, worked out once per index for ``key`` (profile-independent values only)."""
        found = self._lazy.get(key)
        if found is None:
            found = self._lazy[key] = make()
        return found  # type: ignore[return-value]

    # -- words ----------------------------------------------------------------------------------

    @property
    def postings(self) -> Postings:
        """The events' word postings (filled for the events rankings reach; see
        ``rank/postings.py``)."""
        return self.cached("postings", lambda: Postings(self.events))

    def with_any(self, words: frozenset[str] | set[str], numbers: npt.NDArray[np.int64],
                 fields: Sequence[str] = FIELDS) -> npt.NDArray[np.int64]:
        """Those of events ``numbers`` holding at least one of ``words`` in one of ``fields``.

        Through the word postings: the events ``numbers`` are filed first if not yet, so a
        later ranking asks only a dictionary per word."""
        if not words:
            return _EMPTY
        postings = self.postings
        postings.cover(numbers)
        hit = np.zeros(self.size, dtype=bool)
        hit[postings.with_any(words, fields)] = True
        return numbers[hit[numbers]]

    def non_ascii_titles(self) -> npt.NDArray[np.bool_]:
        """Titles with letters beyond ASCII (accents defeat the cheap word tests)."""
        return self.cached("non_ascii", lambda: np.array(
            [not event.title.isascii() for event in self.events], dtype=bool))

    # -- order ----------------------------------------------------------------------------------

    def tie_rank(self, with_source: bool) -> npt.NDArray[np.int64]:
        """Each event's place in the order of (key, title[, source]): equal tuples, equal ranks."""
        def make() -> npt.NDArray[np.int64]:
            events = self.events
            keys = np.array([event.key for event in events])
            unique, ranks = np.unique(keys, return_inverse=True)
            if len(unique) == self.size:  # keys are identities: as a rule no two events share one
                return ranks.astype(np.int64)
            fields = [(e.key, e.title, e.source) if with_source else (e.key, e.title)
                      for e in events]
            order = sorted(range(self.size), key=fields.__getitem__)
            found = np.empty(self.size, dtype=np.int64)
            rank, previous = -1, None
            for number in order:
                if fields[number] != previous:
                    rank, previous = rank + 1, fields[number]
                found[number] = rank
            return found
        return self.cached(("tie_rank", with_source), make)
