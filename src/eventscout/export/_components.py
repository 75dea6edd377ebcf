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

from ..model import AttendanceMode, Event, EventStatus, Price
from ._match import MatchLike
from ._timezones import zone_key

__all__ = [
    "cfp_component",
    "cfp_uid",
    "clean_text",
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
    start = component.decoded("DTSTART")
    if not isinstance(start, dt.datetime):
        return dt.datetime.combine(start, dt.time(0), tzinfo=dt.UTC)
    return start if start.tzinfo else start.replace(tzinfo=dt.UTC)


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


def _common(
    component: icalendar.Event,
    *,
    uid: str,
    dtstamp: dt.datetime,
    sequence: int,
    last_modified: dt.datetime | None,
) -> None:
    component.add("UID", uid)
    component.add("DTSTAMP", _utc(dtstamp))
    if sequence < 0:
        raise ValueError(f"SEQUENCE must not be negative, got {sequence}")
    component.add("SEQUENCE", sequence)
    if last_modified is not None:
        component.add("LAST-MODIFIED", _utc(last_modified))


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
    component = icalendar.Event()
    _common(
        component,
        uid=event_uid(event),
        dtstamp=dtstamp,
        sequence=sequence,
        last_modified=last_modified,
    )
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
    closes = _utc(event.cfp.closes)
    component = icalendar.Event()
    _common(
        component,
        uid=cfp_uid(event),
        dtstamp=dtstamp,
        sequence=sequence,
        last_modified=last_modified,
    )
    component.add("DTSTART", closes - DEADLINE_BLOCK)
    component.add("DTEND", closes)
    summary = clean_text(f"CFP closes: {event.title}", single_line=True)
    component.add("SUMMARY", summary)
    intro = [
        f"The call for papers of {event.title} closes at {_deadline_text(closes)}.",
        f"The event: {_when_text(event)}{', ' + place if (place := _location_text(event)) else ''}.",
    ]
    component.add("DESCRIPTION", _description(match, intro))
    if event.cfp.url or event.url:
        component.add("URL", event.cfp.url or event.url)
    component.add("CATEGORIES", ["deadline", "call for papers"])
    component.add("TRANSP", "TRANSPARENT")
    status = status_override or (
        "CANCELLED" if event.status is EventStatus.CANCELLED else "CONFIRMED"
    )
    component.add("STATUS", _status(status))
    _add_alarms(component, alarms, summary)
    return component
