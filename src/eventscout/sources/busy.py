"""Reading the person's busy calendar: an ``.ics`` file or URL, into busy periods.

Recurring events are expanded with recurring-ical-events over the planning window; cancelled and
transparent ("free") events do not make anyone busy. Times without a zone (floating) and all-day
entries are read in UTC (:func:`eventscout.model.as_instant`). The reading lives with the sources,
which read iCalendar; the ranker and the plan get the periods. For a URL the caller passes a
``fetch`` callable (the pipeline passes the shared fetcher).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ..errors import ConfigError
from ..model import BusyPeriod, as_instant

__all__ = ["load_busy_calendar", "read_busy_calendar"]


def read_busy_calendar(data: bytes | str, *, start: dt.datetime, end: dt.datetime,
                       where: str = "busy calendar") -> list[BusyPeriod]:
    """The busy periods of an iCalendar text between ``start`` and ``end``, recurrences expanded."""
    import icalendar
    import recurring_ical_events

    try:
        calendar = icalendar.Calendar.from_ical(data)
        occurrences = recurring_ical_events.of(calendar).between(start, end)
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"not a readable iCalendar file: {error}", path=where) from error
    periods = []
    for component in occurrences:
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if str(component.get("TRANSP", "")).upper() == "TRANSPARENT":
            continue
        begin = component.get("DTSTART")
        if begin is None:
            continue
        first = as_instant(begin.dt)
        finish = component.get("DTEND")
        if finish is not None:
            last = as_instant(finish.dt)
        elif isinstance(begin.dt, dt.datetime):
            duration = component.get("DURATION")
            last = first + (duration.dt if duration is not None else dt.timedelta(0))
        else:
            last = first + dt.timedelta(days=1)
        summary = str(component.get("SUMMARY", "")).strip() or "a busy time"
        periods.append(BusyPeriod(start=first, end=max(last, first), summary=summary))
    return periods


def load_busy_calendar(location: str, *, now: dt.datetime, days: int = 365,
                       fetch: Callable[[str], bytes] | None = None) -> list[BusyPeriod]:
    """Read a busy calendar from a file path or (with ``fetch``) a URL, for ``days`` from ``now``."""
    if "://" in location and not location.startswith("file://"):
        if fetch is None:
            raise ConfigError("a busy calendar URL needs a fetch function (the pipeline passes "
                              "the shared fetcher)", key="busy_calendar", path=location)
        data = fetch(location)
    else:
        path = Path(location.removeprefix("file://")).expanduser()
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ConfigError(f"cannot read busy calendar: {error.strerror}",
                              path=str(path), key="busy_calendar") from error
    return read_busy_calendar(data, start=now, end=now + dt.timedelta(days=days), where=location)
