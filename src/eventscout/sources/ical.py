"""iCalendar feeds (a URL or a file): every VEVENT becomes an :class:`~eventscout.model.Event`.

Handles what real feeds contain: TZID with VTIMEZONE (also Windows and custom zone names), UTC,
floating times (interpreted in the feed's X-WR-TIMEZONE, else the source's ``timezone`` option),
all-day and multi-day events, recurring series expanded inside the planning window with
recurring-ical-events (moved and cancelled instances honoured), and ``STATUS:CANCELLED``.
A malformed VEVENT or series becomes a :class:`~eventscout.model.Problem` naming the file and the
item; the rest of the feed still arrives.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zoneinfo
from collections.abc import Iterable, Iterator
from typing import Any

import icalendar
from attrs import field, frozen

from ..errors import ItemError, SourceError
from ..model import (
    AttendanceMode,
    Event,
    EventStatus,
    Location,
    Problem,
)
from ..parse import (
    attendance_from_text,
    find_zone,
    guess_kind,
    guess_price,
    place_from_text,
    single_line,
    strings,
    timezone_option,
)
from ._ical_repair import parse_piecewise
from .base import FetchContext

__all__ = ["ICalSource", "parse_calendar"]

log = logging.getLogger(__name__)

_STATUS = {
    "CANCELLED": EventStatus.CANCELLED,
    "CANCELED": EventStatus.CANCELLED,
}


@frozen(kw_only=True)
class ICalSource:
    """An iCalendar feed: ``url`` is an http(s) URL, a ``file://`` URL or a local path."""

    name: str
    url: str
    #: zone for floating times when the feed does not name one (X-WR-TIMEZONE); UTC when unset
    timezone: zoneinfo.ZoneInfo | None = field(default=None, converter=timezone_option)
    #: topics added to every event of this feed (e.g. a Python meetup's feed: ["python"])
    topics: tuple[str, ...] = field(default=(), converter=strings)

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        fetched = context.fetcher.get(self.url, source=self.name)
        yield from parse_calendar(
            fetched.text,  # BOM, the announced charset, UTF-8, else Windows-1252 (Outlook exports)
            source=self.name,
            origin=self.url,
            window=(context.now, context.window_end),
            default_timezone=self.timezone or dt.UTC,
            topics=self.topics,
        )


def parse_calendar(
    content: bytes | str,
    *,
    source: str,
    origin: str,
    window: tuple[dt.datetime, dt.datetime],
    default_timezone: dt.tzinfo = dt.UTC,
    topics: Iterable[str] = (),
) -> Iterator[Event | Problem]:
    """Turn iCalendar text into events; recurring series are expanded inside ``window``."""
    text = content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content
    text = text.lstrip("\ufeff")
    if "BEGIN:VCALENDAR" not in text.upper():
        raise SourceError("not an iCalendar document (no BEGIN:VCALENDAR)", source=source, url=origin)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as error:  # one bad property makes icalendar refuse the whole text
        log.info("%s: strict parse failed (%s); parsing component by component", origin, error)
        calendars, skipped = parse_piecewise(text, source, origin)
        yield from skipped
    if not calendars and "BEGIN:VEVENT" in text.upper():
        # icalendar finds no calendar in a text that never closes it (no END:VCALENDAR)
        calendars, skipped = parse_piecewise(text, source, origin)
        yield from skipped
    for calendar in calendars:
        yield from _parse_one(calendar, source, origin, window, default_timezone, tuple(topics))


def _parse_one(
    calendar: icalendar.Calendar,
    source: str,
    origin: str,
    window: tuple[dt.datetime, dt.datetime],
    default_timezone: dt.tzinfo,
    topics: tuple[str, ...],
) -> Iterator[Event | Problem]:
    import x_wr_timezone  # loads click: only when a calendar is parsed, not on a cached re-run

    try:
        calendar = x_wr_timezone.to_standard(calendar)
    except Exception as error:
        yield Problem(source=source, where=origin, field="X-WR-TIMEZONE", kept=True,
                      message=f"cannot apply the calendar time zone: {error}")
    calendar_zone = _calendar_zone(calendar) or default_timezone
    timezones: list[Any] = list(calendar.walk("VTIMEZONE"))
    series: dict[str, list[tuple[int, Any]]] = {}
    single: list[tuple[int, Any]] = []
    for index, component in enumerate(calendar.walk("VEVENT"), start=1):
        uid = str(component.get("UID", "")).strip()
        recurring = "RRULE" in component or "RDATE" in component or "RECURRENCE-ID" in component
        if recurring:
            # a series without a UID is still a series: it has only its master, no overrides
            series.setdefault(uid or f"\x00series #{index}", []).append((index, component))
        else:
            single.append((index, component))
    for index, component in single:
        where = _where(origin, index, component)
        try:
            yield _to_event(component, source, where, calendar_zone, topics, occurrence=None)
        except (ItemError, ValueError, TypeError, KeyError) as error:
            yield _problem(source, where, error)
    for uid, members in series.items():
        index, first = members[0]
        where = _where(origin, index, first)
        yield from _expand_series(uid, members, timezones, source, where, window, calendar_zone, topics)


