"""Text clean-up and name normalisation."""

from __future__ import annotations

import pytest

from eventscout.text import fold, normalize_name, plain_text, single_line


def test_plain_text_strips_markup_and_keeps_paragraphs() -> None:
    html = "<div><p>One &amp; two</p><ul><li>a</li><li>b</li></ul></div><script></script>"
    assert plain_text(html) == "One & two\n\na\n\nb"


def test_control_characters_and_odd_spaces_go() -> None:
    assert plain_text("a\x00b\u00a0\u00a0c\r\nd") == "ab c\nd"
    assert single_line(" a \n b ") == "a b"
    assert plain_text(None) == ""


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("PyCon US 2027", "pycon us"),
        ("PyCon-US", "pycon us"),
        ("DevFest '27", "devfest"),
        ("Jfokus 2025 — 10th edition", "jfokus"),
        ("Café Conférence", "cafe conference"),
    ],
)
def test_normalize_name(name: str, normal: str) -> None:
    assert normalize_name(name) == normal


@pytest.mark.parametrize(
    "text",
    [
        "Using &lt;table&gt; layouts",
        "<p>Hello &amp; welcome</p><p>Bring a <b>laptop</b></p>",
        "Why &lt;div&gt; soup hurts",
        "https://ex.com/e?id=1&region=eu&currency=EUR&section=2",
        "AT&T and R&D",
        "a &#8211; b &hellip;",
        "line one<br>line two",
        "<CODE/CRAFTS>",
    ],
)
def test_cleaning_clean_text_changes_nothing(text: str) -> None:
    once = plain_text(text)
    assert plain_text(once) == once


def test_legacy_entities_without_semicolon_stay_text() -> None:
    assert plain_text("a&region=eu&currency=EUR") == "a&region=eu&currency=EUR"


def test_scripts_and_styles_are_not_text() -> None:
    assert plain_text("<p>Hi</p><script>alert(1)</script><style>p{}</style>") == "Hi"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Zürich, CH", "zurich ch"), ("São Paulo", "sao paulo"), ("  New-York  City ", "new york city"),
     ("Straße", "strasse"), ("Köln (DE)", "koln de"), ("a__b", "a b"), ("", "")],
)
def test_fold_is_the_one_comparison_form(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(folded) == folded  # folding a folded text changes nothing


def test_normalize_name_folds_like_places() -> None:
    assert normalize_name("PyCon Zürich 2027") == fold("PyCon Zürich")
