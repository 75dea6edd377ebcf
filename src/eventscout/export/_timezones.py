"""VTIMEZONE components for the TZIDs a calendar uses, built so every client accepts them.

Each TZID written in a calendar needs exactly one VTIMEZONE (RFC 5545; khal warns without one,
some clients shift the time). icalendar can derive one from the IANA database, but adds a
``COMMENT`` directly inside VTIMEZONE, which RFC 5545 does not allow there and libical flags:
we remove it. The component covers the years the calendar's own times fall in (from January 1st
of the first year to January 1st after the last), so its transitions are right for every event in
the file and the output depends only on the events, never on the day it was built.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar

__all__ = ["timezone_components", "zone_key"]

#: zone names that mean UTC: written with a ``Z`` instead of a TZID
UTC_KEYS = frozenset(
    {
        "UTC",
        "Etc/UTC",
        "Etc/UCT",
        "UCT",
        "Etc/Universal",
        "Universal",
        "Zulu",
        "Etc/Zulu",
        "GMT",
        "Etc/GMT",
        "Etc/GMT0",
        "Etc/GMT+0",
        "Etc/GMT-0",
        "Etc/Greenwich",
        "Greenwich",
    }
)


def zone_key(value: dt.datetime) -> str | None:
    """The IANA name a datetime is written with as TZID, or None (it is written in UTC)."""
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo) and zone.key and zone.key not in UTC_KEYS:
        return zone.key
    return None


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    component = icalendar.Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
    )
    component.pop("COMMENT", None)
    for observance in component.subcomponents:
        _move_onsets_before_gaps(observance)
    return component.to_ical()


def _move_onsets_before_gaps(observance: icalendar.cal.Component) -> None:
    """Write a spring-forward onset as the local time *before* the jump, as RFC 5545 wants.

    icalendar names the first wall time that has the new offset (03:00 when clocks jump from
    02:00 to 03:00); read with TZOFFSETFROM that is an hour late. Fall-back onsets are right.
    """
    offset_from: dt.timedelta = observance.decoded("TZOFFSETFROM")
    offset_to: dt.timedelta = observance.decoded("TZOFFSETTO")
    gap = offset_to - offset_from
    if gap <= dt.timedelta(0):
        return
    onset: dt.datetime = observance.decoded("DTSTART")
    rdates = observance.get("RDATE")
    lists = rdates if isinstance(rdates, list) else [rdates] if rdates is not None else []
    others = [period.dt - gap for rdate_list in lists for period in rdate_list.dts]
    del observance["DTSTART"]
    observance.add("DTSTART", onset - gap)
    if others:
        del observance["RDATE"]
        observance.add("RDATE", others)


def timezone_components(moments: Iterable[dt.datetime]) -> list[icalendar.Timezone]:
    """One VTIMEZONE per TZID among ``moments`` (sorted by TZID), covering their years."""
    years: dict[str, tuple[int, int]] = {}
    for moment in moments:
        key = zone_key(moment)
        if key is None:
            continue
        low, high = years.get(key, (moment.year, moment.year))
        years[key] = (min(low, moment.year), max(high, moment.year))
    return [
        icalendar.Timezone.from_ical(_vtimezone(key, *years[key]))  # type: ignore[misc]
        for key in sorted(years)
    ]
