"""Names in comparison form, each distinct one worked out once per merge.

"The Annual PyCon US Conference 2027" and "Pycon-US Conf" are one name here: the title goes
through :func:`eventscout.text.normalize_name`, words that add nothing are dropped and the
spellings of the kind of gathering are made one. A second form leaves out the event's own city
("JSConf Budapest" in Budapest is "JSConf"). :class:`NameBook` gives every distinct form an id,
and its :meth:`~NameBook.columns` are the numbers the batched filter reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import NamedTuple

import numpy as np
from attrs import frozen

from ..text import normalize_name
from ._memo import Memo

__all__ = ["Name", "NameBook", "NameColumns", "word_bit"]

# Words that add nothing to a name ("The ... Annual ...") are dropped; spellings of the kind of
# gathering are made one ("Craft Conf" = "Craft Conference"), but kept: "Cloud Conf" and "Cloud
# Summit" on one day in one city are two events.
_FILLER = frozenset({"the", "a", "an", "of", "and", "annual", "international", "intl", "edition"})
_KIND_SPELLINGS = {
    "conference": "conf", "conferences": "conf", "days": "day", "festival": "fest",
    "events": "event", "summits": "summit", "meetups": "meetup", "workshops": "workshop",
}
_U64 = (1 << 64) - 1


def word_bit(word: str) -> int:
    """The one bit of 64 that stands for ``word`` in a signature: two names with no bit in
    common share no word (the converse need not hold)."""
    return 1 << (hash(word) & 63)


class Name(NamedTuple):
    """A name in comparison form: words spaced, the same without spaces, and as a set."""

    spaced: str
    compact: str
    words: frozenset[str]


@frozen(kw_only=True)
class NameColumns:
    """What the batched filter knows of every distinct name, one row per name id."""

    #: the compact forms (an object array, for rapidfuzz's batched scorers)
    compact: np.ndarray
    #: the length of the compact form
    length: np.ndarray
    #: how many spaces the spaced form has
    spaces: np.ndarray
    #: a 64-bit signature of the words, one bit each
    word_bits: np.ndarray
    #: a hash of the compact form's first four letters
    head: np.ndarray


class NameBook:
    """The names of one merge: each title normalised once, each distinct form numbered once."""

    def __init__(self) -> None:
        #: every distinct form, by id
        self.names: list[Name] = []
        #: the word set of every distinct form, by id
        self.word_sets: list[frozenset[str]] = []
        #: title -> id of its full form (:meth:`full`), worked out on first sight
        self.full_ids: Memo[str, int] = Memo(self._full)
        #: a 64-bit signature of the words of every distinct form, by id (see :meth:`word_bits`)
        self.signatures: list[int] = []
        self._bits: Memo[str, int] = Memo(word_bit)
        self._words: list[tuple[str, ...]] = []
        self._ids: dict[tuple[str, ...], int] = {}
        #: title -> ``normalize_name(title)``, worked out on first sight
        self.normalized: Memo[str, str] = Memo(normalize_name)
        self._local: dict[tuple[int, str], int] = {}

    def normalize(self, title: str) -> str:
        """``normalize_name(title)``, worked out once per distinct title."""
        return self.normalized[title]

    def full(self, title: str) -> int:
        """The id of a title's name without filler words, as given."""
        return self.full_ids[title]

    def full_all(self, titles: list[str]) -> list[int]:
        """:meth:`full` of every title: each distinct title normalised and numbered once, in
        one batch (no per-title cache misses)."""
        fresh = [title for title in dict.fromkeys(titles) if title not in self.full_ids]
        normalized = list(map(normalize_name, fresh))
        self.normalized.update(zip(fresh, normalized, strict=True))
        self.full_ids.update(zip(fresh, map(self._full, fresh, normalized), strict=True))
        return list(map(self.full_ids.__getitem__, titles))

    def _full(self, title: str, normalized: str | None = None) -> int:
        if normalized is None:
            normalized = self.normalized[title]
        base = [_KIND_SPELLINGS.get(w, w) for w in normalized.split()]
        base = base or [title.casefold()]
        full = [w for w in base if w not in _FILLER] or base  # a name made only of filler
        return self._id(full)

    def local(self, full: int, city_key: str) -> int:
        """The id of name ``full`` without the words of its event's own city.

        The same id as ``full`` when taking the city out changes nothing (the batched filter then
        compares one form only).
        """
        words = self.names[full].words
        if words.isdisjoint(city_key.split()):
            return full
        key = (full, city_key)
        found = self._local.get(key)
        if found is None:
            kept = self._words[full]
            city_words = set(city_key.split())
            local = [w for w in kept if w not in city_words] or list(kept)
            found = self._local[key] = full if len(local) == len(kept) else self._id(local)
        return found

    def _id(self, words: list[str]) -> int:
        key = tuple(words)
        found = self._ids.get(key)
        if found is None:
            spaced = " ".join(words)
            found = self._ids[key] = len(self.names)
            self._words.append(key)
            self.word_sets.append(frozenset(words))
            self.names.append(Name(spaced, spaced.replace(" ", ""), self.word_sets[-1]))
            self.signatures.append(self.word_bits(words))
        return found

    def word_bits(self, words: Iterable[str]) -> int:
        """The 64-bit signature of ``words``: one bit each (:func:`word_bit`), or-ed together."""
        return reduce(or_, map(self._bits.__getitem__, words), 0)

    def columns(self) -> NameColumns:
        """The numbers of every name so far, for the batched filter."""
        names = self.names
        lengths = [len(name.compact) for name in names]
        return NameColumns(
            compact=np.array([name.compact for name in names], dtype=object),
            length=np.array(lengths, dtype=np.int64),
            spaces=np.array([len(name.spaced) for name in names], dtype=np.int64)
            - np.array(lengths, dtype=np.int64),
            word_bits=np.array(self.signatures, dtype=np.uint64),
            head=np.array([hash(name.compact[:4]) & _U64 for name in names], dtype=np.uint64),
        )
