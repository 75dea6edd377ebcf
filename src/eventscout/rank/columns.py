"""The events of a :class:`~eventscout.rank.RankIndex` as columns: what array-speed ranking reads.

Ranking 100,000 events one by one in Python costs tens of microseconds an event; most of that is
rules every event passes through (dates, formats, budget, distance, place and price values, goal
evidence). :class:`IndexColumns` holds, once per index and for every profile, what those rules
read: day numbers, instants in microseconds, mode and kind codes, and *groups* for values many
events share (a point, a language list, a price, a feature set), so that a profile-dependent rule
is worked out once per group with the very function the per-event path uses and then spread over
the events by a NumPy lookup. The word postings (:attr:`IndexColumns.postings`,
``rank/postings.py``) say which events hold the words and phrases a text signal looks for.

Everything here is derived from the events alone and built lazily: a profile that sets no budget
never makes the price groups' budget verdicts, one with no goals never reads the goal words.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Generic, TypeVar

import attrs
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
Floats = npt.NDArray[np.float64]


def microseconds(instant: dt.datetime) -> int:
    """An aware instant as whole microseconds since 1970 (exact, unlike a float timestamp)."""
    return (instant - _EPOCH) // _MICRO


_NO_CALL = np.iinfo(np.int64).min


#: what tells two prices apart (attrs compares its classes by these fields, in Python)
_PRICE_FIELDS = operator.attrgetter(
    "__class__", *(field.name for field in attrs.fields(Price) if field.eq))


class Groups(Generic[Key]):
    """Distinct values of one per-event property and, per event, the number of its value.

    Events without the property get group -1. A rule that depends on the profile is then worked
    out once per distinct value (:meth:`spread`)."""

    def __init__(self, values: Iterable[Key | None], missing: Key | None = None,
                 key: Callable[[Key], Hashable] | None = None) -> None:
        items = values if isinstance(values, list) else list(values)
        # each event's value -> the number of the first event holding it, by a map in C; the
        # first holders, in the events' order, are then the groups in order of appearance.
        # ``key`` stands for a value that compares in Python (it must be equal exactly when
        # the values are)
        firsts: dict[Hashable, int] = {}
        first = np.fromiter(map(firsts.setdefault, items if key is None else [
            None if value is None else key(value) for value in items], itertools.count()),
            dtype=np.int64, count=len(items))
        held = [not (value is None or (missing is not None and items[at] == missing))
                for value, at in firsts.items()]
        at = np.fromiter(firsts.values(), dtype=np.int64, count=len(firsts))[held]
        self.values: list[Key] = [items[n] for n in at.tolist()]
        group = np.full(len(items), -1, dtype=np.int64)
        group[at] = np.arange(len(at))
        #: per event, its group (-1: no value, or the ``missing`` one)
        self.codes: npt.NDArray[np.int64] = group[first]

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
        size = self.size = len(events)
        self.mode = np.fromiter(map(MODE_CODES.__getitem__, modes), dtype=np.int8, count=size)
        self.points: Groups[tuple[float, float]] = Groups(points)
        # one pass per field, each a map in C; Python runs only for timed ends and for calls
        take = operator.attrgetter
        starts = list(map(take("start"), events))
        ends = [start if end is None else end
                for start, end in zip(starts, map(take("end"), events), strict=True)]
        #: a datetime's ordinal is its own date's, as ``start.date().toordinal()``
        self.start_day = np.fromiter(map(dt.date.toordinal, starts), dtype=np.int64, count=size)
        all_day = np.fromiter(map(operator.is_, map(type, ends), itertools.repeat(dt.date)),
                              dtype=bool, count=size)
        #: the last day of an all-day event, -1 for timed ones (which use :attr:`end_us`)
        self.end_day = np.where(all_day, np.fromiter(map(dt.date.toordinal, ends),
                                                     dtype=np.int64, count=size), -1)
        self.end_us = np.zeros(size, dtype=np.int64)
        timed = np.flatnonzero(~all_day).tolist()
        self.end_us[timed] = [microseconds(events[n].end_instant()) for n in timed]
        self.kind = np.fromiter(map(KIND_CODES.__getitem__, map(take("kind"), events)),
                                dtype=np.int64, count=size)
        self.cancelled = np.fromiter(map(operator.is_, map(take("status"), events),
                                         itertools.repeat(EventStatus.CANCELLED)),
                                     dtype=bool, count=size)
        #: a call for papers with no closing date (open whatever ``now``)
        self.cfp_open_ended = np.zeros(size, dtype=bool)
        #: when a call closes, in microseconds; the int64 minimum when there is no dated call
        self.cfp_closes = np.full(size, _NO_CALL, dtype=np.int64)
        calls = list(map(take("cfp"), events))
        seen: dict[dt.datetime, int] = {}  # calls of a dataset share a few closing instants
        for number in np.flatnonzero(np.fromiter(map(operator.is_not, calls,
                                                     itertools.repeat(None)),
                                                 dtype=bool, count=size)).tolist():
            closes = calls[number].closes
            if closes is None:
                self.cfp_open_ended[number] = True
            else:
                found = seen.get(closes)
                if found is None:
                    found = seen[closes] = microseconds(closes)
                self.cfp_closes[number] = found
        self.has_cfp = self.cfp_open_ended | (self.cfp_closes != _NO_CALL)
        self.languages: Groups[tuple[str, ...]] = Groups(map(take("languages"), events))
        self.prices: Groups[Price] = Groups(map(take("price"), events), key=_PRICE_FIELDS)
        self.price_value = self.prices.spread(lambda price: price_signal_of(price)[0],
                                              price_signal_of(None)[0])
        #: an empty feature set counts as none
        self.features: Groups[frozenset[str]] = Groups(map(take("features"), events),
                                                       missing=frozenset())
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
        """Each event's place in the order of (key, title[, source]): equal tuples, equal ranks.

        The keys are sorted once by NumPy (for both variants); only events sharing a key (as a
        rule none: a key is an identity) are ordered by the whole tuple, in Python."""
        def make() -> npt.NDArray[np.int64]:
            keys, order, new = self.cached("key_order", self._key_order)
            size = self.size
            found = np.empty(size, dtype=np.int64)
            if new.all():
                found[order] = np.arange(size)
                return found
            group = np.cumsum(new) - 1  # per sorted place, the number of its key
            within = np.zeros(size, dtype=np.int64)  # per sorted place, its rank in its key
            firsts = np.flatnonzero(new)
            sizes = np.diff(np.append(firsts, size))
            events = self.events
            for first, count in zip(firsts[sizes > 1].tolist(), sizes[sizes > 1].tolist(),
                                    strict=True):
                members = order[first:first + count].tolist()
                fields = [(keys[n], events[n].title, events[n].source) if with_source
                          else (keys[n], events[n].title) for n in members]
                place = {value: rank for rank, value in enumerate(sorted(set(fields)))}
                within[first:first + count] = [place[value] for value in fields]
            again = np.lexsort((within, group))
            step = np.ones(size, dtype=bool)
            step[1:] = (group[again][1:] != group[again][:-1]) | (
                within[again][1:] != within[again][:-1])
            found[order[again]] = np.cumsum(step) - 1
            return found
        return self.cached(("tie_rank", with_source), make)

    def day_rank(self, with_source: bool) -> npt.NDArray[np.int64]:
        """Each event's place in the order of (start day, :meth:`tie_rank`): equal, equal."""
        def make() -> npt.NDArray[np.int64]:
            days = self.start_day - (self.start_day.min() if self.size else 0)
            return _dense(days * self.size + self.tie_rank(with_source))
        return self.cached(("day_rank", with_source), make)

    def best_first(self, numbers: npt.NDArray[np.int64], scores: Floats) -> npt.NDArray[np.int64]:
        """``numbers`` ordered by descending score (``scores``: per number), then start day and
        :meth:`tie_rank` with the source, then their order in ``numbers``: a stable
        ``np.lexsort`` of those keys, made from two plain sorts of integers."""
        return _ordered(numbers, _dense(-scores), self.day_rank(with_source=True)[numbers])

    def best_first_again(self, ordered: npt.NDArray[np.int64], scores: Floats,
                         moved: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """``ordered`` (best first, as :meth:`best_first` gave it) after the events ``moved``
        took new ``scores`` (per event number; the others' are as before): what
        ``best_first(ordered, scores[ordered])`` gives, made by sorting only the moved events
        and merging them in, the others keeping their order (it is still theirs)."""
        if not len(moved) or not len(ordered):
            return ordered
        flags = np.zeros(self.size, dtype=bool)
        flags[moved] = True
        flags = flags[ordered]
        places = np.flatnonzero(flags)
        stay_places = np.flatnonzero(~flags)
        stay, move = ordered[stay_places], ordered[places]
        days = self.day_rank(with_source=True)
        size = len(ordered)
        move_minus, move_days = -scores[move], days[move]
        sort = np.lexsort((places, move_days, move_minus))
        move, places, move_minus, move_days = (
            move[sort], places[sort], move_minus[sort], move_days[sort])
        stay_minus = -scores[stay]
        at = np.searchsorted(stay_minus, move_minus, side="left")
        ends = np.searchsorted(stay_minus, move_minus, side="right")
        # among the staying events of equal score, by day rank then place in ``ordered``
        stay_keys = days[stay] * size + stay_places
        for index, (start, end) in enumerate(zip(at.tolist(), ends.tolist(), strict=True)):
            if end > start:
                at[index] = start + np.searchsorted(
                    stay_keys[start:end], move_days[index] * size + places[index])
        return np.insert(stay, at, move)

    def listing_order(self, numbers: npt.NDArray[np.int64],
                      groups: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """``numbers`` ordered by ``groups`` (per number, small integers), then start day and
        :meth:`tie_rank` without the source, then their order in ``numbers`` (given ascending,
        as the columnar ranking does, that is the event number the per-event path ends on)."""
        return _ordered(numbers, groups, self.day_rank(with_source=False)[numbers])

    def _key_order(self) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """The events' keys, their order (a stable NumPy sort), and per sorted place whether
        its key differs from the one before. NumPy's strings drop trailing NULs, so two keys
        it holds equal may differ in Python: the whole-tuple sort of shared keys settles those."""
        keys = list(map(operator.attrgetter("key"), self.events))
        # bytes when the keys are ASCII (byte order is code-point order there): a quarter the size
        text = np.array(keys, dtype=np.bytes_ if "".join(keys).isascii() else np.str_)
        order = np.argsort(text, kind="stable")
        ordered = text[order]
        new = np.ones(len(keys), dtype=bool)
        new[1:] = ordered[1:] != ordered[:-1]
        return keys, order, new


def _dense(values: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """Each value's place among the distinct ``values`` in ascending order (equal, equal)."""
    order = np.argsort(values)
    ordered = values[order]
    step = np.ones(len(values), dtype=np.int64)
    step[0:1] = 0
    step[1:] = ordered[1:] != ordered[:-1]
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[order] = np.cumsum(step)
    return ranks


def _ordered(numbers: npt.NDArray[np.int64], first: npt.NDArray[np.int64],
             second: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``numbers`` by (``first``, ``second``, place in ``numbers``), all non-negative ranks.

    The three ranks make one integer key that no two numbers share, so NumPy's unstable (and
    several times faster) sort gives the stable order; a key too large for 63 bits falls back
    to ``np.lexsort``."""
    size = len(numbers)
    if not size:
        return numbers
    span = int(second.max()) + 1
    if (int(first.max()) + 1) * span * size >= 2**62:
        return numbers[np.lexsort((second, first))]
    return numbers[np.argsort((first * span + second) * size + np.arange(size))]
