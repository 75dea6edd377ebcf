"""Names in comparison form, each distinct one worked out once per merge.

"The Annual PyCon US Conference 2027" and "Pycon-US Conf" are one name here: the title goes
through :func:`eventscout.text.normalize_name`, words that add nothing are dropped and the
spellings of the kind of gathering are made one. A second form leaves out the event's own city
("JSConf Budapest" in Budapest is "JSConf"). :class:`NameBook` gives every distinct form an id,
and its :meth:`~NameBook.columns` are the numbers the batched filter reads.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce
from itertools import chain, repeat
from operator import or_
from typing import NamedTuple

import numpy as np
from attrs import frozen

from ..text import normalize_name
from ._memo import Memo, Numbering

__all__ = ["Name", "NameBook", "NameColumns", "character_bits", "full_forms", "word_bit"]

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
    #: a 64-bit signature of the compact form's characters (:func:`character_bits`)
    chars: np.ndarray


class NameBook:
    """The names of one merge: each title normalised once, each distinct form numbered once.

    A form is identified by its words, one space apart (a title that normalises to nothing is
    one word, spaces and all: its key starts with a line break, which no other form holds); the
    typed :class:`Name` of a form is built only when the rules ask for it (:meth:`name`), the
    batched filter reads :meth:`columns`.
    """

    def __init__(self) -> None:
        #: every distinct form's key (:func:`full_forms`), numbered (the number is the form's id)
        self.forms: Numbering[str] = Numbering()
        #: the spaced form of every distinct form, by id
        self.spaced: list[str] = []
        #: a 64-bit signature of the words of every distinct form, by id (see :meth:`word_bits`)
        self.signatures: list[int] = []
        #: title -> id of its full form (:meth:`full_all`)
        self.full_ids: dict[str, int] = {}
        #: title -> ``normalize_name(title)``
        self.normalized: dict[str, str] = {}
        self._bits: Memo[str, int] = Memo(word_bit)
        self._names: dict[int, Name] = {}
        self._local: dict[tuple[int, str], int] = {}

    def normalize(self, title: str) -> str:
        """``normalize_name(title)``, worked out once per distinct title."""
        found = self.normalized.get(title)
        if found is None:
            found = self.normalized[title] = normalize_name(title)
        return found

    def name(self, form: int) -> Name:
        """The typed name of form ``form`` (built on first request)."""
        found = self._names.get(form)
        if found is None:
            spaced = self.spaced[form]
            found = self._names[form] = Name(
                spaced, spaced.replace(" ", ""), frozenset(self.words(form))
            )
        return found

    def words(self, form: int) -> list[str]:
        """The words of form ``form``."""
        key = self.forms.keys_in_order[form]
        return [key[1:]] if key.startswith("\n") else key.split(" ")

    def full_all(self, titles: list[str]) -> list[int]:
        """The id of each title's name without filler words: each distinct title normalised and
        its form worked out once, all of them in one batch (:func:`full_forms`)."""
        fresh = [title for title in dict.fromkeys(titles) if title not in self.full_ids]
        normalized = list(map(normalize_name, fresh))
        self.normalized.update(zip(fresh, normalized, strict=True))
        self.full_ids.update(zip(fresh, self._ids(full_forms(fresh, normalized)), strict=True))
        return list(map(self.full_ids.__getitem__, titles))

    def local(self, full: int, city_key: str) -> int:
        """The id of name ``full`` without the words of its event's own city.

        The same id as ``full`` when taking the city out changes nothing (the batched filter then
        compares one form only).
        """
        kept = self.words(full)
        city_words = set(city_key.split())
        if city_words.isdisjoint(kept):
            return full
        key = (full, city_key)
        found = self._local.get(key)
        if found is None:
            local = [w for w in kept if w not in city_words] or kept
            found = full if len(local) == len(kept) else self._ids([" ".join(local)])[0]
            self._local[key] = found
        return found

    def _ids(self, forms: list[str]) -> list[int]:
        """The id of each form key, the new ones numbered with their spaced forms and
        signatures."""
        new = self.forms.fresh(forms)
        if new:
            start = len(self.spaced)
            self.spaced += new
            counts = np.fromiter(map(str.count, new, repeat(" ")), np.int64, len(new)) + 1
            words = " ".join(new).split(" ")
            single = [number for number, key in enumerate(new) if key.startswith("\n")]
            for number in single:  # rare: one word with its spaces (see full_forms)
                self.spaced[start + number] = new[number][1:]
            if single:
                counts[single] = 1
                words = list(chain.from_iterable(map(self.words, range(start, len(self.spaced)))))
            bits = np.fromiter(map(self._bits.__getitem__, words), np.uint64, len(words))
            self.signatures += np.bitwise_or.reduceat(bits, np.cumsum(counts) - counts).tolist()
        return list(map(self.forms.__getitem__, forms))

    def word_bits(self, words: Iterable[str]) -> int:
        """The 64-bit signature of ``words``: one bit each (:func:`word_bit`), or-ed together."""
        return reduce(or_, map(self._bits.__getitem__, words), 0)

    def columns(self) -> NameColumns:
        """The numbers of every name so far, for the batched filter."""
        spaced, count = self.spaced, len(self.spaced)
        compact = list(map(str.replace, spaced, repeat(" "), repeat("")))
        lengths = np.fromiter(map(len, compact), np.int64, count)
        heads = map(operator.getitem, compact, repeat(slice(4)))
        return NameColumns(
            compact=np.array(compact, dtype=object), length=lengths,
            spaces=np.fromiter(map(len, spaced), np.int64, count) - lengths,
            word_bits=np.array(self.signatures, dtype=np.uint64),
            # hash(...) & (2**64 - 1): the same 64 bits, read as unsigned
            head=np.fromiter(map(hash, heads), np.int64, count).view(np.uint64),
            chars=character_bits(compact, lengths),
        )


def character_bits(texts: list[str], lengths: np.ndarray) -> np.ndarray:
    """A 64-bit signature of each text's characters: one bit for each letter a-z and digit, the
    other characters sharing the rest. A bit in one text's signature and not in the other's is
    a character of the one that the other lacks. All texts in one numpy pass (``lengths`` are
    their lengths)."""
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"),
                          dtype=np.uint32).astype(np.int64)
    bins = np.where((codes >= 97) & (codes <= 122), codes - 97,
                    np.where((codes >= 48) & (codes <= 57), codes - 48 + 26, 36 + codes % 28))
    bits = np.append(np.left_shift(np.uint64(1), bins.astype(np.uint64)), np.uint64(0))
    found = np.bitwise_or.reduceat(bits, np.cumsum(lengths) - lengths) if len(texts) else bits[:0]
    found[lengths == 0] = 0  # reduceat gives the next text's first character there
    return found


def full_forms(titles: list[str], normalized: list[str]) -> list[str]:
    """The key of each title's name (``normalized`` is ``normalize_name`` of each): its words
    with the kind spellings made one and filler words dropped, unless only filler is left, one
    space apart; a title that normalises to nothing is one word, its case folded, after a line
    break (so that it cannot be taken for words).

    All names are one text, a name a line with a space either side, so that every word has a
    space before and after it: each spelling is one ``str.replace`` over all of them (twice,
    for a word that follows itself, whose space the first pass took), the same as working word
    by word (see :data:`_KIND_SPELLINGS`, :data:`_FILLER`), without a Python call per name.
    """
    if not titles:
        return []
    base = " " + " \n ".join(normalized) + " "
    for spelling, kind in _KIND_SPELLINGS.items():
        base = base.replace(f" {spelling} ", f" {kind} ").replace(f" {spelling} ", f" {kind} ")
    full = base
    for word in _FILLER:
        full = full.replace(f" {word} ", " ").replace(f" {word} ", " ")
    full_lines, base_lines = full.split("\n"), base.split("\n")
    assert len(full_lines) == len(base_lines) == len(titles)  # normalize_name leaves no "\n"
    return [
        (line if len(line) > 2 else base_line).strip(" ") if len(base_line) > 2
        else "\n" + title.casefold()
        for line, base_line, title in zip(full_lines, base_lines, titles, strict=True)
    ]
