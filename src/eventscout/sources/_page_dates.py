"""Dates and times as web pages write them, for the schema.org and HTML-listing adapters.

Private to those two adapters. Two kinds of input:

* **ISO 8601 as schema.org wants it** (``startDate``/``endDate``), read tolerantly: unpadded
  months and days (``2019-9-18T10:00``), offsets with or without a colon (``-0400``), ``Z``,
  fractions of seconds. Anything else (``2019-9-18T10-10-00-00``, ``2019-02-30``) is refused with
  a :class:`ValueError` that says why.
* **Human text** on listing pages (``Monday, January 29th, 2018``, ``Feb 25 2019``,
  ``2-25-19``, ``10:00 a.m.``, ``6:30 p.m.``, ``noon``): found *inside* longer text, so that a
  title such as "Board Meeting - January 5, 2024" yields its date.

A floating time (no offset) is never guessed silently: :func:`localize` attaches the zone it is
given, and fails when there is none.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

__all__ = [
    "find_date",
    "find_times",
    "localize",
    "parse_iso_moment",
    "parse_with_formats",
    "zone_option",
]

_ISO = re.compile(
    r"""^\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})
    (?:[Tt\s]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?
    \s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?\s*$""",
    re.VERBOSE,
)


def zone_option(value: object) -> zoneinfo.ZoneInfo | None:
    """Converter for a ``timezone`` option: an IANA name, or None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, zoneinfo.ZoneInfo):
        return value
    try:
        return zoneinfo.ZoneInfo(str(value))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"timezone {value!r} is not an IANA time zone such as 'America/Chicago'"
        ) from None


def _offset(text: str) -> dt.tzinfo:
    if text in ("Z", "z"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"offset {text!r} is out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def parse_iso_moment(text: str) -> dt.date | dt.datetime:
    """A schema.org date or date-time: a date, an aware datetime, or a *naive* (floating) one.

    Raises ValueError naming the text when it is not a possible ISO 8601 date or date-time.
    """
    match = _ISO.match(text)
    if match is None:
        raise ValueError(f"{text.strip()!r} is not an ISO 8601 date or date-time")
    parts = match.groupdict()
    try:
        day = dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        if parts["hour"] is None:
            return day
        moment = dt.datetime.combine(
            day, dt.time(int(parts["hour"]), int(parts["minute"]), int(parts["second"] or 0))
        )
    except ValueError as error:
        raise ValueError(f"{text.strip()!r} is not a possible date or time ({error})") from None
    if parts["zone"]:
        return moment.replace(tzinfo=_offset(parts["zone"]))
    return moment


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


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
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
                    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower()]
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
