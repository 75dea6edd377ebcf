"""The common model every source adapter produces and every later stage consumes.

All classes are frozen and keyword-only: an :class:`Event` cannot be changed after it is made
(use :func:`attrs.evolve`), and converters and validators at the boundary make sure it never holds
nonsense: datetimes are timezone-aware, all-day events hold plain dates, text is plain (HTML is
stripped), country codes are ISO 3166-1 alpha-2, coordinates are on the globe.

Time semantics, stated once:

* ``start``/``end`` are either both :class:`datetime.date` (an **all-day** event; ``end`` is the
  **last day, inclusive**, as people write "12-14 May") or both timezone-aware
  :class:`datetime.datetime` (a **timed** event; ``end`` is the exclusive end instant).
  The exporter turns the inclusive last day into the exclusive ``DTEND`` RFC 5545 wants.
* Deadlines (``CallForPapers.closes``, ``registration_deadline``) are aware datetimes: the instant
  the deadline passes. A deadline known only as a day is stored as the end of that day
  *Anywhere on Earth* (UTC-12), the convention of conference deadlines.
"""

from ._event import Event, Problem, identity_key
from ._time import (
    AOE,
    BusyPeriod,
    CallForPapers,
    Deadline,
    DeadlineKind,
    as_instant,
    deadline_from_day,
    parse_iso_moment,
)
from ._values import AttendanceMode, EventKind, EventStatus, Location, Price, web_address

__all__ = [
    "AOE",
    "AttendanceMode",
    "BusyPeriod",
    "CallForPapers",
    "Deadline",
    "DeadlineKind",
    "Event",
    "EventKind",
    "EventStatus",
    "Location",
    "Price",
    "Problem",
    "as_instant",
    "deadline_from_day",
    "identity_key",
    "parse_iso_moment",
    "web_address",
]
