"""An eventscout source adapter for community calendars kept as CSV files.

One row per event, with a header row naming the columns (in any order)::

    title,start,end,city,country,url,online,topics

``start``/``end`` are ISO dates (all-day) or ISO datetimes with an offset; ``online`` is
yes/no; ``topics`` is a ``;``-separated list. A row that cannot become an event is reported as a
:class:`eventscout.Problem` naming the file and the line, and the other rows still arrive.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from attrs import field, frozen

from eventscout import Event, FetchContext, Location, Problem, SourceError

__all__ = ["CommunityCsvSource"]

_REQUIRED_COLUMNS = ("title", "start")
_YES = frozenset({"yes", "y", "true", "1", "online"})


@frozen(kw_only=True)
class CommunityCsvSource:
    """Events from a CSV file at ``url`` (http(s), file:// or a path).

    Options (the keys of its ``[[sources]]`` table): ``url`` (required), ``default_country``
    (ISO code for rows without one), ``kind`` (what the events are; default ``meetup``).
    Unknown options fail when the source is built, as attrs rejects unexpected keywords.
    """

    name: str
    url: str
    default_country: str | None = None
    kind: str = field(default="meetup")

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        fetched = context.fetcher.get(self.url, source=self.name)
        reader = csv.DictReader(io.StringIO(fetched.text))
        columns = [name.strip().lower() for name in reader.fieldnames or ()]
        missing = [name for name in _REQUIRED_COLUMNS if name not in columns]
        if missing:
            raise SourceError(f"the CSV has no column {', '.join(missing)}", source=self.name,
                              url=self.url)
        reader.fieldnames = columns
        for row in reader:
            where = f"{self.url} line {reader.line_num}"
            try:
                yield self._event(row)
            except (TypeError, ValueError) as error:
                yield Problem(source=self.name, where=where, message=str(error))

    def _event(self, row: dict[str, Any]) -> Event:
        values = {key: (value or "").strip() for key, value in row.items() if key}
        online = values.get("online", "").lower() in _YES
        city = values.get("city") or None
        country = values.get("country") or self.default_country
        return Event(
            title=values.get("title"),
            start=values.get("start"),
            end=values.get("end") or None,
            url=values.get("url") or None,
            kind=self.kind,
            topics=[t for t in values.get("topics", "").split(";") if t.strip()],
            location=Location(city=city, country=country) if city else None,
            attendance="hybrid" if online and city else "online" if online else "in_person",
            source=self.name,
        )
