"""VALARM reminders: lead times before an entry starts (or, for a task, before it is due).

A reminder is a display alarm with a relative trigger, so it moves with the entry when the
event moves and needs no update of its own. Clients that ignore alarms on subscribed calendars
(Google does) simply show none; the entry itself is unaffected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import icalendar

__all__ = ["alarm_components", "describe_lead"]


def describe_lead(lead: dt.timedelta) -> str:
    """A lead time in words: "14 days", "1 day", "12 hours", "30 minutes"."""
    seconds = int(lead.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


def alarm_components(
    summary: str, leads: Sequence[dt.timedelta], *, related_to_end: bool = False
) -> list[icalendar.Alarm]:
    """One DISPLAY alarm per lead time, longest lead first (a stable order for stable bytes).

    ``related_to_end`` makes the trigger relative to the end (a VTODO's DUE), as RFC 5545 requires
    for a to-do that has no DTSTART.
    """
    alarms = []
    for lead in sorted(set(leads), reverse=True):
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{summary} (in {describe_lead(lead)})" if lead else summary)
        parameters = {"RELATED": "END"} if related_to_end else {}
        alarm.add("trigger", -lead, parameters=parameters)
        alarms.append(alarm)
    return alarms
