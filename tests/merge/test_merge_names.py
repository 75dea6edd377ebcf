"""Names in comparison form: the batched forms are the word-by-word ones."""

from __future__ import annotations

from eventscout.merge._names import _FILLER, _KIND_SPELLINGS, NameBook, full_forms
from eventscout.text import normalize_name

TITLES = [
    "The Annual PyCon US Conference 2027", "Pycon-US Conf", "Days Days Days", "The The",
    "the", "2027", "!!!", "Conferences of the Festival", "A and An", "DevOpsDays", "Día de Datos",
    "KubeCon + CloudNativeCon Europe", "Annual", "workshops meetups summits events", "x  y",
    "JSConf Budapest", "The International Edition of Rust Days", "conference conference",
]


def _word_by_word(title: str) -> list[str]:
    base = [_KIND_SPELLINGS.get(w, w) for w in normalize_name(title).split()]
    base = base or [title.casefold()]
    return [w for w in base if w not in _FILLER] or base


def test_the_batched_forms_are_the_word_by_word_forms() -> None:
    book = NameBook()
    ids = book.full_all(TITLES)

    assert [book.words(form) for form in ids] == [_word_by_word(title) for title in TITLES]
    assert [book.spaced[form] for form in ids] == [" ".join(_word_by_word(t)) for t in TITLES]
    assert len(set(ids)) == len({tuple(_word_by_word(title)) for title in TITLES})


def test_a_title_without_words_is_one_word_and_no_other_form() -> None:
    forms = full_forms(["!!!", "2027"], ["", ""])

    assert forms == ["\n!!!", "\n2027"]
    book = NameBook()
    one, other = book.full_all(["- -", "2027"])
    assert book.words(one) == ["- -"] and book.name(one).compact == "--"
    assert book.words(other) == ["2027"]


def test_signatures_are_the_words_bits() -> None:
    book = NameBook()
    ids = book.full_all([*TITLES, "- -"])

    assert [book.signatures[form] for form in ids] == [
        book.word_bits(book.words(form)) for form in ids
    ]
