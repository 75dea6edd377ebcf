"""Time in the model: the AoE convention for deadlines, event boundaries, and instants.

One convention, stated here and used by every stage (ranker, exporter, feeds):

* an aware datetime is an instant as it is; a floating one (no offset) is read as UTC;
* a day that **opens** a span begins at 00:00 UTC of that day;
* a day that **closes** a span (an exclusive end date: the first day after it) is reached once the
  day before is over everywhere, at 00:00 Anywhere on Earth (UTC-12) of that date.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

from attrs import field, frozen

from ._values import _enum_converter, _optional_url

#: Anywhere on Earth: the last time zone where a day ends (UTC-12).
AOE = dt.timezone(dt.timedelta(hours=-12), "AoE")


_ISO = re.compile(
    r"""^\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})
    (?:[Tt\s]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?)?
    \s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?\s*$""",
    re.VERBOSE,
)


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
    """An ISO 8601 date or date-time, read tolerantly: a date, an aware datetime, or a *naive*
    (floating) one when no offset is written.

    The one ISO reader of eventscout (the model, the adapters, plugins): unpadded months and days
    (``2019-9-18T10:00``), a space or ``T`` before the time, offsets with or without a colon
    (``-0400``), ``Z``, fractions of seconds. Raises ValueError naming the text when it is not a
    possible ISO 8601 date or date-time (``2019-9-18T10-10-00-00``, ``2019-02-30``).
    """
    match = _ISO.match(text)
    if match is None:
        raise ValueError(f"{text.strip()!r} is not an ISO 8601 date or date-time")
    parts = match.groupdict()
    try:
        day = dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        if parts["hour"] is None:
            return day
        micro = int((parts["fraction"] or "0")[:6].ljust(6, "0"))
        moment = dt.datetime.combine(
            day,
            dt.time(int(parts["hour"]), int(parts["minute"]), int(parts["second"] or 0), micro),
        )
    except ValueError as error:
        raise ValueError(f"{text.strip()!r} is not a possible date or time ({error})") from None
    if parts["zone"]:
        return moment.replace(tzinfo=_offset(parts["zone"]))
    return moment


def _aware(value: object, name: str = "value") -> dt.datetime:
    if isinstance(value, str):
        value = parse_iso_moment(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"{name}: {value!r} is not a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name}: {value.isoformat()} has no time zone (floating time)")
    return value


def _moment(value: object) -> dt.date | dt.datetime:
    """An event boundary: a date (all-day) or an aware datetime; ISO strings accepted."""
    if isinstance(value, str):
        moment = parse_iso_moment(value)
        return moment if not isinstance(moment, dt.datetime) else _aware(moment)
    if isinstance(value, dt.datetime):
        return _aware(value)
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"{value!r} is neither a date nor a datetime")


def _optional_moment(value: object) -> dt.date | dt.datetime | None:
    return None if value is None else _moment(value)


def deadline_from_day(day: dt.date) -> dt.datetime:
    """The instant a deadline given only as a day passes: the end of that day, Anywhere on Earth."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=AOE)


def _deadline(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = parse_iso_moment(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return deadline_from_day(value)
    return _aware(value, "deadline")


@frozen(kw_only=True)
class CallForPapers:
    """A call for papers or proposals: a chance to speak. ``closes`` is the instant it closes."""

    url: str | None = field(default=None, converter=_optional_url)
    closes: dt.datetime | None = field(default=None, converter=_deadline)

    def is_open(self, now: dt.datetime) -> bool:
        """Whether proposals can still be sent at ``now`` (unknown closing counts as open)."""
        return self.closes is None or self.closes > now



def as_instant(value: dt.date | dt.datetime, *, closes: bool = False) -> dt.datetime:
    """``value`` as an aware instant, by the convention in this module's docstring.

    A datetime keeps its offset (a floating one is read as UTC). A date is 00:00 UTC of that day
    when it opens a span (a start, a DTSTART), and 00:00 AoE of that day when it ``closes`` one
    (an exclusive end, the day after an event's last day): only then is the day before over
    everywhere, so nothing counts as past while it may still be going on somewhere.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time(0), tzinfo=AOE if closes else dt.UTC)


class DeadlineKind(enum.StrEnum):
    """What a deadline closes: a call for papers, registration, a scholarship, a mentorship."""

    CFP = "cfp"
    REGISTRATION = "registration"
    SCHOLARSHIP = "scholarship"
    MENTORSHIP = "mentorship"


def _deadline_kind(value: object) -> DeadlineKind:
    return _enum_converter(DeadlineKind)(value)


def _required_deadline(value: object) -> dt.datetime:
    instant = _deadline(value)
    if instant is None:
        raise ValueError("a deadline needs the instant it passes")
    return instant


@frozen(kw_only=True)
class Deadline:
    """One deadline of an event: what closes and the instant it passes.

    ``closes`` takes what :class:`CallForPapers` takes: an aware datetime, or a day (which
    passes at the end of that day, Anywhere on Earth). The exporter and the feeds write every
    deadline as the same calendar block (:func:`eventscout.export.deadline_component`).
    """

    kind: DeadlineKind = field(converter=_deadline_kind)
    closes: dt.datetime = field(converter=_required_deadline)

    @property
    def at_end_of_day_anywhere(self) -> bool:
        """Whether the deadline is stated in AoE (so: at the end of a day, wherever one is)."""
        return self.closes.utcoffset() == AOE.utcoffset(None)

    @property
    def closes_utc(self) -> dt.datetime:
        """The instant it passes, in UTC (as calendars get it)."""
        return self.closes.astimezone(dt.UTC)


@frozen(kw_only=True)
class BusyPeriod:
    """A stretch of time the person is taken: ``[start, end)``, with the calendar entry's title."""

    start: dt.datetime
    end: dt.datetime
    summary: str = "a busy time"
