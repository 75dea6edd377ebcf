"""Names in comparison form, each distinct one worked out once per merge.

"The Annual PyCon US Conference 2027" and "Pycon-US Conf" are one name here: the title goes
through :func:`eventscout.text.normalize_name`, words that add nothing are dropped and the
spellings of the kind of gathering are made one. A second form leaves out the event's own city
("JSConf Budapest" in Budapest is "JSConf"). :class:`NameBook` gives every distinct form an id,
and its :meth:`~NameBook.columns` are the numbers the batched filter reads.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable
from functools import reduce
from itertools import chain, repeat
from operator import or_
from typing import NamedTuple

import numpy as np
from attrs import frozen

from ..text import normalize_name
from ._memo import Memo, Numbering

__all__ = ["Name", "NameBook", "NameColumns", "full_forms", "word_bit"]

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
    """The names of one merge: each title normalised once, each distinct form numbered once.

    A form is identified by its words; the typed :class:`Name` of a form is built only when the
    rules ask for it (:meth:`name`), the batched filter reads :meth:`columns`.
    """

    def __init__(self) -> None:
        #: every distinct form's words, numbered (the number is the form's id)
        self.forms: Numbering[tuple[str, ...]] = Numbering()
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
                spaced, spaced.replace(" ", ""), frozenset(self.forms.keys_in_order[form])
            )
        return found

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
        kept = self.forms.keys_in_order[full]
        city_words = set(city_key.split())
        if city_words.isdisjoint(kept):
            return full
        key = (full, city_key)
        found = self._local.get(key)
        if found is None:
            local = [w for w in kept if w not in city_words] or list(kept)
            found = full if len(local) == len(kept) else self._ids([tuple(local)])[0]
            self._local[key] = found
        return found

    def _ids(self, forms: list[tuple[str, ...]]) -> list[int]:
        """The id of each form, the new ones numbered with their spaced forms and signatures."""
        new = self.forms.fresh(forms)
        if new:
            self.spaced += map(" ".join, new)
            words = list(chain.from_iterable(new))
            bits = np.fromiter(map(self._bits.__getitem__, words), np.uint64, len(words))
            counts = np.fromiter(map(len, new), np.int64, len(new))  # never 0: see full_forms
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
        )


# whole words (the normalised names are words of letters and digits, one space apart, one name a
# line): the kind spellings made one, and the filler words with the space after them
_KIND_WORDS = re.compile(r"\b(?:" + "|".join(_KIND_SPELLINGS) + r")\b")
_FILLER_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted(_FILLER, key=len, reverse=True)) + r")\b ?"
)
_TRAILING_SPACE = re.compile(r" +$", re.MULTILINE)


def full_forms(titles: list[str], normalized: list[str]) -> list[tuple[str, ...]]:
    """The words of each title's name (``normalized`` is ``normalize_name`` of each) with the
    kind spellings made one and filler words dropped, unless only filler is left; a title that
    normalises to nothing is one word, its case folded.

    All names go through each regular expression as one text, a name a line: the same as
    working word by word (see :data:`_KIND_SPELLINGS`, :data:`_FILLER`), without a Python call
    per name.
    """
    if not titles:
        return []
    base = _KIND_WORDS.sub(_kind_spelling, "\n".join(normalized))
    full = _TRAILING_SPACE.sub("", _FILLER_WORDS.sub("", base)).split("\n")
    base_lines = base.split("\n")
    assert len(full) == len(base_lines) == len(titles)  # normalize_name leaves no line break
    return [
        tuple((line or base_line).split(" ")) if base_line else (title.casefold(),)
        for line, base_line, title in zip(full, base_lines, titles, strict=True)
    ]


def _kind_spelling(match: re.Match[str]) -> str:
    return _KIND_SPELLINGS[match.group()]
