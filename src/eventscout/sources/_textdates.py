"""Dates written in free text, as feeds and datasets write them.

Several adapters meet dates only as text: a feed entry's "Craft Conf @ Budapest - Tue Apr 25 2017
00:00:00 GMT+0000", a dataset's "September 18 - September 22, 2023" or a CFP's
"01-Dec-2021->31-Jan-2022". This module finds them with a small, documented set of English
patterns, so each adapter does not grow its own:

* ISO days: ``2027-05-12``, and ranges ``2027-05-12/2027-05-14`` or ``2027-05-12 to 2027-05-14``;
* JavaScript ``Date.toString()``: ``Tue Apr 25 2017 00:00:00 GMT+0000 (...)`` (midnight means a
  day; another time is an instant at the stated offset);
* month first: ``April 25, 2017``, ``Apr 25 2017``, ``March-31-2019``, ``July, 13-14, 2023``,
  ``April 25-28, 2017``, ``October 28 - November 1, 2024``;
* day first: ``25 April 2017``, ``19-Feb-2022``, ``25-28 April 2017``, ``28 Oct - 1 Nov 2024``.

Month names are English, full or abbreviated (``Sept`` too); ordinals (``1st``) are accepted.
A range whose first day would fall after its last ("December 30 - January 2, 2025") starts in
the year before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

__all__ = ["find_day_range", "find_days", "find_js_date"]

DayRange = tuple[dt.date, dt.date]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}


def _month(group: str) -> str:
    return (
        rf"(?P<{group}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
        rf"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
    )


def _day(group: str) -> str:
    return rf"(?<!\d)(?P<{group}>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"


_DASH = r"\s*(?:-|–|—|to|until)\s*"
_YEAR = r"(?P<y>\d{4})(?!\d)"

_ISO = re.compile(
    r"(?<!\d)(?P<y1>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2})(?!\d)"
    r"(?:\s*(?:/|–|—|\bto\b|\buntil\b|--)\s*(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})(?!\d))?"
)
_MONTH_FIRST = re.compile(
    rf"\b{_month('m1')}[\s,.-]*{_day('d1')}"
    rf"(?:{_DASH}(?:{_month('m2')}[\s,.-]*)?{_day('d2')})?[\s,.-]*{_YEAR}",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    rf"{_day('d1')}(?:[\s.-]*{_month('m1')})?"
    rf"(?:{_DASH}{_day('d2')})?[\s.-]*{_month('m2')}[\s,.-]*{_YEAR}",
    re.IGNORECASE,
)
_JS_DATE = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)\s+" + _month("m") + r"\s+(?P<d>\d{1,2})\s+(?P<y>\d{4})"
    r"\s+(?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2})\s+GMT(?P<off>[+-]\d{4})",
    re.IGNORECASE,
)


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].casefold()]


def _iso(match: re.Match[str]) -> DayRange:
    start = dt.date(int(match["y1"]), int(match["m1"]), int(match["d1"]))
    if match["y2"] is None:
        return start, start
    return start, dt.date(int(match["y2"]), int(match["m2"]), int(match["d2"]))


def _named(match: re.Match[str]) -> DayRange:
    year = int(match["y"])
    first_month = match["m1"] or match["m2"]
    last_month = match["m2"] or match["m1"]
    last_day = match["d2"] or match["d1"]
    end = dt.date(year, _month_number(last_month), int(last_day))
    start = dt.date(year, _month_number(first_month), int(match["d1"]))
    if start > end:
        start = start.replace(year=year - 1)
    return start, end


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], DayRange]], ...] = (
    (_ISO, _iso),
    (_MONTH_FIRST, _named),
    (_DAY_FIRST, _named),
)


def _candidates(text: str) -> list[tuple[int, int, DayRange]]:
    found: list[tuple[int, int, DayRange]] = []
    for pattern, convert in _PATTERNS:
        for match in pattern.finditer(text):
            try:
                days = convert(match)
            except ValueError:  # "February 30": looks like a date, is not one
                continue
            found.append((match.start(), -(match.end() - match.start()), days))
    return sorted(found, key=lambda item: (item[0], item[1]))


def find_day_range(text: str | None) -> DayRange | None:
    """The first day or range of days written in ``text`` as (first day, last day inclusive)."""
    if not text:
        return None
    found = _candidates(text)
    return found[0][2] if found else None


def find_days(text: str | None) -> list[dt.date]:
    """Every day written in ``text``, in reading order (the two ends of a range both count)."""
    if not text:
        return []
    days: list[dt.date] = []
    last_end = -1
    for position, negative_length, (start, end) in _candidates(text):
        if position < last_end:  # a shorter reading of text already read
            continue
        last_end = position - negative_length
        days.extend((start,) if start == end else (start, end))
    return days


def find_js_date(text: str | None) -> dt.date | dt.datetime | None:
    """A JavaScript ``Date.toString()`` in ``text``: a day when it is midnight, else an instant."""
    if not text:
        return None
    match = _JS_DATE.search(text)
    if match is None:
        return None
    try:
        day = dt.date(int(match["y"]), _month_number(match["m"]), int(match["d"]))
        clock = dt.time(int(match["H"]), int(match["M"]), int(match["S"]))
    except ValueError:
        return None
    if clock == dt.time(0):
        return day
    offset = int(match["off"])
    sign = -1 if offset < 0 else 1
    minutes = sign * ((abs(offset) // 100) * 60 + abs(offset) % 100)
    return dt.datetime.combine(day, clock, tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
