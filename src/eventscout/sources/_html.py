"""What the two HTML adapters (schema.org pages, configured listings) share: parsing a page with
BeautifulSoup's lxml builder, the ``url``/``urls`` options, and checking CSS selectors early.

Private to those adapters.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import soupsieve
from bs4 import BeautifulSoup, SoupStrainer

from ..errors import ItemError
from ..model import Problem

__all__ = ["css_option", "item_problem", "make_soup", "page_list"]


def make_soup(
    content: bytes | str, *, encoding: str | None = None, parse_only: SoupStrainer | None = None
) -> BeautifulSoup:
    """``content`` parsed with lxml; the page's own ``<meta charset>`` is honoured for bytes.

    bs4's warnings about the markup (XHTML parsed as HTML, undecodable bytes) say nothing we could
    act on, so they are silenced here rather than turned into errors by strict warning filters.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if isinstance(content, bytes):
            return BeautifulSoup(content, "lxml", from_encoding=encoding, parse_only=parse_only)
        return BeautifulSoup(content, "lxml", parse_only=parse_only)


def page_list(url: str | None, urls: Iterable[str]) -> tuple[str, ...]:
    """The pages a source reads: ``url`` then ``urls``, without repeats; at least one."""
    if isinstance(urls, str):
        raise ValueError("'urls' must be a list of URLs or paths, not one string (use 'url')")
    pages = tuple(dict.fromkeys(p.strip() for p in ([url] if url else []) + list(urls) if p.strip()))
    if not pages:
        raise ValueError("give the page to read as 'url' (or several as 'urls')")
    return pages


def css_option(value: object, *, key: str) -> str | None:
    """A CSS selector option, checked now so that a typo fails when the config is loaded."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be a CSS selector string, not {value!r}")
    try:
        soupsieve.compile(value)
    except soupsieve.SelectorSyntaxError as error:
        raise ValueError(f"'{key}' is not a valid CSS selector: {value!r} ({error})") from None
    return value


def item_problem(source: str, page: str, error: ItemError, *, fallback: str = "") -> Problem:
    """A Problem naming the page and the item, from an ItemError raised while reading it."""
    text = str(error)
    parts = [p for p in (error.where, f"field {error.field!r}" if error.field else None) if p]
    prefix = ", ".join(parts) + ": "
    message = text[len(prefix):] if parts and text.startswith(prefix) else text
    return Problem(source=source, where=f"{page}: {error.where or fallback}", message=message,
                   field=error.field)
