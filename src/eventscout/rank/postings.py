"""Word postings of an index's events: for each word of a field, the events it occurs in.

The text signals ask two questions of every event a ranking holds: which of these words does it
contain, and how often. Asked event by event, that is a set test and a count in Python for each of
100,000 events and each profile. :class:`Postings` turns it round: each event's words are cut once
(titles and topics through the tokeniser's caches, descriptions by one uncached pass, as they
rarely repeat) and filed under the word, once per occurrence with its place, so a profile's
questions become a dictionary look-up per word and array work per hit.

Postings are filled lazily, for the events a ranking holds (:meth:`Postings.cover`): a profile
that excludes most events never cuts their text, and a later profile that holds more cuts only
the ones not yet filed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from itertools import chain

import numpy as np
import numpy.typing as npt

from ..model import Event
from ._tokens import (
    Tokens,
    plain_words,
    title_tokens,
    topic_tokens,
)

__all__ = ["FIELDS", "Postings"]

#: the text fields postings are kept for
FIELDS = ("title", "topics", "description")

_NO_WORDS = Tokens((), frozenset())


def _topics(event: Event) -> Tokens:
    return topic_tokens(event.topics) if event.topics else _NO_WORDS


Numbers = npt.NDArray[np.int64]
_EMPTY = np.empty(0, dtype=np.int64)


#: an occurrence as one integer: its event times this, plus its place in the field's words
_PLACE = 1 << 32


class _Chunk:
    """The words of one batch of events, filed: each occurrence (its event, and its event and
    place as one integer), grouped by word id (in event and place order within a word), and
    where each word id's group starts."""

    __slots__ = ("owners", "places", "starts")

    def __init__(self, numbers: list[int], words: Sequence[Sequence[str]],
                 ids: dict[str, int]) -> None:
        lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        total = int(lengths.sum())
        # new words get the next id as they are first met (a look-up in C per occurrence)
        found = np.fromiter(map(ids.__getitem__, chain.from_iterable(words)), dtype=np.int64,
                            count=total)
        owners = np.repeat(np.array(numbers, dtype=np.int64), lengths)
        firsts = np.repeat(np.cumsum(lengths) - lengths, lengths)
        order = np.argsort(found, kind="stable")
        self.owners = owners[order]
        self.places = (owners * _PLACE + (np.arange(total, dtype=np.int64) - firsts))[order]
        self.starts = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(found, minlength=len(ids)), out=self.starts[1:])

    def of(self, word_id: int, column: str = "owners") -> Numbers:
        if word_id + 1 >= len(self.starts):
            return _EMPTY
        found: Numbers = getattr(self, column)
        return found[self.starts[word_id]:self.starts[word_id + 1]]


def _runs(ordered: Numbers) -> tuple[Numbers, Numbers]:
    """The distinct values of an ascending array and how many times each occurs."""
    if not len(ordered):
        return _EMPTY, _EMPTY
    firsts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[firsts], np.diff(np.append(firsts, len(ordered)))


class Postings:
    """Per field and word, the events (of those covered so far) holding the word, and how often.

    :attr:`description_words` holds each covered event's number of description words (what the
    interest scorer normalises a description's length by)."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self.size = len(events)
        self.covered = np.zeros(self.size, dtype=bool)
        self.description_words = np.zeros(self.size, dtype=np.int64)
        #: every word met, numbered in the order it was first met
        self._ids: defaultdict[str, int] = defaultdict()
        self._ids.default_factory = self._ids.__len__
        self._chunks: dict[str, list[_Chunk]] = {field: [] for field in FIELDS}
        self._held: dict[str, frozenset[str]] = {}
        self._arrays: dict[tuple[str, str], tuple[Numbers, Numbers]] = {}
        self._phrase_arrays: dict[tuple[str, tuple[str, ...]], tuple[Numbers, Numbers]] = {}

    def cover(self, numbers: Numbers) -> None:
        """File the words of events ``numbers`` not filed yet."""
        todo = numbers[~self.covered[numbers]].tolist()
        if not todo:
            return
        events = [self.events[number] for number in todo]
        descriptions = plain_words(event.description for event in events)
        fields: dict[str, Sequence[Sequence[str]]] = {
            "title": [title_tokens(event.title).words for event in events],
            "topics": [_topics(event).words for event in events],
            "description": descriptions,
        }
        for field, words in fields.items():
            self._chunks[field].append(_Chunk(todo, words, self._ids))
        self.description_words[todo] = list(map(len, descriptions))
        self.covered[todo] = True
        self._held.clear()
        # every array made so far may lack the events just filed
        self._arrays.clear()
        self._phrase_arrays.clear()

    def occurrences(self, field: str, word: str) -> tuple[Numbers, Numbers]:
        """The covered events holding ``word`` in ``field`` (ascending: :meth:`cover` files
        each batch in event order) and how many times each."""
        key = (field, word)
        found = self._arrays.get(key)
        if found is None:
            word_id = self._ids.get(word)
            if word_id is None:
                found = (_EMPTY, _EMPTY)
            else:
                parts = [chunk.of(word_id) for chunk in self._chunks[field]]
                # one batch holds its events in order; several are sorted together first
                found = _runs(parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts)))
            self._arrays[key] = found
        return found

    def phrase(self, field: str, words: tuple[str, ...]) -> tuple[Numbers, Numbers]:
        """The covered events holding the phrase ``words`` in ``field``, its words in a row, and
        how many times each (overlapping runs count, as :func:`~eventscout.rank._tokens.
        contains_phrase` counts them): the places of each word, shifted back by its place in
        the phrase, that all words share."""
        key = (field, words)
        found = self._phrase_arrays.get(key)
        if found is None:
            starts: Numbers | None = None
            for offset, word in enumerate(words):
                word_id = self._ids.get(word)
                if word_id is None:
                    starts = _EMPTY
                    break
                places = np.concatenate(
                    [chunk.of(word_id, "places") for chunk in self._chunks[field]]) - offset
                starts = places if starts is None else np.intersect1d(
                    starts, places, assume_unique=True)
                if not len(starts):
                    break
            assert starts is not None
            found = self._phrase_arrays[key] = _runs(starts // _PLACE)
        return found

    def holds(self, field: str, word: str) -> bool:
        """Whether any covered event holds ``word`` in ``field``."""
        return word in self._held_words(field)

    def held(self, field: str, words: Iterable[str]) -> frozenset[str]:
        """Those of ``words`` some covered event holds in ``field`` (one set intersection)."""
        return self._held_words(field).intersection(words)

    def _held_words(self, field: str) -> frozenset[str]:
        held = self._held.get(field)
        if held is None:
            counts = np.zeros(len(self._ids), dtype=np.int64)
            for chunk in self._chunks[field]:
                sizes = np.diff(chunk.starts)
                counts[:len(sizes)] += sizes
            # the ids number the words in the order the dictionary holds them
            words = np.array(list(self._ids), dtype=object)
            held = self._held[field] = frozenset(words[np.flatnonzero(counts)].tolist())
        return held

    def with_any(self, words: Collection[str], fields: Sequence[str] = FIELDS) -> Numbers:
        """The covered events holding at least one of ``words`` in one of ``fields``."""
        hit = np.zeros(self.size, dtype=bool)
        for field in fields:
            for word in self.held(field, words):
                hit[self.occurrences(field, word)[0]] = True
        return np.flatnonzero(hit)
