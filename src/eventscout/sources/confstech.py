"""confs.tech-style JSON datasets: ``<year>/<topic>.json`` files of conference records.

The ``url`` may be a folder (every ``*.json`` below it is read, the topic taken from each file
name), one JSON file, or an http(s) URL of one file. A conference listed under several topics (the
dataset files one record per topic) becomes one event carrying all its topics: two events with one
identity would collide in calendars. Fields read: name, url, startDate, endDate, city, country,
online, locales, cfpUrl, cfpEndDate, offersSignLanguageOrCC.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import attrs
from attrs import field, frozen

from ..errors import ItemError, SourceError
from ..fetch import is_remote, local_path
from ..model import (
    AttendanceMode,
    CallForPapers,
    Event,
    EventKind,
    Location,
    Problem,
    identity_key,
)
from ..parse import country_code, guess_kind, strings
from .base import FetchContext

__all__ = ["ConfsTechSource", "parse_dataset"]

log = logging.getLogger(__name__)


@frozen(kw_only=True)
class ConfsTechSource:
    """A confs.tech-style dataset: a folder, a file, or a URL of one file."""

    name: str
    url: str
    #: the topic of a single file when its name does not say it (e.g. ``conferences.json``)
    topic: str | None = None
    #: ISO language codes assumed when a record has no ``locales``
    default_languages: tuple[str, ...] = field(default=(), converter=strings)

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        documents: list[tuple[str, str, bytes]] = []
        if not is_remote(self.url) and local_path(self.url).is_dir():
            root = local_path(self.url)
            files = sorted(root.rglob("*.json"))
            if not files:
                raise SourceError("the folder holds no .json files", source=self.name, url=self.url)
            for file in files:
                fetched = context.fetcher.get(str(file), source=self.name)
                documents.append((str(file), file.stem, fetched.content))
        else:
            fetched = context.fetcher.get(self.url, source=self.name)
            documents.append((self.url, self.topic or _topic_from(self.url), fetched.content))
        yield from parse_dataset(documents, source=self.name, default_languages=self.default_languages)


def _topic_from(location: str) -> str:
    path = urlsplit(location).path if is_remote(location) else str(Path(location))
    return PurePosixPath(path.replace("\\", "/")).stem


def parse_dataset(
    documents: list[tuple[str, str, bytes]],
    *,
    source: str,
    default_languages: tuple[str, ...] = (),
) -> Iterator[Event | Problem]:
    """Parse ``(origin, topic, content)`` documents; records of one conference are combined."""
    by_key: dict[str, list[Event]] = {}
    for origin, topic, content in documents:
        try:
            records = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            yield Problem(source=source, where=origin, message=f"not valid JSON: {error}")
            continue
        if not isinstance(records, list):
            yield Problem(source=source, where=origin,
                          message=f"expected a JSON array of conferences, got {type(records).__name__}")
            continue
        for index, record in enumerate(records, start=1):
            label = record.get("name") if isinstance(record, dict) else None
            where = f"{origin} item #{index}" + (f" ({label!r})" if label else "")
            try:
                event = _to_event(record, topic, source, default_languages)
            except (ItemError, ValueError, TypeError) as error:
                yield Problem(source=source, where=where, field=getattr(error, "field", None),
                              message=getattr(error, "detail", None) or str(error))
                continue
            by_key.setdefault(event.key, []).append(event)
    for events in by_key.values():
        yield from _combine(events)


def _combine(events: list[Event]) -> Iterator[Event]:
    """Records sharing a name, year and place: one conference filed under several topics (dates
    overlap: one event with all the topics), or several editions in one year (dates apart: the
    earliest keeps the plain identity, later ones get one qualified by their month)."""
    editions: list[Event] = []
    for event in sorted(events, key=lambda e: (e.first_day, e.last_day)):
        if editions and event.first_day <= editions[-1].last_day:
            editions[-1] = _fill(editions[-1], event)
        else:
            editions.append(event)
    for number, event in enumerate(editions):
        if number == 0:
            yield event
        else:
            qualified = identity_key(title=event.title, start=event.start,
                                     source_id=f"{event.key}/{event.first_day:%Y-%m}")
            yield attrs.evolve(event, key=qualified)


def _fill(first: Event, other: Event) -> Event:
    """``first`` with the topics and features of both, and what only ``other`` says (a CFP...)."""
    changes: dict[str, Any] = {
        "topics": (*first.topics, *other.topics),
        "features": first.features | other.features,
    }
    for name in ("cfp", "url", "location", "languages", "registration_deadline"):
        if not getattr(first, name) and getattr(other, name):
            changes[name] = getattr(other, name)
    return attrs.evolve(first, **changes)


def _text(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ItemError(f"expected text, got {type(value).__name__} {value!r}", field=key)
    return value.strip() or None


def _to_event(
    record: Any, topic: str, source: str, default_languages: tuple[str, ...]
) -> Event:
    if not isinstance(record, dict):
        raise ItemError(f"expected an object, got {type(record).__name__}")
    name = _text(record, "name")
    if not name:
        raise ItemError("missing", field="name")
    start = _text(record, "startDate")
    if not start:
        raise ItemError("missing", field="startDate")
    end = _text(record, "endDate") or start
    online = record.get("online", False)
    if not isinstance(online, bool):
        raise ItemError(f"expected true or false, got {online!r}", field="online")
    city = _text(record, "city")
    country_name = _text(record, "country")
    country = country_code(country_name)
    if online and not city:
        attendance = AttendanceMode.ONLINE
    elif online:
        attendance = AttendanceMode.HYBRID
    else:
        attendance = AttendanceMode.IN_PERSON
    location = None
    if city or country:
        location = Location(city=city, country=country,
                            region=country_name if country_name and not country else None)
    cfp = None
    cfp_url, cfp_end = _text(record, "cfpUrl"), _text(record, "cfpEndDate")
    if cfp_url or cfp_end:
        try:
            cfp = CallForPapers(url=cfp_url, closes=cfp_end)
        except ValueError as error:
            raise ItemError(str(error), field="cfpEndDate" if cfp_end else "cfpUrl") from error
    locales = _text(record, "locales")
    languages = [part.strip().lower() for part in locales.split(",")] if locales else list(default_languages)
    features = ["closed_captions"] if record.get("offersSignLanguageOrCC") else []
    for key, value in (("startDate", start), ("endDate", end)):
        if len(value) != 10:
            raise ItemError(f"{value!r} is not a date (YYYY-MM-DD)", field=key)
    try:
        return Event(
            title=name,
            start=start,
            end=end,
            url=_text(record, "url"),
            kind=guess_kind(name, default=EventKind.CONFERENCE),
            topics=(topic,),
            location=location,
            attendance=attendance,
            cfp=cfp,
            languages=languages,
            features=features,
            source=source,
            source_urls=tuple(u for u in (_text(record, "url"),) if u),
        )
    except ValueError as error:
        raise ItemError(str(error)) from error