def _expand_series(
    uid: str,
    members: list[tuple[int, icalendar.Event]],
    timezones: list[icalendar.Timezone],
    source: str,
    where: str,
    window: tuple[dt.datetime, dt.datetime],
    calendar_zone: dt.tzinfo,
    topics: tuple[str, ...],
) -> Iterator[Event | Problem]:
    if not any("RRULE" in c or "RDATE" in c for _, c in members):
        # only modified instances of a series whose master is not in this feed
        for index, component in members:
            item_where = _where(where.split(" VEVENT")[0], index, component)
            try:
                occurrence = _recurrence_id(component)
                yield _to_event(component, source, item_where, calendar_zone, topics, occurrence)
            except (ItemError, ValueError, TypeError, KeyError) as error:
                yield _problem(source, item_where, error)
        return
    calendar = icalendar.Calendar()
    for timezone in timezones:
        calendar.add_component(timezone)
    for _, component in members:
        calendar.add_component(component)
    start, end = window
    import recurring_ical_events  # ~0.03 s: only for a series

    try:
        occurrences = list(recurring_ical_events.of(calendar).between(start, end))
    except Exception as error:  # the library raises its own errors for bad rules
        yield Problem(source=source, where=where, field="RRULE",
                      message=f"cannot expand the recurring series: {error}")
        return
    for occurrence in occurrences:
        try:
            yield _to_event(
                occurrence, source, where, calendar_zone, topics,
                occurrence=_occurrence_id(occurrence),
            )
        except (ItemError, ValueError, TypeError, KeyError) as error:
            yield _problem(source, where, error)


def _where(origin: str, index: int, component: icalendar.Event) -> str:
    uid = str(component.get("UID", "")).strip()
    summary = single_line(str(component.get("SUMMARY", "")))[:60]
    detail = ", ".join(part for part in (f"UID {uid}" if uid else "", repr(summary) if summary else "") if part)
    return f"{origin} VEVENT #{index}" + (f" ({detail})" if detail else "")


def _problem(source: str, where: str, error: Exception) -> Problem:
    field_name = getattr(error, "field", None)
    message = getattr(error, "detail", None) or str(error)
    return Problem(source=source, where=where, message=message, field=field_name)


def _calendar_zone(calendar: icalendar.Calendar) -> dt.tzinfo | None:
    return find_zone(calendar.get("X-WR-TIMEZONE"))


def _recurrence_id(component: icalendar.Event) -> str | None:
    if "RECURRENCE-ID" not in component:
        return None
    value = component.decoded("RECURRENCE-ID")
    return _instant_id(value)


def _occurrence_id(component: icalendar.Event) -> str | None:
    if "RECURRENCE-ID" in component:
        return _recurrence_id(component)
    return _instant_id(component.decoded("DTSTART")) if "DTSTART" in component else None


def _instant_id(value: dt.date | dt.datetime) -> str:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def _moment(value: Any, zone: dt.tzinfo, field_name: str) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=zone)
        if isinstance(value.tzinfo, zoneinfo.ZoneInfo) or value.tzinfo is dt.UTC:
            return value
        if isinstance(value.tzinfo, dt.timezone):
            return value
        # custom VTIMEZONE definitions (Windows names etc.): keep the instant, in UTC
        return value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return value
    raise ItemError(f"{value!r} is not a date or date-time", field=field_name)


