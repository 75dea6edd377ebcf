"""Goal evidence over an index's columns: how strongly each event serves one goal, for all at once.

The same rules as :meth:`eventscout.rank.goals.GoalScorer.evidence` (its kind, feature, word,
call-for-papers and series-table rules; the strongest wins), read from the index's columns: the
kind by a lookup, features once per distinct feature set, words by a set test per event on the
tokeniser's cached cuts, series once per title that any series pattern can match. What does not depend on ``now`` is
kept in the index, so a second profile with the same goal reads it again for free. The reason
*texts* are not made here: a match's reasons come from the per-event rules when it is read.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import numpy.typing as npt

from ..model import EventKind
from ..profile import Goal
from ._tokens import phrase_tokens
from .columns import KIND_CODES, IndexColumns, microseconds
from .goals import GOAL_RULES, SERIES, SERIES_STRENGTH, _series_of

__all__ = ["goal_strength"]

_TEXT_FIELDS = ("title", "description")


def _static(columns: IndexColumns, goal: Goal) -> tuple[npt.NDArray[np.float64], ...]:
    """The parts of a goal's evidence that depend neither on ``now`` nor on the text: kind and
    feature strengths."""
    rules = GOAL_RULES[goal]
    kinds = np.zeros(len(EventKind), dtype=np.float64)
    for kind, strength in rules.kinds.items():
        kinds[KIND_CODES[kind]] = strength
    feature = columns.features.spread(lambda found: bool(rules.features & found), False, bool)
    return kinds[columns.kind], np.where(feature, rules.feature_strength, 0.0)


def _textual(columns: IndexColumns, goal: Goal,
             numbers: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float64], ...]:
    """Per event, the word and series strengths of a goal's evidence (the word one before a
    closed call is set aside), read for ``numbers`` and kept for the next ranking: the others
    may still be unread."""
    size = columns.size
    words, series, known = columns.cached(("goal_text", goal), lambda: (
        np.zeros(size), np.zeros(size), np.zeros(size, dtype=bool)))
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
        events = columns.events
        for number in todo[[bool(_ANY_SERIES.search(events[n].title))
                            for n in todo.tolist()]].tolist():
            offer = _series_of(events[number].title)
            found = offer.offers.get(goal) if offer else None
            if found is not None:
                series[number] = min(found[0], SERIES_STRENGTH)
        known[todo] = True
    return words, series


#: one search that any series pattern's match also matches (a title it misses is in no series)
_ANY_SERIES = re.compile("|".join(f"(?:{s.pattern.pattern})" for s in SERIES), re.IGNORECASE)


def goal_strength(columns: IndexColumns, goal: Goal, now: dt.datetime,
                  numbers: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
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
