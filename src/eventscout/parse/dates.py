"""Dates and times as sources write them: ISO values, days and ranges in free text, clock times.

One month table and one ISO reader serve every adapter (and plugins):

* **ISO 8601** (:func:`parse_iso_moment`, the model's own reader), tolerant of unpadded months
  and days, offsets without a colon and fractions of seconds; a floating date-time (no offset)
  is never guessed silently: :func:`localize` attaches the zone it is given, and fails when
  there is none.
* **Days and ranges in text** (:func:`find_day_range`, :func:`find_days`): ISO days
  (``2027-05-12``, ``2027-05-12/2027-05-14``, ``2027-05-12 to 2027-05-14``); month first
  (``April 25, 2017``, ``March-31-2019``, ``July, 13-14, 2023``, ``October 28 - November 1,
  2024``); day first (``25 April 2017``, ``19-Feb-2022``, ``28 Oct - 1 Nov 2024``). A range whose
  first day would fall after its last ("December 30 - January 2, 2025") starts the year before.
* **One date in a longer text** (:func:`find_date`), as listing pages write it: ``Monday,
  January 29th, 2018``, ``Feb 25 2019``, ``the 3rd of Sept. 2027``, numeric ``2-25-19`` (month
  first unless ``day_first``).
* **JavaScript** ``Date.toString()`` (:func:`find_js_date`): ``Tue Apr 25 2017 00:00:00 GMT+0000``
  (midnight means a day; another time is an instant at the stated offset).
* **Clock times** (:func:`find_times`): ``10:00 a.m.``, ``6:30 pm``, ``noon``, else ``18:30``.

Month names are English, full or abbreviated (``Sept`` too); ordinals (``1st``) are accepted.
Instants from dates follow the model's one convention (:func:`as_instant`).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable

from ..model import as_instant, deadline_from_day, parse_iso_moment

__all__ = [
    "DayRange",
    "as_instant",
    "deadline_from_day",
    "find_date",
    "find_day_range",
    "find_days",
    "find_js_date",
    "find_times",
    "find_zone",
    "localize",
    "month_number",
    "parse_iso_moment",
    "parse_with_formats",
]

DayRange = tuple[dt.date, dt.date]

#: every English month name the readers accept, by month number
_MONTH_NAMES = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH_ALTERNATIVES = "|".join(sorted(_MONTHS, key=len, reverse=True))


def month_number(name: str) -> int:
    """1-12 for an English month name or abbreviation (``"Sept."`` too); KeyError otherwise."""
    return _MONTHS[name.rstrip(".").casefold()]


def _month(group: str) -> str:
    return rf"(?P<{group}>{_MONTH_ALTERNATIVES})\b\.?"


def find_zone(name: object) -> zoneinfo.ZoneInfo | None:
    """The IANA zone called ``name`` (``"Europe/Berlin"``), or None when there is none."""
    text = str(name or "").strip()
    if not text:
        return None
    try:
        return zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, IsADirectoryError):
        return None


def localize(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """``moment`` made aware: kept if it has an offset, else read in ``zone``; no zone fails."""
    if moment.tzinfo is not None:
        return moment
    if zone is None:
        raise ValueError(
            f"{moment.isoformat()} has no UTC offset and no time zone is known "
            "(set the source's 'timezone' option)"
        )
    return moment.replace(tzinfo=zone)


# -- days and ranges in free text ----------------------------------------------------------------


def _day(group: str) -> str:
    return rf"(?<!\d)(?P<{group}>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"


_DASH = r"\s*(?:-|–|—|to|until)\s*"
_RANGE_YEAR = r"(?P<y>\d{4})(?!\d)"

_ISO_RANGE = re.compile(
    r"(?<!\d)(?P<y1>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2})(?!\d)"
    r"(?:\s*(?:/|–|—|\bto\b|\buntil\b|--)\s*(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})(?!\d))?"
)
_MONTH_FIRST = re.compile(
    rf"\b{_month('m1')}[\s,.-]*{_day('d1')}"
    rf"(?:{_DASH}(?:{_month('m2')}[\s,.-]*)?{_day('d2')})?[\s,.-]*{_RANGE_YEAR}",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    rf"{_day('d1')}(?:[\s.-]*{_month('m1')})?"
    rf"(?:{_DASH}{_day('d2')})?[\s.-]*{_month('m2')}[\s,.-]*{_RANGE_YEAR}",
    re.IGNORECASE,
)
_JS_DATE = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)\s+" + _month("m") + r"\s+(?P<d>\d{1,2})\s+(?P<y>\d{4})"
    r"\s+(?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2})\s+GMT(?P<off>[+-]\d{4})",
    re.IGNORECASE,
)


def _iso_range(match: re.Match[str]) -> DayRange:
    start = dt.date(int(match["y1"]), int(match["m1"]), int(match["d1"]))
    if match["y2"] is None:
        return start, start
    return start, dt.date(int(match["y2"]), int(match["m2"]), int(match["d2"]))


def _named(match: re.Match[str]) -> DayRange:
    year = int(match["y"])
    first_month = match["m1"] or match["m2"]
    last_month = match["m2"] or match["m1"]
    last_day = match["d2"] or match["d1"]
    end = dt.date(year, month_number(last_month), int(last_day))
    start = dt.date(year, month_number(first_month), int(match["d1"]))
    if start > end:
        start = start.replace(year=year - 1)
    return start, end


_RANGE_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], DayRange]], ...] = (
    (_ISO_RANGE, _iso_range),
    (_MONTH_FIRST, _named),
    (_DAY_FIRST, _named),
)


def _candidates(text: str) -> list[tuple[int, int, DayRange]]:
    found: list[tuple[int, int, DayRange]] = []
    for pattern, convert in _RANGE_PATTERNS:
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
        day = dt.date(int(match["y"]), month_number(match["m"]), int(match["d"]))
        clock = dt.time(int(match["H"]), int(match["M"]), int(match["S"]))
    except ValueError:
        return None
    if clock == dt.time(0):
        return day
    offset = int(match["off"])
    sign = -1 if offset < 0 else 1
    minutes = sign * ((abs(offset) // 100) * 60 + abs(offset) % 100)
    return dt.datetime.combine(day, clock, tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))


# -- one date in a listing's text ----------------------------------------------------------------

_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"\b{_month('month')}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_month('month')},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"(?<![\d/.-])(?P<first>\d{1,2})[/.-](?P<second>\d{1,2})[/.-](?P<year>\d{4}|\d{2})(?![\d/.-])"),
)


def _numeric_year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def find_date(text: str, *, day_first: bool = False) -> dt.date | None:
    """The first date written in ``text`` (with a year), or None.

    Numeric dates such as ``2-25-19`` are read month first unless ``day_first`` (``25.02.2019``
    in Europe). A match that is not a possible date (``February 30, 2019``) is skipped.
    """
    found: list[tuple[int, dt.date]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            try:
                if "first" in parts:
                    first, second = int(parts["first"]), int(parts["second"])
                    month, day = (second, first) if day_first else (first, second)
                    value = dt.date(_numeric_year(parts["year"]), month, day)
                else:
                    month_text = parts["month"]
                    month = int(month_text) if month_text.isdigit() else month_number(month_text)
                    value = dt.date(int(parts["year"]), month, int(parts["day"]))
            except ValueError:
                continue
            found.append((match.start(), value))
            break
    return min(found)[1] if found else None


_TIME_12H = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>[ap])\.?\s?m\b\.?", re.IGNORECASE
)
_TIME_24H = re.compile(r"(?<![\d:])(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?![\d:])")
_NOON = re.compile(r"\bnoon\b", re.IGNORECASE)


def find_times(text: str) -> list[dt.time]:
    """The clock times written in ``text``, in order (``10:00 am - 12 pm`` gives two).

    12-hour times (``6:30 p.m.``, ``10am``) and ``noon`` are preferred; 24-hour ``18:30`` is read
    only when the text has no 12-hour time.
    """
    found: list[tuple[int, dt.time]] = []
    for match in _TIME_12H.finditer(text):
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            continue
        hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
        found.append((match.start(), dt.time(hour, minute)))
    found.extend((match.start(), dt.time(12, 0)) for match in _NOON.finditer(text))
    if not found:
        for match in _TIME_24H.finditer(text):
            hour, minute = int(match["hour"]), int(match["minute"])
            if hour <= 23 and minute <= 59:
                found.append((match.start(), dt.time(hour, minute)))
    return [value for _, value in sorted(found, key=lambda pair: pair[0])]


_TIME_DIRECTIVES = ("%H", "%I", "%M", "%p", "%X", "%c")


def parse_with_formats(
    text: str, formats: tuple[str, ...]
) -> tuple[dt.date, dt.time | None] | None:
    """``text`` read with the first strptime format that fits it whole, or None.

    The time is returned only when the format reads one (it contains ``%H``, ``%I``, ...).
    """
    cleaned = " ".join(text.split())
    for fmt in formats:
        try:
            value = dt.datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        has_time = any(directive in fmt for directive in _TIME_DIRECTIVES)
        return value.date(), (value.time() if has_time else None)
    return None
