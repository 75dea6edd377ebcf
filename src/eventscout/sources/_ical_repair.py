"""Reading a broken iCalendar text one component at a time, for the iCalendar adapter.

icalendar refuses a whole text for one bad property; a feed should lose only the bad event.
Private to :mod:`eventscout.sources.ical`.
"""

from __future__ import annotations

import re

import icalendar

from ..errors import SourceError
from ..model import Problem

__all__ = ["parse_piecewise"]

_BLOCK = re.compile(
    r"^BEGIN:(VEVENT|VTIMEZONE)\r?$.*?^END:\1\r?$", re.IGNORECASE | re.MULTILINE | re.DOTALL
)
_ALARM = re.compile(r"^BEGIN:VALARM\r?$.*?^END:VALARM\r?\n?", re.IGNORECASE | re.MULTILINE | re.DOTALL)


def parse_piecewise(
    text: str, source: str, origin: str
) -> tuple[list[icalendar.Calendar], list[Problem]]:
    """Parse each VTIMEZONE and VEVENT on its own, so one bad component costs only itself.

    Alarms are dropped (eventscout writes its own) since a malformed TRIGGER is a common reason
    a whole feed is refused.
    """
    header_end = re.search(r"^BEGIN:(?!VCALENDAR)", text, re.IGNORECASE | re.MULTILINE)
    header = text[: header_end.start()] if header_end else text
    header = re.sub(r"^END:VCALENDAR.*", "", header, flags=re.IGNORECASE | re.MULTILINE | re.DOTALL)
    if not re.search(r"^BEGIN:VCALENDAR", header, re.IGNORECASE | re.MULTILINE):
        header = "BEGIN:VCALENDAR\r\n" + header
    problems: list[Problem] = []
    good: list[str] = []
    zones: list[str] = []
    for number, match in enumerate(_BLOCK.finditer(text), start=1):
        block = _ALARM.sub("", match.group(0))
        kind = match.group(1).upper()
        candidate = header + "\r\n".join([*zones, block]) + "\r\nEND:VCALENDAR\r\n"
        try:
            icalendar.Calendar.from_ical(candidate)
        except Exception as error:
            uid = re.search(r"^UID:(.*)$", block, re.MULTILINE)
            label = f" (UID {uid.group(1).strip()})" if uid else ""
            problems.append(Problem(source=source, where=f"{origin} {kind} block #{number}{label}",
                                    message=f"unparsable component skipped: {error}"))
            continue
        (zones if kind == "VTIMEZONE" else good).append(block)
    combined = header + "\r\n".join([*zones, *good]) + "\r\nEND:VCALENDAR\r\n"
    try:
        return [icalendar.Calendar.from_ical(combined)], problems
    except Exception as error:
        raise SourceError(f"cannot parse iCalendar: {error}", source=source, url=origin) from error
