"""The batch tokeniser of the word postings (rank/_tokens.py ``word_stream``, ``title_texts``).

The postings cut a whole batch of texts at once, without the regular expression the per-event
scorer's tokeniser runs; both must give the very same words, or the columnar ranking would drift
from the per-event one. Texts here reach every corner of the pattern: "+" and "#" inside and at
the start of words, characters beyond ASCII (some lower-case to ASCII letters), control
characters, camel-case joints, and the byte the stream marks texts' ends with.
"""

from __future__ import annotations

import random
from itertools import chain

import pytest

from eventscout.rank._tokens import (
    _CAMEL,
    TEXT_END,
    _camel_cased,
    plain_words,
    title_texts,
    title_tokens,
    word_stream,
)

TEXTS = [
    "", " ", "C++ and C# for .NET", "+plus #hash ++a+ #+#b# a+#b", "++ ## +# #",
    "Straße İstanbul KELVIN: \u212a and \u0130x", "\x00null\x00 in\tthe\nmiddle\x85next\xa0nbsp",
    "\xffmarker\xff and ÿ", "ΣΑΣ σας ǅ ﬁne", "Machine-Learning, AI/ML & MLOps 2026!",
    "PyCon DE & PyData Berlin", "JSConf EU", "iOSDevUK", "SREcon26 Americas", "KubeCon + CloudNativeCon",
    "GraphQL", "AWS re:Invent", "ÉCOLE École PHPConf", "a", "9lives", "x\u0307y",
]

_ALPHABET = [*"aAbBzZ09+# \t\n-._/'İKσΣßéÉ\x00\xff\x85\xa0ǅﬁ", "C++", "C#", ".NET", "iOS",
             "SREcon", "PyCon", "JSConf", "\u212a"]


def _random_texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 14)))
            for _ in range(rng.randint(0, 8))]


def _marked(words: list[list[str]] | list[tuple[str, ...]]) -> list[str]:
    return list(chain.from_iterable([*found, TEXT_END] for found in words))


def test_the_stream_holds_the_words_plain_words_cuts() -> None:
    assert word_stream(TEXTS) == _marked(plain_words(TEXTS))
    assert word_stream(iter(TEXTS)) == _marked(plain_words(TEXTS))  # any iterable


@pytest.mark.parametrize("seed", range(20))
def test_the_stream_equals_plain_words_on_random_texts(seed: int) -> None:
    for step in range(200):
        texts = _random_texts(seed * 1000 + step)
        assert word_stream(texts) == _marked(plain_words(texts)), texts


def test_no_texts_no_stream_and_empty_texts_still_end() -> None:
    assert word_stream([]) == []
    assert word_stream(["", ""]) == [TEXT_END, TEXT_END]


def test_the_end_mark_is_never_a_word() -> None:
    # whatever a text holds, the mark comes only after each text's words
    assert word_stream(["\xff", "a\xffb", TEXT_END * 2]) == [TEXT_END, "a", "b", TEXT_END,
                                                             TEXT_END]


def test_camel_cased_titles_are_those_the_pattern_finds() -> None:
    titles = [text for text in TEXTS if text] + [
        "aB", "AB", "ABc", "A\nBc", "a\u00e9B", "\u00e9B", "1A", "ABC", "ÀBc", "Ab"]
    expected = [number for number, title in enumerate(titles) if _CAMEL.search(title)]
    assert expected  # the titles hold joints, and titles without
    assert _camel_cased(titles) == expected


@pytest.mark.parametrize("seed", range(10))
def test_title_texts_cut_into_the_title_tokens_words(seed: int) -> None:
    for step in range(200):
        titles = [title for title in _random_texts(seed * 1000 + step) if title]
        stream = word_stream(title_texts(titles))
        assert stream == _marked([title_tokens(title).words for title in titles]), titles


def test_title_texts_keep_plain_titles_as_they_are() -> None:
    titles = ["Python Summit Berlin 2027", "PyCon DE", "AWS Summit"]
    assert title_texts(titles) == ["Python Summit Berlin 2027", "py con de pycon", "AWS Summit"]
