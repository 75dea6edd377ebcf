"""The events that clash with the person's busy times.

The ranker gets busy periods (:class:`~eventscout.model.BusyPeriod`), never files or URLs: the
calendar is read by :func:`eventscout.sources.busy.load_busy_calendar`, which the pipeline calls.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from ..model import BusyPeriod, Event, as_instant

__all__ = ["BusyCalendar", "BusyPeriod"]

log = logging.getLogger(__name__)


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
            begin = as_instant(event.first_day)
            end = as_instant(event.last_day + dt.timedelta(days=1))
        low = bisect.bisect_left(self._starts, begin - self._longest)
        high = bisect.bisect_left(self._starts, end)
        return [p for p in self.periods[low:high] if p.end > begin and p.start < end]