def _to_event(
    component: icalendar.Event,
    source: str,
    where: str,
    zone: dt.tzinfo,
    topics: tuple[str, ...],
    occurrence: str | None,
) -> Event:
    for error in getattr(component, "errors", ()):
        log.debug("%s: icalendar reported %s", where, error)
    if "DTSTART" not in component:
        raise ItemError("no DTSTART: the event has no date", where=where, field="DTSTART")
    summary = single_line(str(component.get("SUMMARY", "")))
    if not summary:
        raise ItemError("no SUMMARY: the event has no title", where=where, field="SUMMARY")
    try:
        raw_start = component.decoded("DTSTART")
    except Exception as error:
        raise ItemError(f"unreadable DTSTART: {error}", where=where, field="DTSTART") from error
    start = _moment(raw_start, zone, "DTSTART")
    end = _end(component, start, zone, where)
    description = str(component.get("DESCRIPTION", "") or "")
    location_text = single_line(str(component.get("LOCATION", "") or ""))
    url = str(component.get("URL", "") or "").strip() or None
    categories = _categories(component)
    status = _STATUS.get(str(component.get("STATUS", "")).strip().upper(), EventStatus.SCHEDULED)
    attendance = attendance_from_text(location_text, summary if not location_text else None)
    if attendance is AttendanceMode.IN_PERSON and not location_text and url and attendance_from_text(url) is not AttendanceMode.IN_PERSON:
        attendance = AttendanceMode.ONLINE
    uid = str(component.get("UID", "")).strip()
    if uid:
        source_id: str | None = uid + (f"/{occurrence}" if occurrence else "")
    elif occurrence:  # an instance of a series without a UID: its title stands in for one
        source_id = f"series:{summary}/{occurrence}"
    else:
        source_id = None
    return Event(
        title=summary,
        start=start,
        end=end,
        description=description,
        url=url if url and re.match(r"^https?://", url, re.IGNORECASE) else None,
        kind=guess_kind(summary, " ".join(categories), description[:300]),
        topics=(*topics, *categories),
        location=_location(component, location_text) if attendance is not AttendanceMode.ONLINE else None,
        attendance=attendance,
        organizer=_organizer(component),
        price=guess_price(description),
        status=status,
        source=source,
        source_id=source_id,
        source_urls=(url,) if url and url.startswith("http") else (),
    )


def _end(
    component: icalendar.Event, start: dt.date | dt.datetime, zone: dt.tzinfo, where: str
) -> dt.date | dt.datetime | None:
    raw: Any = None
    try:
        if "DTEND" in component:
            raw = component.decoded("DTEND")
        elif "DURATION" in component:
            duration = component.decoded("DURATION")
            if isinstance(duration, dt.timedelta):
                raw = start + duration
    except Exception as error:
        raise ItemError(f"unreadable DTEND/DURATION: {error}", where=where, field="DTEND") from error
    if raw is None:
        return None
    if isinstance(start, dt.datetime):
        if not isinstance(raw, dt.datetime):
            raw = dt.datetime.combine(raw, dt.time(0), tzinfo=start.tzinfo)
        end = _moment(raw, zone, "DTEND")
        assert isinstance(end, dt.datetime)
        return end if end >= start else None
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    # all-day: DTEND is exclusive in RFC 5545; the model stores the inclusive last day
    last = raw - dt.timedelta(days=1)
    return last if last >= start else start


def _categories(component: icalendar.Event) -> list[str]:
    values = component.get("CATEGORIES")
    if values is None:
        return []
    items = values if isinstance(values, list) else [values]
    result: list[str] = []
    for item in items:
        cats = getattr(item, "cats", None)
        if cats is None:
            cats = str(item).split(",")
        result.extend(str(cat).strip() for cat in cats if str(cat).strip())
    return result


def _organizer(component: icalendar.Event) -> str | None:
    organizer = component.get("ORGANIZER")
    if organizer is None:
        return None
    name = getattr(organizer, "params", {}).get("CN")
    if name:
        return str(name)
    text = str(organizer)
    return text.split(":", 1)[1] if text.lower().startswith("mailto:") else text or None


def _location(component: icalendar.Event, text: str) -> Location | None:
    latitude = longitude = None
    geo = component.get("GEO")
    if geo is not None:
        try:
            latitude, longitude = float(geo.latitude), float(geo.longitude)
        except (AttributeError, TypeError, ValueError):
            latitude = longitude = None
        if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # type: ignore[operator]
            latitude = longitude = None
    if not text and latitude is None:
        return None
    # the gazetteer is asked only about lines of more than one part ("Venue, 10969 Berlin,
    # Germany", "Atlanta, GA"): a one-word LOCATION is as often a room or a platform as a city
    place = place_from_text(text, known_city=True)[0] if "," in text else None
    return Location(address=text or None, city=place.city if place else None,
                    country=place.country if place else None,
                    latitude=latitude, longitude=longitude)
