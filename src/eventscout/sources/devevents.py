"""The developers.events dataset (``all-events.json`` of scraly/developers-conferences-agenda).

Each record is one conference::

    {"name": "Craft Conf", "date": [1493078400000, 1493337600000],
     "hyperlink": "https://craft-conf.com/", "location": "Budapest (Hungary)",
     "city": "Budapest", "country": "Hungary", "misc": "<a ...>CFP badge</a>",
     "cfp": {"link": "...", "until": "March-31-2019", "untilDate": 1553990400000},
     "closedCaptions": false, "scholarship": false, "status": "open"}

How the fields are read, and why:

* ``date`` holds epoch milliseconds: one value for a single-day event, two for the first and
  the last day (inclusive). In the published dataset every value is **midnight UTC** of the
  calendar day, and the project's own ``.ics`` files (``DTSTART;VALUE=DATE``, exclusive
  ``DTEND``) give the same days, so the values are read as days, not instants. A value off
  midnight UTC (a dataset built on a machine in another zone) is rounded to the nearest UTC
  midnight, which gives the intended day for any zone from UTC-12 to UTC+12.
* ``cfp.until`` is the text the maintainers wrote (``19-Feb-2022``, ``March-31-2019``,
  ``01-Dec-2021->31-Jan-2022``); ``untilDate`` is derived from it upstream and is wrong for
  ranges (``01-Dec-2021->31-Jan-2022`` became 2022-12-01). The last day written in ``until`` is
  used when there is one, else ``untilDate``; the CFP closes at the end of that day,
  Anywhere on Earth (:func:`eventscout.model.deadline_from_day`).
* ``cfp.link`` is the first web address in the field: a few records hold Markdown
  (``[https://a](https://b)``) or ``#``; a link that holds none is dropped with a Problem and
  the event kept.
* ``country`` ``"Online"`` makes an online event, a ``location`` ending in ``& Online`` a
  hybrid one; other countries are mapped to ISO codes
  (unknown names stay in the location's address line).
* ``name`` is the title; a literal ``\\n`` left in one by the upstream Markdown (``Oπe\\n Conf``)
  becomes a space, as the project's own .ics files show it.
* ``closedCaptions`` and ``scholarship`` become the features ``closed_captions`` and
  ``scholarship``; ``status`` ``Canceled`` / ``Virtualized`` / ``Postponed…`` / ``Delayed…``
  become cancelled / moved online / postponed.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

from ..errors import ItemError
from ..model import (
    AttendanceMode,
    CallForPapers,
    Event,
    EventKind,
    EventStatus,
    Location,
    Problem,
    deadline_from_day,
)
from ..parse import ONLINE_WORDS, country_code, find_days, says_online, split_hybrid, strings
from ._items import each_item, read_json
from .base import FetchContext

__all__ = ["DevEventsSource", "day_from_epoch_ms"]

log = logging.getLogger(__name__)

_HALF_DAY_MS = 12 * 3600 * 1000
#: the first web address in a link field ("[https://a](https://b)" Markdown slipped in upstream)
_URL = re.compile(r"https?://[^\s\[\]()<>\"']+")


def day_from_epoch_ms(value: object) -> dt.date:
    """The calendar day an epoch-millisecond value of the dataset stands for (nearest UTC midnight)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ItemError(f"{value!r} is not an epoch-millisecond number", field="date")
    try:
        moment = dt.datetime.fromtimestamp((value + _HALF_DAY_MS) / 1000, dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise ItemError(f"{value!r} is out of range", field="date") from None
    return moment.date()


def _status(value: object) -> EventStatus:
    text = str(value or "").strip().casefold()
    if text.startswith(("cancel", "annul")):
        return EventStatus.CANCELLED
    if text.startswith(ONLINE_WORDS):  # "Virtualized", "online only"
        return EventStatus.MOVED_ONLINE
    if text.startswith(("postpone", "delay")):
        return EventStatus.POSTPONED
    if text not in ("", "open", "scheduled"):
        log.debug("unknown developers.events status %r read as scheduled", value)
    return EventStatus.SCHEDULED


def _cfp(value: object) -> tuple[CallForPapers | None, str | None]:
    """The call for papers, and a note when its link had to be dropped."""
    if not value:
        return None, None
    if not isinstance(value, Mapping):
        raise ItemError(f"{value!r} is not an object", field="cfp")
    days = find_days(str(value.get("until") or ""))
    closes: dt.datetime | None = None
    if days:
        closes = deadline_from_day(days[-1])
    elif value.get("untilDate") is not None:
        closes = deadline_from_day(day_from_epoch_ms(value["untilDate"]))
    raw_link = str(value.get("link") or "").strip()
    found = _URL.search(raw_link)
    link = found.group(0) if found else raw_link or None
    try:
        return CallForPapers(url=link, closes=closes), None
    except ValueError:
        note = f"CFP link {raw_link!r} is not a URL; the event is kept without it"
        return (CallForPapers(closes=closes) if closes else None), note


def _place(record: Mapping[str, Any]) -> tuple[Location | None, AttendanceMode]:
    country_name = str(record.get("country") or "").strip()
    city = str(record.get("city") or "").strip()
    line = str(record.get("location") or "").strip()
    if says_online(country_name) or says_online(city):
        return None, AttendanceMode.ONLINE
    if not (city or country_name or line):
        return None, AttendanceMode.IN_PERSON
    code = country_code(country_name)
    location = Location(
        address=line if code is None else None,
        city=city if city.casefold() != country_name.casefold() else None,
        country=code,
    )
    _place, hybrid = split_hybrid(line)  # "Bordeaux (France) & Online"
    return location, AttendanceMode.HYBRID if hybrid else AttendanceMode.IN_PERSON


def _features(record: Mapping[str, Any]) -> list[str]:
    features = []
    if record.get("closedCaptions") is True:
        features.append("closed_captions")
    if record.get("scholarship") is True:
        features.append("scholarship")
    return features


@frozen(kw_only=True)
class DevEventsSource:
    """The developers.events ``all-events.json``: a URL, a ``file://`` URL or a local path."""

    name: str
    url: str
    #: the kind given to every event (the dataset lists conferences)
    kind: EventKind = field(default=EventKind.CONFERENCE, converter=EventKind)
    #: topics added to every event (the dataset has none of its own)
    topics: tuple[str, ...] = field(default=(), converter=strings)

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        fetched = context.fetcher.get(self.url, source=self.name)
        yield from self.parse(fetched.content, self.url)

    def parse(self, content: bytes, origin: str) -> Iterator[Event | Problem]:
        """Read ``all-events.json`` bytes (no HTTP); ``origin`` names the file in Problems."""
        records = read_json(content, list, "a JSON array of events", source=self.name, origin=origin)
        items = (
            (f"{origin} item {index} ({_label(record)})", record)
            for index, record in enumerate(records)
        )
        yield from each_item(items, self._convert, source=self.name)

    def _convert(self, where: str, record: object) -> Iterator[Event | Problem]:
        if not isinstance(record, Mapping):
            raise ItemError(f"{type(record).__name__} is not an event object")
        dates = record.get("date")
        if not isinstance(dates, list) or len(dates) not in (1, 2):
            raise ItemError(f"{dates!r} is not a list of one or two epoch-ms values", field="date")
        start = day_from_epoch_ms(dates[0])
        end = day_from_epoch_ms(dates[-1])
        if end < start:
            raise ItemError(f"last day {end} is before first day {start}", field="date")
        location, attendance = _place(record)
        cfp, cfp_note = _cfp(record.get("cfp"))
        url = record.get("hyperlink") or None
        if cfp_note:
            yield Problem(source=self.name, where=where, message=cfp_note, field="cfp.link",
                          kept=True)
        yield Event(
            title=_name(record.get("name")),
            start=start,
            end=end,
            description=str(record.get("misc") or ""),
            url=url,
            kind=self.kind,
            topics=self.topics,
            location=location,
            attendance=attendance,
            cfp=cfp,
            status=_status(record.get("status")),
            features=_features(record),
            source=self.name,
            source_urls=[url] if url else [],
        )


def _name(value: object) -> object:
    """The name with escapes the upstream Markdown left undecoded (``"Oπe\\n Conf"``) as spaces."""
    return re.sub(r"\\[nrt]", " ", value) if isinstance(value, str) else value


def _label(record: object) -> str:
    if isinstance(record, Mapping) and record.get("name"):
        return repr(str(record["name"]))
    return "unnamed"
