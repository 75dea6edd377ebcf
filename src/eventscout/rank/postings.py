"""Word postings of an index's events: for each word of a field, the events it occurs in.

The text signals ask two questions of every event a ranking holds: which of these words does it
contain, and how often. Asked event by event, that is a set test and a count in Python for each of
100,000 events and each profile. :class:`Postings` turns it round: each event's words are cut once
(through the tokeniser's caches) and filed under the word, once per occurrence, so a profile's
questions become a dictionary look-up per word and array work per hit.

Postings are filled lazily, for the events a ranking holds (:meth:`Postings.cover`): a profile
that excludes most events never cuts their text, and a later profile that holds more cuts only
the ones not yet filed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

from ..model import Event
from ._tokens import Tokens, contains_phrase, text_tokens, title_tokens, topic_tokens

__all__ = ["CUTS", "FIELDS", "Postings"]

#: the text fields postings are kept for
FIELDS = ("title", "topics", "description")

_NO_WORDS = Tokens((), frozenset())


def _topics(event: Event) -> Tokens:
    return topic_tokens(event.topics) if event.topics else _NO_WORDS


#: the words of one field of an event, through the tokeniser's caches
CUTS: dict[str, Callable[[Event], Tokens]] = {
    "title": lambda event: title_tokens(event.title),
    "topics": _topics,
    "description": lambda event: text_tokens(event.description),
}

Numbers = npt.NDArray[np.int64]
_EMPTY = np.empty(0, dtype=np.int64)


class Postings:
    """Per field and word, the events (of those covered so far) holding the word, and how often.

    :attr:`description_words` holds each covered event's number of description words (what the
    interest scorer normalises a description's length by)."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self.size = len(events)
        self.covered = np.zeros(self.size, dtype=bool)
        self.description_words = np.zeros(self.size, dtype=np.int64)
        self._filed: dict[str, dict[str, list[int]]] = {field: {} for field in FIELDS}
        self._arrays: dict[tuple[str, str], tuple[Numbers, Numbers]] = {}
        #: per field and phrase: the events it was counted over, and where it occurs how often
        self._phrases: dict[tuple[str, tuple[str, ...]], tuple[npt.NDArray[np.bool_],
                                                               Numbers, Numbers]] = {}

    def cover(self, numbers: Numbers) -> None:
        """File the words of events ``numbers`` not filed yet."""
        todo = numbers[~self.covered[numbers]].tolist()
        if not todo:
            return
        events = self.events
        for field in FIELDS:
            filed, cut = self._filed[field], CUTS[field]
            found = filed.get
            for number in todo:
                for word in cut(events[number]).words:
                    held = found(word)
                    if held is None:
                        filed[word] = [number]
                    else:
                        held.append(number)
        self.description_words[todo] = [len(text_tokens(events[n].description).words)
                                        for n in todo]
        self.covered[todo] = True
        self._arrays.clear()  # every array made so far may lack the events just filed

    def occurrences(self, field: str, word: str) -> tuple[Numbers, Numbers]:
        """The covered events holding ``word`` in ``field`` (ascending) and how many times each."""
        key = (field, word)
        found = self._arrays.get(key)
        if found is None:
            held = self._filed[field].get(word)
            if held is None:
                found = (_EMPTY, _EMPTY)
            else:
                numbers, counts = np.unique(np.array(held, dtype=np.int64), return_counts=True)
                found = (numbers, counts.astype(np.int64))
            self._arrays[key] = found
        return found

    def phrase(self, field: str, words: tuple[str, ...]) -> tuple[Numbers, Numbers]:
        """The covered events holding the phrase ``words`` (two or more) in ``field``, in a row,
        and how many times each. Counted once per event and kept: phrases come from the
        vocabulary, which most profiles share."""
        key = (field, words)
        counted, numbers, counts = self._phrases.get(key, (None, _EMPTY, _EMPTY))
        if counted is not None and not (self.covered & ~counted).any():
            return numbers, counts
        both = self.occurrences(field, words[0])[0]
        for word in words[1:]:
            both = np.intersect1d(both, self.occurrences(field, word)[0], assume_unique=True)
        if counted is not None:
            both = both[~counted[both]]
        events, cut = self.events, CUTS[field]
        found = [(number, count) for number in both.tolist()
                 if (count := contains_phrase(cut(events[number]).words, words))]
        if found:
            more = np.array(found, dtype=np.int64)
            numbers = np.concatenate([numbers, more[:, 0]])
            counts = np.concatenate([counts, more[:, 1]])
            order = np.argsort(numbers, kind="stable")
            numbers, counts = numbers[order], counts[order]
        self._phrases[key] = (self.covered.copy(), numbers, counts)
        return numbers, counts

    def holds(self, field: str, word: str) -> bool:
        """Whether any covered event holds ``word`` in ``field``."""
        return word in self._filed[field]

    def with_any(self, words: Iterable[str], fields: Sequence[str] = FIELDS) -> Numbers:
        """The covered events holding at least one of ``words`` in one of ``fields``."""
        hit = np.zeros(self.size, dtype=bool)
        for field in fields:
            filed = self._filed[field]
            for word in words:
                if word in filed:
                    hit[self.occurrences(field, word)[0]] = True
        return np.flatnonzero(hit)
