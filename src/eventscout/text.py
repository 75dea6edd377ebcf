"""Text clean-up shared by the model and the adapters: HTML to plain text, whitespace, and the
one folding that names and places are compared in.

Scraped text arrives with markup, entities, odd spaces and control characters. The model stores
plain text only, so everything passes through :func:`plain_text` at the boundary.
"""

from __future__ import annotations

import html
import re
import unicodedata
import warnings

__all__ = ["fold", "normalize_name", "plain_text", "single_line"]

_TAGS = (
    r"p|div|br|span|a|b|i|u|s|em|strong|small|ul|ol|li|dl|dt|dd|h[1-6]|table|thead|tbody|tr|"
    r"td|th|img|script|style|section|article|header|footer|nav|blockquote|pre|code|hr|sup|sub|font|"
    r"center|html|body|head|title|meta|link|iframe"
)
#: what makes a text markup: a closing tag, a line break or paragraph tag, or a comment. A lone
#: "<table>" or "<div>" is left alone, so that plain text which *mentions* a tag (as the output of
#: this very function may) reads the same when cleaned again.
_MARKUP = re.compile(rf"</({_TAGS})\s*>|<(br|p|li)(\s[^>]*)?/?>|<!--", re.IGNORECASE)
#: a complete character reference; legacy ones without ";" (the "&reg" in "&region=") are text
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_BLOCK_TAGS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol")


def plain_text(value: str | None) -> str:
    """Return ``value`` as plain text: tags removed, entities decoded, whitespace tidied.

    Block elements become line breaks so that paragraphs survive; control characters (which
    would break iCalendar and terminals) are dropped. Cleaning a cleaned text changes nothing
    (short of doubly escaped input such as ``&amp;amp;``), so events rebuilt from stored or merged
    data keep their text and their content hash.
    """
    if not value:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if _MARKUP.search(text):
        from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning  # ~0.4 s: only for markup

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(text, "lxml")
        for tag in soup.find_all(("script", "style", "template")):
            tag.decompose()
        for tag in soup.find_all(_BLOCK_TAGS):
            tag.insert_before("\n")
            tag.insert_after("\n")
        text = soup.get_text()  # decodes the character references once
    else:
        text = _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def single_line(value: str | None) -> str:
    """Plain text on one line: for titles, names and places."""
    return " ".join(plain_text(value).split())


_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_ORDINAL_EDITION = re.compile(r"\b\d+(st|nd|rd|th)\s+edition\b")
_SHORT_YEAR = re.compile(r"'(\d{2})\b")  # "DevFest '27"
#: every pattern that takes out a year or an edition needs a digit: without one, none can match
_HAS_DIGIT = re.compile(r"\d").search
_NON_WORD = re.compile(r"[\W_]+")


def _fold_case(value: str) -> str:
    """Lower case with accents removed ("Zürich" -> "zurich"); punctuation kept."""
    if value.isascii():
        return value.lower()
    text = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold(value: str) -> str:
    """The form names are compared in: lower case, accents removed, every run of punctuation
    and spaces one space (``"Zürich, CH"`` -> ``"zurich ch"``). The gazetteer's keys, place
    lines and event names are all folded this one way."""
    return _NON_WORD.sub(" ", _fold_case(value)).strip()


def normalize_name(value: str) -> str:
    """A comparison form of an event name: lower case, accents folded, years and punctuation gone.

    ``"PyCon US 2027"``, ``"PyCon-US"`` and ``"pycon us"`` all become ``"pycon us"``, so the same
    series is recognised across editions and sources.
    """
    text = _fold_case(value)
    if _HAS_DIGIT(text) is not None:  # most names have no year or edition number to take out
        text = _YEAR.sub(" ", text)
        text = _ORDINAL_EDITION.sub(" ", text)
        text = _SHORT_YEAR.sub(" ", text)
    if value.isascii():  # lower case already, nothing to fold: fold(text) without the work
        return _NON_WORD.sub(" ", text).strip()
    return fold(text)
