"""One event as VEVENTs: the event itself, and its call-for-papers deadline as its own event.

UIDs come from the event's stable ``key`` (never random, never from its time or text), so a
calendar that subscribed yesterday sees the same events today, updated in place. The deadline
event has its own UID namespace, so it never collides with the event it belongs to.

Times, stated once (see ``docs/reference/ics-output.md``):

* all-day events are ``VALUE=DATE`` with the **exclusive** DTEND RFC 5545 wants: the model's
  ``end`` is the inclusive last day, so a conference on 12-14 May ends ``DTEND;VALUE=DATE:...15``;
* times in an IANA zone keep it (``TZID=Europe/Berlin``; the calendar adds the VTIMEZONE);
  fixed offsets (``+05:30``, AoE) are written in UTC with a ``Z``, which every client reads;
* a deadline is the half hour that ends at the instant it passes, in UTC.

Scraped text goes through :func:`clean_text` (no control characters) and icalendar escapes and
folds it, so no description can add a line, a property or a component to the file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import icalendar

from ..model import AttendanceMode, Deadline, DeadlineKind, Event, EventStatus, Price, as_instant
from ._match import MatchLike
from ._timezones import zone_key

__all__ = [
    "cfp_component",
    "cfp_uid",
    "clean_text",
    "deadline_component",
    "event_component",
    "event_uid",
    "sort_instant",
]

UID_DOMAIN = "eventscout"
#: how long the block that ends at a deadline is
DEADLINE_BLOCK = dt.timedelta(minutes=30)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.MOVED_ONLINE: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
_STATUS_VALUES = frozenset({"CONFIRMED", "TENTATIVE", "CANCELLED"})


def event_uid(event: Event) -> str:
    """The event's UID: its stable identity key in eventscout's namespace."""
    return f"{event.key}@{UID_DOMAIN}"


def cfp_uid(event: Event) -> str:
    """The UID of the event's call-for-papers deadline, in a namespace of its own."""
    return f"cfp-{event.key}@{UID_DOMAIN}"


def clean_text(text: str, *, single_line: bool = False) -> str:
    """Text safe to put in a property: line breaks as ``\\n``, no other control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    if single_line:
        text = " ".join(text.split())
    return text.strip()


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def _written(value: dt.datetime) -> dt.datetime:
    """A datetime as written: in its IANA zone (with TZID) or else in UTC."""
    return value if zone_key(value) else _utc(value)


def sort_instant(component: icalendar.Event) -> dt.datetime:
    """Where a VEVENT sorts: its start as an instant (all-day: 00:00 UTC of its first day)."""
    return as_instant(component.decoded("DTSTART"))


def _location_text(event: Event) -> str:
    place = event.location.describe() if event.location is not None else ""
    if event.attendance is AttendanceMode.ONLINE or event.status is EventStatus.MOVED_ONLINE:
        return "Online"
    if event.attendance is AttendanceMode.HYBRID:
        return f"{place} and online" if place else "Online and in person"
    return place


def _details(event: Event) -> list[str]:
    lines: list[str] = []
    if event.status is EventStatus.MOVED_ONLINE:
        lines.append("This event has moved online.")
    elif event.status is EventStatus.POSTPONED:
        lines.append("This event is postponed; the dates may change.")
    if event.organizer:
        lines.append(f"Organizer: {event.organizer}")
    if event.price is not None:
        lines.append(f"Price: {_price_text(event.price)}")
    if event.cfp is not None:
        closes = f" (closes {_deadline_text(event.cfp.closes)})" if event.cfp.closes else ""
        lines.append(f"Call for papers{closes}: {event.cfp.url or event.url or 'see website'}")
    if event.registration_deadline is not None:
        lines.append(f"Register by {_deadline_text(event.registration_deadline)}")
    if event.url:
        lines.append(f"More: {event.url}")
    return lines


def _price_text(price: Price) -> str:
    if price.is_free:
        return "free"
    amounts = sorted({amount for amount in (price.minimum, price.maximum) if amount is not None})
    text = "–".join(str(amount) for amount in amounts) or "unknown"
    return f"{text} {price.currency}" if price.currency and amounts else text


def _when_text(event: Event) -> str:
    """The event's days, for text: "2027-05-12" or "2027-05-12 to 2027-05-14"."""
    first, last = event.first_day, event.last_day
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


def _deadline_text(instant: dt.datetime) -> str:
    return _utc(instant).strftime("%Y-%m-%d %H:%M UTC")


def _description(match: MatchLike, extra: Iterable[str] = ()) -> str:
    event = match.event
    parts = [event.description] if event.description else []
    details = [*extra, *_details(event)]
    if details:
        parts.append("\n".join(details))
    reasons = [clean_text(reason.text, single_line=True) for reason in match.reasons]
    reasons = [reason for reason in reasons if reason]
    if reasons:
        parts.append("Why this event:\n" + "\n".join(f"- {reason}" for reason in reasons))
    return clean_text("\n\n".join(parts))


def _stamped(
    uid: str, dtstamp: dt.datetime, sequence: int, last_modified: dt.datetime | None
) -> icalendar.Event:
    """A new VEVENT with its identity and bookkeeping: UID, DTSTAMP, SEQUENCE, LAST-MODIFIED."""
    component = icalendar.Event()
    component.add("UID", uid)
    component.add("DTSTAMP", _utc(dtstamp))
    if sequence < 0:
        raise ValueError(f"SEQUENCE must not be negative, got {sequence}")
    component.add("SEQUENCE", sequence)
    if last_modified is not None:
        component.add("LAST-MODIFIED", _utc(last_modified))
    return component


