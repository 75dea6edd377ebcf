"""A compact event factory for the ranker's tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from eventscout.model import Event, Location


def event(title: str = "Community Conf", start: Any = "2027-03-10", **fields: Any) -> Event:
    """An all-day event (by default two months after the pinned ``now``); ``city``/``country``
    make a location; other fields go to :class:`Event` as they are."""
    city, country = fields.pop("city", None), fields.pop("country", None)
    if city is not None:
        fields["location"] = Location(city=city, country=country)
    return Event(title=title, start=start, end=fields.pop("end", start), **fields)


def confstech_events(shared_data: Path, now: dt.datetime) -> list[Event]:
    """Every event of the real confs.tech dataset in ../shared/data, read by the project's adapter."""
    from eventscout.fetch import Fetcher
    from eventscout.sources.base import FetchContext
    from eventscout.sources.confstech import ConfsTechSource

    folder = shared_data / "tech-conferences-conference-data" / "conferences"
    context = FetchContext(fetcher=Fetcher(), now=now)
    items = ConfsTechSource(name="confs.tech", url=str(folder)).fetch(context)
    return [item for item in items if isinstance(item, Event)]
