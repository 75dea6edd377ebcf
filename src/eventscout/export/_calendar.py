"""Whole calendars: the VCALENDAR around the events, and the .ics file written atomically.

Output is deterministic: the same matches and the same ``dtstamp`` give a byte-identical file
(events sorted by start, then UID; VTIMEZONEs sorted by TZID and derived from the events' own
years), so a feed that did not change keeps its ETag and subscribers download nothing new.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path

import icalendar

from ..errors import ExportError
from ..files import write_atomically
from ..model import Event
from ..profile import Goal, Profile
from ._components import cfp_component, event_component, sort_instant
from ._match import MatchLike, as_matches
from ._timezones import timezone_components

__all__ = [
    "build_calendar",
    "calendar_shell",
    "wants_cfp",
    "with_timezones",
    "write_bytes_atomically",
    "write_ics",
]

log = logging.getLogger(__name__)

PRODID = "-//eventscout//eventscout//EN"
DEFAULT_REFRESH = dt.timedelta(hours=12)


def calendar_shell(
    *, name: str = "eventscout", refresh_interval: dt.timedelta = DEFAULT_REFRESH
) -> icalendar.Calendar:
    """An empty VCALENDAR with eventscout's headers: PRODID, VERSION, CALSCALE, METHOD:PUBLISH,
    the calendar's name, and the refresh hint (REFRESH-INTERVAL, RFC 7986; X-PUBLISHED-TTL, the
    older name Outlook and Apple read)."""
    if refresh_interval <= dt.timedelta(0):
        raise ValueError(f"refresh_interval must be positive, got {refresh_interval}")
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", name)
    calendar.add("NAME", name)
    calendar.add("REFRESH-INTERVAL", refresh_interval, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(refresh_interval))
    return calendar


def _moments(component: icalendar.cal.Component) -> Iterable[dt.datetime]:
    for name in ("DTSTART", "DTEND"):
        if name in component:
            value = component.decoded(name)
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                yield value


def with_timezones(
    calendar: icalendar.Calendar, components: Iterable[icalendar.Event]
) -> icalendar.Calendar:
    """Add one VTIMEZONE per TZID used by ``components``, then the components, sorted by
    start and UID (VTIMEZONEs first, as some clients need them before they are referred to)."""
    ordered = sorted(components, key=lambda c: (sort_instant(c), str(c.get("UID", ""))))
    moments = [moment for component in ordered for moment in _moments(component)]
    for timezone in timezone_components(moments):
        calendar.add_component(timezone)
    for component in ordered:
        calendar.add_component(component)
    return calendar


def wants_cfp(profile: Profile | None, include_cfp: bool | None) -> bool:
    """Whether deadlines are exported: as asked, else when the profile values visibility."""
    if include_cfp is not None:
        return include_cfp
    return profile is not None and profile.goal(Goal.VISIBILITY) > 0


def build_calendar(
    matches: Iterable[MatchLike | Event],
    *,
    name: str = "eventscout",
    profile: Profile | None = None,
    now: dt.datetime | None = None,
    dtstamp: dt.datetime | None = None,
    refresh_interval: dt.timedelta = DEFAULT_REFRESH,
    include_cfp: bool | None = None,
) -> icalendar.Calendar:
    """A VCALENDAR holding a VEVENT per match and, when wanted (:func:`wants_cfp`), a VEVENT
    for each call for papers still open at ``now``.

    ``dtstamp`` defaults to ``now``, which defaults to the current time: pin either to get the
    same bytes from the same input.
    """
    now = now if now is not None else dt.datetime.now(dt.UTC)
    stamp = (dtstamp if dtstamp is not None else now).astimezone(dt.UTC).replace(microsecond=0)
    include = wants_cfp(profile, include_cfp)
    components: list[icalendar.Event] = []
    seen: set[str] = set()
    for match in as_matches(matches):
        event = match.event
        component = event_component(match, dtstamp=stamp)
        uid = str(component["UID"])
        if uid in seen:
            log.warning("skipping a second event with key %s (%s)", event.key, event.title)
            continue
        seen.add(uid)
        components.append(component)
        cfp = event.cfp
        if include and cfp is not None and cfp.closes is not None and cfp.closes > now:
            components.append(cfp_component(match, dtstamp=stamp))
    calendar = calendar_shell(name=name, refresh_interval=refresh_interval)
    if profile is not None:
        calendar.add("X-WR-CALDESC", f"Events chosen by eventscout for {profile.name}")
    return with_timezones(calendar, components)


def write_ics(
    matches: Iterable[MatchLike | Event],
    path: str | Path,
    *,
    name: str = "eventscout",
    profile: Profile | None = None,
    now: dt.datetime | None = None,
    dtstamp: dt.datetime | None = None,
    refresh_interval: dt.timedelta = DEFAULT_REFRESH,
    include_cfp: bool | None = None,
) -> Path:
    """Write the calendar of :func:`build_calendar` to ``path`` atomically and return the path.

    The bytes go to a temporary file in the same directory, are flushed to disk, and replace
    ``path`` in one rename: a reader (or a web server) sees the old file or the new one, never
    half of one, even if the process is killed midway.
    """
    calendar = build_calendar(
        matches,
        name=name,
        profile=profile,
        now=now,
        dtstamp=dtstamp,
        refresh_interval=refresh_interval,
        include_cfp=include_cfp,
    )
    return write_bytes_atomically(calendar.to_ical(), path)


def write_bytes_atomically(data: bytes, path: str | Path) -> Path:
    """Replace ``path`` with ``data`` in one rename (temporary file, fsync, ``os.replace``)."""
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"cannot write {target.resolve()}: it is a folder; give a file name "
                          f"such as {target / 'events.ics'}")
    try:
        return write_atomically(target, data)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error}") from error
