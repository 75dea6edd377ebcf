"""Guessing from a listing's words what sort of event it is, whether it happens online, and what
it costs.

Most sources do not say "this is a career fair"; their titles and categories do. The rules are
ordered: the first that matches wins, so specific kinds ("career fair") come before general ones
("conference").
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import AttendanceMode, EventKind, Price
from .places import attendance_from_text

__all__ = ["guess_attendance", "guess_kind", "guess_price", "parse_amount"]

_RULES: tuple[tuple[EventKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (EventKind.CAREER_FAIR, r"\b(career|job|jobs|hiring|recruit\w*)\s*(fair|expo|day|event|night)s?\b"),
        (EventKind.HACKATHON, r"\b(hackathon|hack\s*day|hack\s*week|game\s*jam|codefest)s?\b"),
        (EventKind.MENTORSHIP, r"\b(mentor\w*|office\s*hours)\b"),
        (EventKind.WORKSHOP, r"\b(workshop|tutorial|training|bootcamp|masterclass|hands[- ]on)s?\b"),
        (EventKind.WEBINAR, r"\b(webinar|web\s*seminar|livestream|live\s*stream|online\s*talk)s?\b"),
        (EventKind.NETWORKING, r"\b(networking|mixer|happy\s*hour|after\s*work|social|drinks|breakfast\s*club)\b"),
        (EventKind.ASSOCIATION_MEETING, r"\b(board|committee|commission|council|general\s*assembly|annual\s*general|agm|chapter\s*meeting|members?\s*meeting|association)\b"),
        (EventKind.MEETUP, r"\b(meetup|meet-up|user\s*group|usergroup|\w*ug|stammtisch|community\s*night|lightning\s*talks)s?\b"),
        (EventKind.CONFERENCE, r"\b(conf|conference|summit|symposium|congress|convention|forum|fest|camp|con|expo)\b|\w+(conf|con|days|fest|camp)\b"),
    )
)

def guess_kind(*texts: str | None, default: EventKind = EventKind.OTHER) -> EventKind:
    """The kind the texts (title first, then categories, then description) suggest."""
    for text in texts:
        if not text:
            continue
        for kind, pattern in _RULES:
            if pattern.search(text):
                return kind
    return default


def guess_attendance(
    *texts: str | None, default: AttendanceMode = AttendanceMode.IN_PERSON
) -> AttendanceMode:
    """Online, hybrid or in person, from a location line, URL or title (the one rule set of
    :func:`eventscout.parse.places.attendance_from_text`)."""
    return attendance_from_text(*texts, default=default)


_FREE = re.compile(
    r"\b(free\s+(entry|admission|of\s+charge|to\s+attend|event|ticket)|admission\s+(is\s+)?free|"
    r"no\s+(entry\s+)?fee|kostenlos|gratuit|gratis)\b|\bfree\s*[.!]",
    re.IGNORECASE | re.MULTILINE,
)
_CURRENCIES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "usd": "USD",
               "£": "GBP", "gbp": "GBP", "chf": "CHF"}
_SYMBOL = r"(€|\$|£|EUR|USD|GBP|CHF|euros?)"
#: an amount as people write it: 49, 49.50, 1,299, 1.299,00, 1 299
_AMOUNT = r"(\d{1,3}(?:[.,\u00a0 ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_PRICE = re.compile(
    rf"(?:\b(?:ticket|tickets|price|fee|costs?|admission|entry)\b[^.\n\d]{{0,20}})"
    rf"(?:{_SYMBOL}\s?{_AMOUNT}|{_AMOUNT}\s?{_SYMBOL})",
    re.IGNORECASE,
)


def parse_amount(text: str) -> Decimal:
    """A written amount as a number, whichever separators it uses ("1,299" and "1.299,00" are
    1299; "49,50" and "49.50" are 49.5): a last separator followed by one or two digits is the
    decimal one, every other separator groups thousands."""
    digits = text.strip().replace("\u00a0", " ")
    match = re.fullmatch(r"(.*?)(?:[.,](\d{1,2}))?", digits)
    whole, cents = (match.group(1), match.group(2)) if match else (digits, None)
    whole = re.sub(r"[.,\s]", "", whole)
    if not whole.isdigit():
        raise ValueError(f"{text!r} is not an amount")
    return Decimal(f"{whole}.{cents}") if cents else Decimal(whole)


def guess_price(text: str | None) -> Price | None:
    """The price a description states ("Ticket 149 EUR", "Free entry"), or None when it says none.

    Only explicit statements count: a number near a currency *and* a word such as "ticket" or
    "price", so that "raised $2M" or "50 € prize" are not taken for a ticket price.
    """
    if not text:
        return None
    match = _PRICE.search(text)
    if match:
        symbol = match.group(1) or match.group(4)
        amount = parse_amount(match.group(2) or match.group(3))
        return Price(minimum=amount, maximum=amount, currency=_CURRENCIES[symbol.lower()])
    if _FREE.search(text):
        return Price.free()
    return None