def _status(value: str) -> str:
    status = value.upper()
    if status not in _STATUS_VALUES:
        raise ValueError(f"STATUS must be one of {sorted(_STATUS_VALUES)}, got {value!r}")
    return status


def _add_alarms(
    component: icalendar.Event, alarms: Iterable[dt.timedelta | icalendar.Alarm], summary: str
) -> None:
    for alarm in alarms:
        if isinstance(alarm, icalendar.Alarm):
            component.add_component(alarm)
            continue
        if alarm < dt.timedelta(0):
            raise ValueError(f"an alarm lead time must not be negative, got {alarm}")
        display = icalendar.Alarm()
        display.add("ACTION", "DISPLAY")
        display.add("DESCRIPTION", summary)
        display.add("TRIGGER", -alarm)
        component.add_component(display)


def event_component(
    match: MatchLike,
    *,
    dtstamp: dt.datetime,
    sequence: int = 0,
    last_modified: dt.datetime | None = None,
    status_override: str | None = None,
    alarms: Iterable[dt.timedelta | icalendar.Alarm] = (),
) -> icalendar.Event:
    """The VEVENT of ``match.event`` (see the module docstring for how times are written).

    ``status_override`` (``CANCELLED``, ``TENTATIVE``, ``CONFIRMED``) replaces the event's own
    status, for a feed that announces an event has left it. ``alarms`` are lead times before the
    start (a VALARM DISPLAY each) or ready-made ``icalendar.Alarm`` components.
    """
    event = match.event
    component = _stamped(event_uid(event), dtstamp, sequence, last_modified)
    if isinstance(event.start, dt.datetime):
        component.add("DTSTART", _written(event.start))
        if isinstance(event.end, dt.datetime) and event.end > event.start:
            component.add("DTEND", _written(event.end))
    else:
        last_day = event.end if isinstance(event.end, dt.date) else event.start
        component.add("DTSTART", event.start)
        component.add("DTEND", last_day + dt.timedelta(days=1))  # RFC 5545: exclusive
    summary = clean_text(event.title, single_line=True)
    component.add("SUMMARY", summary)
    description = _description(match)
    if description:
        component.add("DESCRIPTION", description)
    location = clean_text(_location_text(event), single_line=True)
    if location:
        component.add("LOCATION", location)
    if event.location is not None and event.location.has_coordinates:
        component.add("GEO", (event.location.latitude, event.location.longitude))
    if event.url:
        component.add("URL", event.url)
    categories = [clean_text(topic, single_line=True) for topic in event.topics]
    categories.append(event.kind.value.replace("_", " "))
    component.add("CATEGORIES", [category for category in categories if category])
    component.add("STATUS", _status(status_override or _STATUS[event.status]))
    _add_alarms(component, alarms, summary)
    return component


def cfp_component(
    match: MatchLike,
    *,
    dtstamp: dt.datetime,
    sequence: int = 0,
    last_modified: dt.datetime | None = None,
    status_override: str | None = None,
    alarms: Iterable[dt.timedelta | icalendar.Alarm] = (),
) -> icalendar.Event:
    """The VEVENT of the call-for-papers deadline of ``match.event``: a half-hour block (UTC)
    that ends at the instant the call closes, transparent so it never marks the person busy.

    Raises :class:`ValueError` when the event has no call for papers with a closing time.
    """
    event = match.event
    if event.cfp is None or event.cfp.closes is None:
        raise ValueError(f"{event.title!r} has no call for papers with a closing time")
    deadline = Deadline(kind=DeadlineKind.CFP, closes=event.cfp.closes)
    component = _stamped(cfp_uid(event), dtstamp, sequence, last_modified)
    intro = [
        f"The call for papers of {event.title} closes at {_deadline_text(deadline.closes)}.",
        f"The event: {_when_text(event)}{', ' + place if (place := _location_text(event)) else ''}.",
    ]
    deadline_component(
        deadline,
        summary=f"CFP closes: {event.title}",
        description=_description(match, intro),
        url=event.cfp.url or event.url,
        categories=("deadline", "call for papers"),
        status=status_override or (
            "CANCELLED" if event.status is EventStatus.CANCELLED else "CONFIRMED"
        ),
        component=component,
    )
    _add_alarms(component, alarms, str(component["SUMMARY"]))
    return component


def deadline_component(
    deadline: Deadline,
    *,
    summary: str,
    description: str = "",
    url: str | None = None,
    categories: Iterable[str] = (),
    status: str = "CONFIRMED",
    component: icalendar.Event | None = None,
) -> icalendar.Event:
    """The VEVENT of a deadline, the one shape the exporter and the feeds write for every kind:
    a :data:`DEADLINE_BLOCK` block in UTC that ends at the instant the deadline passes,
    transparent so that it never marks the person busy.

    The properties are added to ``component`` when one is given (the exporter's, which already
    holds its UID and stamps), else to a new VEVENT; text is cleaned like every other property.
    """
    component = component if component is not None else icalendar.Event()
    closes = deadline.closes_utc
    component.add("DTSTART", closes - DEADLINE_BLOCK)
    component.add("DTEND", closes)
    component.add("SUMMARY", clean_text(summary, single_line=True))
    description = clean_text(description)
    if description:
        component.add("DESCRIPTION", description)
    if url:
        component.add("URL", url)
    kept = [category for category in (clean_text(c, single_line=True) for c in categories) if category]
    if kept:
        component.add("CATEGORIES", kept)
    component.add("TRANSP", "TRANSPARENT")
    component.add("STATUS", _status(status))
    return component
