"""The person's busy times, from their own calendar, and the events that clash with them.

A busy calendar is an ``.ics`` file or URL (``busy_calendar`` in the profile). Recurring events
are expanded with recurring-ical-events over the planning window; cancelled and transparent
("free") events do not make anyone busy. The ranker itself never fetches: for a URL the caller
passes a ``fetch`` callable (the pipeline passes the shared fetcher), which keeps HTTP out of the
ranker as the architecture wants.

Times without a zone (floating) and all-day entries are read in UTC.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from attrs import frozen

from ..errors import ConfigError
from ..model import Event

__all__ = ["BusyCalendar", "BusyPeriod", "load_busy_calendar", "read_busy_calendar"]

log = logging.getLogger(__name__)


@frozen(kw_only=True)
class BusyPeriod:
    """A stretch of time the person is taken: ``[start, end)``, with the calendar entry's title."""

    start: dt.datetime
    end: dt.datetime
    summary: str = "a busy time"


def _instant(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time(0), tzinfo=dt.UTC)


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
        first = _instant(begin.dt)
        finish = component.get("DTEND")
        if finish is not None:
            last = _instant(finish.dt)
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


class BusyCalendar:
    """Busy periods indexed by start, to find an event's clashes without scanning them all."""

    def __init__(self, periods: Iterable[BusyPeriod]) -> None:
        self.periods: Sequence[BusyPeriod] = sorted(
            periods, key=lambda p: (p.start, p.end, p.summary)
        )
        self._starts = [period.start for period in self.periods]
        self._longest = max(
            (p.end - p.start for p in self.periods), default=dt.timedelta(0)
        )

    def __bool__(self) -> bool:
        return bool(self.periods)

    def conflicts(self, event: Event) -> list[BusyPeriod]:
        """The busy periods that overlap the event (all-day events cover whole UTC days)."""
        if not self.periods:
            return []
        if isinstance(event.start, dt.datetime):
            begin = event.start
            end = event.end if isinstance(event.end, dt.datetime) else begin + dt.timedelta(hours=1)
        else:
            begin = _instant(event.first_day)
            end = _instant(event.last_day + dt.timedelta(days=1))
        low = bisect.bisect_left(self._starts, begin - self._longest)
        high = bisect.bisect_left(self._starts, end)
        return [p for p in self.periods[low:high] if p.end > begin and p.start < end]
