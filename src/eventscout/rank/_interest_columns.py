"""Interest scores for every event a ranking holds, from word postings instead of event by event.

:func:`interest_scores` gives, for each event, the value :meth:`InterestScorer.score
<eventscout.rank.interests.InterestScorer.score>` gives it and whether an interest was met
directly, to the last bit. It follows the scorer's steps over arrays:

1. per field and interest, the strongest phrase an event shows, from the postings of the
   scorer's trigger words (a multi-word phrase from the places its words share in the field,
   :meth:`~eventscout.rank.postings.Postings.phrase`); ties go to the longer, then the later-sorting phrase, as
   in the scorer, and decide whether the hit is direct or only related;
2. the field sums in the scorer's order (title, topics, description), with the topic-tag rules
   (an ambiguous tag, a title naming another topic) applied to the few events they concern by the
   scorer's own tests;
3. saturation, caps on related hits and the noisy-or, interests in name order.

The reasons are not made here: a match's reasons come from the per-event signal when it is read.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ._tokens import Tokens, topic_tokens
from .interests import (
    AMBIGUOUS_TAGS,
    AVERAGE_DESCRIPTION_WORDS,
    FIELD_WEIGHTS,
    LENGTH_B,
    RELATED_CAP,
    RELATED_TITLE_CAP,
    SATURATION_K,
    InterestScorer,
)
from .postings import FIELDS, Postings

__all__ = ["InterestScores", "interest_scores"]

Numbers = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]


class InterestScores:
    """Per event of ``numbers`` (ascending): the interest ``value`` in [0, 1] (0: none met) and
    whether some interest is met ``direct``-ly; ``seen`` are the interests some event met."""

    def __init__(self, numbers: Numbers, value: Floats, direct: Flags, seen: set[str]) -> None:
        self.numbers = numbers
        self.value = value
        self.direct = direct
        self.seen = seen


class _Best:
    """One field's strongest hit per event for one interest: events, value, related or not."""

    def __init__(self, numbers: Numbers, value: Floats, related: Flags) -> None:
        self.numbers = numbers
        self.value = value
        self.related = related


def _shown_order(scorer: InterestScorer, interest: str) -> tuple[dict[str, int], Flags]:
    """Each phrase that may be shown for ``interest`` numbered in the scorer's tie order
    (length, then the text), and per number whether it is only a broader term (a related hit).
    Phrases that win no form only add numbers: the order of the others is kept."""
    order = scorer.phrases_shown(interest)
    own = scorer._tables[interest].own
    return ({text: rank for rank, text in enumerate(order)},
            np.array([text not in own for text in order], dtype=bool))


def _value(factor: float, counts: Numbers) -> Floats:
    """What a phrase seen ``counts`` times counts: each mention after the first adds half."""
    return np.asarray(factor * (1.0 + 0.5 * (counts - 1)), dtype=np.float64)


def _best(scorer: InterestScorer, postings: Postings, field: str, held_words: list[str],
          interest: str, ranks: dict[str, int], related: Flags, alive: Flags) -> _Best | None:
    """The strongest hit of ``interest`` in ``field`` for every alive event showing it
    (``held_words``: the scorer's trigger words some event holds in ``field``)."""
    numbers: list[Numbers] = []
    values: list[Floats] = []
    shown: list[Numbers] = []
    for word in held_words:
        entries = scorer._single.get(word)
        if entries is None:
            continue
        held, counts = postings.occurrences(field, word)
        for name, factor, text in entries:
            if name == interest:
                numbers.append(held)
                values.append(_value(factor, counts))
                shown.append(np.full(len(held), ranks[text], dtype=np.int64))
    for word in held_words:
        for pattern in scorer.phrases_of(word, interest):
            if not postings.holds(field, pattern.words[1]):
                continue
            held, counts = postings.phrase(field, pattern.words)
            if len(held):
                numbers.append(held)
                values.append(_value(pattern.factor, counts))
                shown.append(np.full(len(held), ranks[pattern.shown], dtype=np.int64))
    if not numbers:
        return None
    held, value, rank = np.concatenate(numbers), np.concatenate(values), np.concatenate(shown)
    keep = alive[held]
    held, value, rank = held[keep], value[keep], rank[keep]
    if not len(held):
        return None
    # per event the greatest (value, phrase rank): the scorer's comparison of (value, len, text)
    order = np.lexsort((rank, value, held))
    held, value, rank = held[order], value[order], rank[order]
    last = np.empty(len(held), dtype=bool)
    last[:-1] = held[1:] != held[:-1]
    last[-1] = True
    return _Best(held[last], value[last], related[rank[last]])


class _State:
    """What the scorer's ``found`` holds for one interest, over the events in play."""

    def __init__(self, size: int) -> None:
        self.present = np.zeros(size, dtype=bool)
        self.total = np.zeros(size)
        #: related so far; True where absent, as the scorer's default entry is
        self.related = np.ones(size, dtype=bool)

    def add(self, at: Numbers, best: _Best, weight: float, norm: Floats | float) -> None:
        self.total[at] = self.total[at] + weight * best.value / norm
        self.related[at] &= best.related
        self.present[at] = True

    def forget(self, mask: Flags) -> None:
        self.present &= ~mask
        self.total[mask] = 0.0
        self.related[mask] = True


