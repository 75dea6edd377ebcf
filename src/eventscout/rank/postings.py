"""Word postings of an index's events: for each word of a field, the events it occurs in.

The text signals ask two questions of every event a ranking holds: which of these words does it
contain, and how often. Asked event by event, that is a set test and a count in Python for each of
100,000 events and each profile. :class:`Postings` turns it round: each event's words are cut once
(a batch of events' titles, topics or descriptions by one pass in C, ``_tokens.word_stream``: the
words the tokeniser's own functions give) and filed under the word, once per occurrence with its
place, so a profile's questions become a dictionary look-up per word and array work per hit.

Postings are filled lazily, for the events a ranking holds (:meth:`Postings.cover`): a profile
that excludes most events never cuts their text, and a later profile that holds more cuts only
the ones not yet filed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from operator import attrgetter

import numpy as np
import numpy.typing as npt

from ..model import Event
from ._tokens import TEXT_END, title_texts, topic_texts, word_stream

__all__ = ["FIELDS", "Postings"]

#: the text fields postings are kept for
FIELDS = ("title", "topics", "description")

_TITLE = attrgetter("title")
_TOPICS = attrgetter("topics")
_DESCRIPTION = attrgetter("description")

Numbers = npt.NDArray[np.int64]
_EMPTY = np.empty(0, dtype=np.int64)


#: an occurrence as one integer: its event times this, plus its place in the field's words
_PLACE = 1 << 32
#: word ids a radix pass of NumPy's stable sort takes at once (16 bits)
_DIGIT = 1 << 16


def _stable_order(found: Numbers, count: int) -> Numbers:
    """``np.argsort(found, kind="stable")`` for ids below ``count``, by NumPy's radix sort: one
    pass of 16-bit digits when the ids fit, else two (the low digit, then the high one; each
    pass stable, so the order is the very one a stable sort of the whole ids gives)."""
    if count <= _DIGIT:
        return np.argsort(found.astype(np.uint16), kind="stable")
    order = np.argsort((found & (_DIGIT - 1)).astype(np.uint16), kind="stable")
    high = (found >> 16).astype(np.uint32 if count > _DIGIT * _DIGIT else np.uint16)
    return order[np.argsort(high[order], kind="stable")]


class _Chunk:
    """The words of one batch of events, filed: each occurrence (its event, and its event and
    place as one integer), grouped by word id (in event and place order within a word), where
    each word id's group starts, and each event's number of words (:attr:`lengths`)."""

    __slots__ = ("lengths", "owners", "places", "starts")

    def __init__(self, numbers: list[int], stream: list[str], ids: dict[str, int]) -> None:
        # ``stream``: the events' words, each event's followed by ``TEXT_END`` (word_stream);
        # new words get the next id as they are first met (a look-up in C per occurrence)
        every = np.fromiter(map(ids.__getitem__, stream), dtype=np.int64, count=len(stream))
        ends = every == ids[TEXT_END]
        found = every[~ends]
        self.lengths = np.diff(np.flatnonzero(ends), prepend=-1) - 1
        total = len(found)
        owners = np.repeat(np.array(numbers, dtype=np.int64), self.lengths)
        firsts = np.repeat(np.cumsum(self.lengths) - self.lengths, self.lengths)
        order = _stable_order(found, len(ids))
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
        #: every word met, numbered in the order it was first met (after ``TEXT_END``, the
        #: mark between two events' words, which no event holds)
        self._ids: defaultdict[str, int] = defaultdict()
        self._ids.default_factory = self._ids.__len__
        self._ids[TEXT_END] = 0
        self._chunks: dict[str, list[_Chunk]] = {field: [] for field in FIELDS}
        self._held: dict[str, frozenset[str]] = {}
        self._arrays: dict[tuple[str, str], tuple[Numbers, Numbers]] = {}
        self._phrase_arrays: dict[tuple[str, tuple[str, ...]], tuple[Numbers, Numbers]] = {}

    def cover(self, numbers: Numbers) -> None:
        """File the words of events ``numbers`` not filed yet."""
        todo = numbers[~self.covered[numbers]].tolist()
        if not todo:
            return
        events = list(map(self.events.__getitem__, todo))
        streams = {
            "title": word_stream(title_texts(list(map(_TITLE, events)))),
            "topics": word_stream(topic_texts(map(_TOPICS, events))),
            "description": word_stream(map(_DESCRIPTION, events)),
        }
        for field, stream in streams.items():
            self._chunks[field].append(_Chunk(todo, stream, self._ids))
        self.description_words[todo] = self._chunks["description"][-1].lengths
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
