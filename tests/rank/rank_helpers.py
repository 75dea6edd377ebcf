"""A compact event factory for the ranker's tests."""

from __future__ import annotations

from typing import Any

from eventscout.model import Event, Location


def event(title: str = "Community Conf", start: Any = "2027-03-10", **fields: Any) -> Event:
    """An all-day event (by default two months after the pinned ``now``); ``city``/``country``
    make a location; other fields go to :class:`Event` as they are."""
    city, country = fields.pop("city", None), fields.pop("country", None)
    if city is not None:
        fields["location"] = Location(city=city, country=country)
    return Event(title=title, start=start, end=fields.pop("end", start), **fields)