def _tag_tests(scorer: InterestScorer, postings: Postings,
               numbers: Numbers) -> tuple[Flags, Flags]:
    """Per event of ``numbers``: does its title name a topic none of the interests uses
    (``other``), or any topic word at all (``named``)? The scorer's set tests, from postings."""
    other = np.isin(numbers, postings.with_any(scorer._other_topics, ("title",)),
                    assume_unique=True)
    named = other | np.isin(numbers, postings.with_any(
        scorer._topic_words - scorer._other_topics, ("title",)), assume_unique=True)
    return other, named


def _ambiguous(scorer: InterestScorer, postings: Postings, numbers: Numbers,
               tagged: dict[str, Flags], states: dict[str, _State]) -> None:
    """An ambiguous tag (confs.tech's "networking") alone only puts an event near an interest:
    what the other tags show is worked out per event, as the scorer does."""
    ambiguous = np.zeros(len(numbers), dtype=bool)
    for tag in AMBIGUOUS_TAGS:
        held = postings.occurrences("topics", tag)[0]
        ambiguous |= np.isin(numbers, held, assume_unique=True)
    any_tagged = np.zeros(len(numbers), dtype=bool)
    for flags in tagged.values():
        any_tagged |= flags
    events = postings.events
    for position in np.flatnonzero(ambiguous & any_tagged).tolist():
        words = topic_tokens(events[int(numbers[position])].topics).words
        kept = tuple(word for word in words if word not in AMBIGUOUS_TAGS)
        plain: dict[str, tuple[float, str, bool]] = {}
        scorer._field(Tokens(kept, frozenset(kept)), 1.0, 1.0, plain)
        for interest, flags in tagged.items():
            if flags[position] and interest not in plain:
                states[interest].related[position] = True


def interest_scores(scorer: InterestScorer, postings: Postings,
                    alive: Sequence[int] | Numbers) -> InterestScores:
    """The scorer's value and directness for every event of ``alive`` (event numbers) that some
    interest word reaches (see the module text); events it does not reach score nothing."""
    alive_numbers = np.asarray(alive, dtype=np.int64)
    postings.cover(alive_numbers)
    mask = np.zeros(postings.size, dtype=bool)
    mask[alive_numbers] = True
    names = sorted(scorer.interests)
    bests: dict[tuple[str, str], _Best] = {}
    held = {field: sorted(postings.held(field, scorer.triggers)) for field in FIELDS}
    for interest in names:
        ranks, related = _shown_order(scorer, interest)
        for field in FIELDS:
            best = _best(scorer, postings, field, held[field], interest, ranks, related, mask)
            if best is not None:
                bests[field, interest] = best
    if not bests:
        empty = np.empty(0, dtype=np.int64)
        return InterestScores(empty, np.empty(0), np.empty(0, dtype=bool), set())
    reached = np.zeros(postings.size, dtype=bool)
    for best in bests.values():
        reached[best.numbers] = True
    numbers = np.flatnonzero(reached)
    size = len(numbers)
    #: per event number, its place in ``numbers``
    places = np.cumsum(reached) - 1
    states = {interest: _State(size) for interest in names}

    def at(best: _Best) -> Numbers:
        return places[best.numbers]

    title_related: dict[str, Flags] = {}
    for interest in names:
        state = states[interest]
        best = bests.get(("title", interest))
        if best is not None:
            state.add(at(best), best, FIELD_WEIGHTS["title"], 1.0)
        title_related[interest] = state.present & state.related
    in_title = {interest: states[interest].present.copy() for interest in names}
    for interest in names:
        best = bests.get(("topics", interest))
        if best is not None:
            states[interest].add(at(best), best, FIELD_WEIGHTS["topics"], 1.0)
    tagged = {interest: states[interest].present & ~in_title[interest] for interest in names}
    _ambiguous(scorer, postings, numbers, tagged, states)
    other, named = _tag_tests(scorer, postings, numbers)
    for interest in names:
        state = states[interest]
        state.forget(tagged[interest] & other & state.related)
        state.related |= tagged[interest] & named & state.present
    words = postings.description_words
    for interest in names:
        best = bests.get(("description", interest))
        if best is not None:
            norm = np.maximum(1.0 - LENGTH_B + LENGTH_B * words[best.numbers]
                              / AVERAGE_DESCRIPTION_WORDS, 0.5)
            states[interest].add(at(best), best, FIELD_WEIGHTS["description"], norm)
    miss = np.ones(size)
    near = np.zeros(size)
    direct = np.zeros(size, dtype=bool)
    found = np.zeros(size, dtype=bool)
    for interest in names:
        state = states[interest]
        if not state.present.any():
            continue
        weight = scorer.interests[interest]
        strength = state.total / (state.total + SATURATION_K)
        capped = np.minimum(strength, np.where(title_related[interest], RELATED_TITLE_CAP,
                                               RELATED_CAP))
        near_here = state.present & state.related
        near = np.where(near_here, np.maximum(near, weight * capped), near)
        on = state.present & ~state.related
        miss = np.where(on, miss * (1.0 - weight * strength), miss)
        direct |= on
        found |= state.present
    miss = miss * (1.0 - near)
    value = np.where(found, 1.0 - miss, 0.0)
    # as the signal records them: interests of events whose value is not 0 (a weight so small
    # that 1 - weight × strength rounds to 1 leaves the event at 0, and the interest unseen)
    scored = value != 0.0
    seen = {interest for interest in names if (states[interest].present & scored).any()}
    return InterestScores(numbers, value, direct, seen)
