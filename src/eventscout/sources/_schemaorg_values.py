"""Plain values inside schema.org items: texts, names, prices, languages, topics.

A schema.org value may be a string, a number, a list, an ``@value`` object or a nested item;
these helpers read each the same way. Private to the schema.org adapter
(:mod:`eventscout.sources._schemaorg`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..model import Price
from ..parse import parse_amount, single_line

__all__ = ["first_text", "first_text_block", "languages", "name_of", "price", "read_amount", "topics", "values"]


def values(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def first_text(value: object) -> str | None:
    """The first plain text in a schema.org value (a string, a number, a list, ``@value``)."""
    for item in values(value):
        if isinstance(item, Mapping):
            item = item.get("@value", item.get("name"))
        if isinstance(item, str | int | float) and not isinstance(item, bool):
            text = single_line(str(item))
            if text:
                return text
    return None


def name_of(value: object) -> str | None:
    for item in values(value):
        text = first_text(item.get("name")) if isinstance(item, Mapping) else first_text(item)
        if text:
            return text
    return None


def read_amount(value: object) -> Decimal | None:
    text = first_text(value)
    if text is None:
        return None
    if text.casefold() in ("free", "gratis", "kostenlos", "gratuit"):
        return Decimal(0)
    match = re.search(r"\d[\d,.]*", text)
    if match is None:
        return None
    number = match.group().rstrip(".,")
    try:
        return parse_amount(number)
    except (ValueError, InvalidOperation):
        return None


def price(data: Mapping[str, Any]) -> Price | None:
    if data.get("isAccessibleForFree") in (True, "true", "True", "yes"):
        return Price.free()
    amounts: list[Decimal] = []
    currencies: set[str] = set()
    for offer in values(data.get("offers")):
        if not isinstance(offer, Mapping):
            continue
        for key in ("price", "lowPrice", "highPrice"):
            amount = read_amount(offer.get(key))
            if amount is not None:
                amounts.append(amount)
        currency = first_text(offer.get("priceCurrency"))
        if currency and re.fullmatch(r"[A-Za-z]{3}", currency):
            currencies.add(currency.upper())
    if not amounts:
        return None
    currency = currencies.pop() if len(currencies) == 1 else None
    return Price(minimum=min(amounts), maximum=max(amounts), currency=currency)


_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]+)*")


def languages(value: object) -> list[str]:
    codes = []
    for item in values(value):
        if isinstance(item, Mapping):
            item = item.get("alternateName") or item.get("name")
        text = first_text(item)
        if text and _LANGUAGE_CODE.fullmatch(text):
            codes.append(text)
    return codes


def topics(data: Mapping[str, Any]) -> list[str]:
    topics: list[str] = []
    for value in values(data.get("keywords")):
        text = first_text(value)
        if text:
            topics.extend(part.strip() for part in text.split(",") if part.strip())
    for value in values(data.get("about")):
        text = name_of(value) if isinstance(value, Mapping) else first_text(value)
        if text:
            topics.append(text)
    return topics


def first_text_block(value: object) -> str:
    """A description keeps its line breaks (``first_text`` folds to one line)."""
    for item in values(value):
        if isinstance(item, Mapping):
            item = item.get("@value")
        if isinstance(item, str) and item.strip():
            return item
    return ""
