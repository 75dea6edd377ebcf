"""Goal evidence over an index's columns: how strongly each event serves one goal, for all at once.

The same rules as :meth:`eventscout.rank.goals.GoalScorer.evidence` (its kind, feature, word,
call-for-papers and series-table rules; the strongest wins), read from the index's columns: the
kind by a lookup, features once per distinct feature set, words by the index's word postings, and
series once per event for every goal. What does not depend on ``now`` is kept in the index, so a
second profile with the same goal reads it again for free. The reason *texts* are not made here:
a match's reasons come from the per-event rules when it is read.

Series are found without running the patterns on every title, exactly: every series pattern's
match begins with a literal (read from the pattern itself: "kubecon", "devops", ...); those
literals are searched (``str.find``) in one lower-cased text of the plain ASCII titles, and the
patterns run only on the titles holding one, and on every title beyond ASCII (where ignoring case
is more than lower-casing: "K", the Kelvin sign, matches "k").
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from typing import Any

import numpy as np
import numpy.typing as npt

from ..model import EventKind
from ..profile import Goal
from ._tokens import phrase_tokens
from .columns import KIND_CODES, IndexColumns, microseconds
from .goals import GOAL_RULES, SERIES, SERIES_STRENGTH, _series_of

__all__ = ["goal_strength", "literals_of", "read_goal_evidence"]

_TEXT_FIELDS = ("title", "description")
#: re's own (private) pattern parser; were it gone or changed, every title is tried
_parser: Any = getattr(re, "_parser", None)
Numbers = npt.NDArray[np.int64]


def _static(columns: IndexColumns, goal: Goal) -> tuple[npt.NDArray[np.float64], ...]:
    """The parts of a goal's evidence that depend neither on ``now`` nor on the text: kind and
    feature strengths."""
    rules = GOAL_RULES[goal]
    kinds = np.zeros(len(EventKind), dtype=np.float64)
    for kind, strength in rules.kinds.items():
        kinds[KIND_CODES[kind]] = strength
    feature = columns.features.spread(lambda found: bool(rules.features & found), False, bool)
    return kinds[columns.kind], np.where(feature, rules.feature_strength, 0.0)


# -- series ---------------------------------------------------------------------------------------


def _leading(items: Any, prefix: str) -> set[str] | None:
    """Literals (lower case, printable ASCII) one of which every match of the parsed pattern
    ``items`` holds: its literal start, followed into groups and alternatives; None when
    a match may start otherwise."""
    for op, value in items:
        if op is _parser.AT:  # \b, ^ ...: zero-width
            continue
        if op is _parser.LITERAL and 32 <= value < 127:
            prefix += chr(value).lower()
            continue
        branches = None
        if op is _parser.SUBPATTERN:
            branches = [value[-1]]
        elif op is _parser.BRANCH:
            branches = value[1]
        if branches is not None:
            found: set[str] = set()
            for branch in branches:
                inner = _leading(branch, prefix)
                if inner is None:
                    break
                found |= inner
            else:
                return found
        break
    return {prefix} if prefix else None


def literals_of(patterns: tuple[re.Pattern[str], ...]) -> frozenset[str] | None:
    """Literals such that any ASCII text a pattern of ``patterns`` matches (whatever the case)
    holds one of them in lower case; None when some pattern has no such literal."""
    found: set[str] = set()
    for pattern in patterns:
        leading = _leading(_parser.parse(pattern.pattern, pattern.flags), "")
        if leading is None:
            return None
        found |= leading
    return frozenset(found)


def _series_literals() -> frozenset[str] | None:
    """The series patterns' literals; None (every title is tried) should the private parser of
    :mod:`re` that reads them change."""
    try:
        return literals_of(tuple(series.pattern for series in SERIES))
    except (AttributeError, TypeError, ValueError, IndexError):
        return None


_LITERALS = _series_literals()
_TITLE = operator.attrgetter("title")
_SERIES_NUMBER = {id(series): number for number, series in enumerate(SERIES)}


def _may_be_series(columns: IndexColumns, todo: Numbers) -> list[int]:
    """Those of events ``todo`` whose title may be in a series: every one that is, and few
    more."""
    if _LITERALS is None:
        return todo.tolist()
    beyond = columns.non_ascii_titles()[todo]
    plain = todo[~beyond].tolist()
    titles = list(map(_TITLE, map(columns.events.__getitem__, plain)))
    text = "\n".join(titles).lower()  # ASCII: lower-casing keeps every position
    starts = np.zeros(len(titles) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, titles), dtype=np.int64, count=len(titles)) + 1,
              out=starts[1:])
    at: list[int] = []
    for literal in _LITERALS:
        place = text.find(literal)
        while place >= 0:
            at.append(place)
            place = text.find(literal, place + 1)
    held = np.unique(np.searchsorted(starts, at, side="right") - 1)
    return sorted([plain[n] for n in held.tolist()] + todo[beyond].tolist())


def _series(columns: IndexColumns, numbers: Numbers) -> Numbers:
    """Per event, the place in ``SERIES`` of its title's series (-1: none), read for ``numbers``
    and kept for every goal and ranking (the others may still be unread)."""
    size = columns.size
    codes, known = columns.cached("series", lambda: (
        np.full(size, -1, dtype=np.int64), np.zeros(size, dtype=bool)))
    todo = numbers[~known[numbers]]
    if len(todo):
        events = columns.events
        for number in _may_be_series(columns, todo):
            offer = _series_of(events[number].title)
            if offer is not None:
                codes[number] = _SERIES_NUMBER[id(offer)]
        known[todo] = True
    return codes


def _textual(columns: IndexColumns, goal: Goal,
             numbers: Numbers) -> tuple[npt.NDArray[np.float64], ...]:
    """Per event, the word and series strengths of a goal's evidence (the word one before a
    closed call is set aside), read for ``numbers`` and kept for the next ranking: the others
    may still be unread."""
    size = columns.size
    words, known = columns.cached(("goal_text", goal), lambda: (
        np.zeros(size), np.zeros(size, dtype=bool)))
    todo = numbers[~known[numbers]]
    if len(todo):
        rules = GOAL_RULES[goal]
        postings = columns.postings
        postings.cover(todo)
        # GoalScorer._word_hit over the postings: any of the goal's phrases in title or text
        hit = np.zeros(size, dtype=bool)
        for phrase in map(phrase_tokens, rules.words):
            for field in _TEXT_FIELDS:
                hit[postings.phrase(field, phrase)[0] if len(phrase) > 1
                    else postings.occurrences(field, phrase[0])[0]] = True
        words[todo[hit[todo]]] = rules.word_strength
        known[todo] = True
    offered = [series.offers.get(goal) for series in SERIES]
    table = np.array([*(0.0 if offer is None else min(offer[0], SERIES_STRENGTH)
                        for offer in offered), 0.0])
    return words, table[_series(columns, numbers)]  # -1 picks the appended 0.0


def goal_strength(columns: IndexColumns, goal: Goal, now: dt.datetime,
                  numbers: Numbers) -> npt.NDArray[np.float64]:
    """Per event, the strength in [0, 1] of its evidence for ``goal`` at ``now`` (0: none);
    exact for events ``numbers``, the ones the ranking still holds."""
    kind, feature = columns.cached(("goal", goal), lambda: _static(columns, goal))
    word, series = _textual(columns, goal, numbers)
    best = np.maximum(np.maximum(kind, feature), series)
    if goal is Goal.VISIBILITY:
        dated_open = columns.cfp_closes > microseconds(now)
        is_open = columns.cfp_open_ended | dated_open
        # an open call: 1.0 with a closing date, 0.6 without; a closed call's own "CFP" words
        # are not evidence of a chance to speak
        best = np.maximum(best, np.where(dated_open, 1.0, np.where(is_open, 0.6, 0.0)))
        word = np.where(columns.has_cfp & ~is_open, 0.0, word)
    return np.maximum(best, word)


def read_goal_evidence(columns: IndexColumns, numbers: Numbers) -> None:
    """Read and keep every goal's evidence (kinds, features, words, series) for ``numbers``,
    as the rankings reaching them would: what :meth:`RankIndex.prepare
    <eventscout.rank.RankIndex.prepare>` does ahead of them."""
    for goal in Goal:
        columns.cached(("goal", goal), functools.partial(_static, columns, goal))
        _textual(columns, goal, numbers)
