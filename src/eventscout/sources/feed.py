"""Event listings published as feeds: RSS 2.0, Atom (through feedparser) and JSON Feed 1.0/1.1.

A feed entry's published/updated date is when the *entry* was written, not when the event
happens, so it is not used as the event date unless the source says so
(``date_from = "published"`` or ``"updated"``). By default (``date_from = "text"``) the event
date is taken, in this order, from:

1. event fields some feeds carry: ``ev:startdate``/``ev:enddate`` (RSS 1.0 mod_event) or
   ``xcal:dtstart``/``xcal:dtend``, as ISO 8601 or iCalendar basic values;
2. a JavaScript ``Date.toString()`` in the title, summary or content (developers.events writes
   ``"Craft Conf @ Budapest (Hungary) - Tue Apr 25 2017 00:00:00 GMT+0000 (...)"``);
3. the first day or range of days written in the title, then the summary, then the content, by the
   patterns of :mod:`eventscout.parse.dates` (``2027-05-12``, ``May 12-14, 2027``,
   ``12-14 May 2027``...).

An entry with no usable date is reported as a Problem and skipped. Relative links resolve against
the feed's URL, else its home page (``<link>``, ``home_page_url``). Entry ids are not used as
event identities: some feeds number their entries (developers.events' ``.../0``, ``.../1``), so
the id would change whenever an entry is added above. The place comes from
``ev:location``/``xcal:location`` or from a ``" @ <place> - "`` part of the text
(``"Budapest (Hungary)"``, ``"Berlin, Germany"``, ``"Online"``).

Why feedparser: it is the well-kept parser of the many RSS/Atom dialects (namespaces, bad
encodings, relative links, HTML sanitising). It does not read JSON Feed, which is plain JSON and
is read here directly.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from attrs import field, frozen

from ..errors import ItemError, SourceError
from ..fetch import decode_text, is_remote
from ..model import Event, EventKind, Problem
from ..parse import (
    choice,
    find_day_range,
    find_js_date,
    guess_kind,
    kind_option,
    parse_iso_moment,
    place_from_text,
    plain_text,
    strings,
    timezone_option,
)
from ._items import each_item
from .base import FetchContext

__all__ = ["DATE_FROM", "FeedEntry", "FeedSource", "place_from_text", "read_feed"]

#: where the event date may come from
DATE_FROM = ("text", "published", "updated")

Moment = dt.date | dt.datetime


@frozen(kw_only=True)
class FeedEntry:
    """One entry of any feed dialect, reduced to what an event can be made of."""

    id: str | None = None
    title: str = ""
    link: str | None = None
    summary: str = ""
    content: str = ""
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    #: event fields from namespaces (ev:startdate, xcal:dtstart, ...), raw text
    event_start: str | None = None
    event_end: str | None = None
    event_location: str | None = None
    tags: tuple[str, ...] = ()


def _struct_time(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)


def _first(entry: Mapping[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = entry.get(key)
        if value:
            return str(value)
    return None


def _absolute(link: object, base: str | None) -> str | None:
    """``link`` resolved against the feed's home page; None when it stays relative."""
    if not link:
        return None
    resolved = urljoin(base, str(link)) if base else str(link)
    return resolved if urlsplit(resolved).scheme in ("http", "https") else None


def _from_feedparser(entry: dict[str, Any], base: str | None) -> FeedEntry:
    contents = entry.get("content") or []
    return FeedEntry(
        id=entry.get("id"),
        title=entry.get("title") or "",
        link=_absolute(entry.get("link"), base),
        summary=entry.get("summary") or "",
        content="\n".join(str(part.get("value") or "") for part in contents),
        # dict.get: feedparser's own get() maps a missing published date to the updated one
        published=_struct_time(dict.get(entry, "published_parsed")),
        updated=_struct_time(dict.get(entry, "updated_parsed")),
        event_start=_first(entry, "ev_startdate", "xcal_dtstart"),
        event_end=_first(entry, "ev_enddate", "xcal_dtend"),
        event_location=_first(entry, "ev_location", "xcal_location"),
        tags=tuple(str(tag.get("term")) for tag in entry.get("tags") or () if tag.get("term")),
    )


def _json_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = parse_iso_moment(value)
    except ValueError:
        return None
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(0))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _from_json_feed(item: Mapping[str, Any], base: str | None) -> FeedEntry:
    tags = item.get("tags") or ()
    return FeedEntry(
        id=str(item["id"]) if item.get("id") is not None else None,
        title=str(item.get("title") or ""),
        link=_absolute(item.get("url") or item.get("external_url"), base),
        summary=str(item.get("summary") or ""),
        content=str(item.get("content_html") or item.get("content_text") or ""),
        published=_json_time(item.get("date_published")),
        updated=_json_time(item.get("date_modified")),
        tags=tuple(str(tag) for tag in tags if isinstance(tag, str)),
    )


def _is_json(text: str) -> bool:
    return text.lstrip().startswith("{")


def read_feed(content: bytes, origin: str, *, source: str) -> tuple[str, list[FeedEntry]]:
    """The feed's dialect (``rss20``, ``atom10``, ``json1``...) and its entries, or SourceError."""
    text = decode_text(content)
    if _is_json(text):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise SourceError(f"not JSON: {error}", source=source, url=origin) from None
        version = str(document.get("version") or "") if isinstance(document, dict) else ""
        if not version.startswith("https://jsonfeed.org/version/"):
            raise SourceError("JSON but not a JSON Feed (no jsonfeed.org version)", source=source,
                              url=origin)
        items = document.get("items")
        if not isinstance(items, list):
            raise SourceError("JSON Feed without an 'items' list", source=source, url=origin)
        base = document.get("home_page_url") or (origin if is_remote(origin) else None)
        entries = [_from_json_feed(item, base) for item in items if isinstance(item, Mapping)]
        return "json" + version.rsplit("/", 1)[-1].replace(".", ""), entries
    headers = {"content-location": origin} if is_remote(origin) else None
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=True)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS, Atom or JSON Feed found"
        raise SourceError(f"not a feed: {reason}", source=source, url=origin)
    # links feedparser could not resolve (a feed read from a file) resolve against its home page
    base = parsed.feed.get("link") or (origin if is_remote(origin) else None)
    return str(parsed.get("version") or "unknown"), [
        _from_feedparser(entry, base) for entry in parsed.entries
    ]


def _field_moment(text: str, zone: dt.tzinfo) -> Moment:
    value = text.strip()
    basic = re.fullmatch(r"(\d{8})(?:T(\d{6})(Z?))?", value)
    try:
        if basic:
            day = dt.datetime.strptime(basic[1], "%Y%m%d").date()
            if basic[2] is None:
                return day
            clock = dt.datetime.strptime(basic[2], "%H%M%S").time()
            return dt.datetime.combine(day, clock, tzinfo=dt.UTC if basic[3] else zone)
        moment = parse_iso_moment(value)
    except ValueError:
        raise ItemError(f"{text!r} is not an ISO 8601 or iCalendar date", field="event date") from None
    if not isinstance(moment, dt.datetime):
        return moment
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _text_dates(entry: FeedEntry) -> tuple[Moment, Moment | None] | None:
    texts = [plain_text(part) for part in (entry.title, entry.summary, entry.content)]
    for text in texts:
        found = find_js_date(text)
        if found is not None:
            return found, None
    for text in texts:
        days = find_day_range(text)
        if days is not None:
            return days[0], days[1]
    return None


_PLACE_IN_TEXT = re.compile(r"\s@\s+(?P<place>[^\n]+?)\s+[-–]\s")


def _date_from(value: object) -> str:
    return choice(value, DATE_FROM, option="date_from")


@frozen(kw_only=True)
class FeedSource:
    """An RSS 2.0, Atom or JSON Feed of events: a URL, a ``file://`` URL or a local path."""

    name: str
    url: str
    #: where the event date comes from: "text" (event fields, then the entry's text),
    #: "published" or "updated" (the entry's own timestamps, for feeds that publish on the day)
    date_from: str = field(default="text", converter=_date_from)
    #: the kind of every event; guessed from each entry's title when unset
    kind: EventKind | None = field(default=None, converter=kind_option)
    #: topics added to every event beside the entry's categories
    topics: tuple[str, ...] = field(default=(), converter=strings)
    #: zone for event times written without an offset (UTC when unset)
    timezone: dt.tzinfo | None = field(default=None, converter=timezone_option)

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        fetched = context.fetcher.get(self.url, source=self.name)
        yield from self.parse(fetched.content, self.url)

    def parse(self, content: bytes, origin: str) -> Iterator[Event | Problem]:
        """Read feed bytes (no HTTP); ``origin`` names the feed in Problems and resolves links."""
        _dialect, entries = read_feed(content, origin, source=self.name)
        items: Iterable[tuple[str, FeedEntry]] = (
            (f"{origin} entry {index} ({entry.title or entry.id or 'untitled'!r})", entry)
            for index, entry in enumerate(entries)
        )
        yield from each_item(items, self._convert, source=self.name)

    def _dates(self, entry: FeedEntry) -> tuple[Moment, Moment | None]:
        if self.date_from != "text":
            moment = entry.published if self.date_from == "published" else entry.updated
            if moment is None:
                raise ItemError(f"the entry has no {self.date_from} date", field="date")
            return moment, None
        if entry.event_start:
            start = _field_moment(entry.event_start, self.timezone or dt.UTC)
            end = _field_moment(entry.event_end, self.timezone or dt.UTC) if entry.event_end else None
            if end is not None and isinstance(end, dt.datetime) != isinstance(start, dt.datetime):
                end = None  # a day end beside a timed start says nothing precise
            return start, end
        found = _text_dates(entry)
        if found is None:
            raise ItemError(
                "no event date in the entry's event fields or text (the published date is not "
                "used unless date_from = 'published')",
                field="date",
            )
        return found

    def _convert(self, _where: str, entry: FeedEntry) -> Iterator[Event]:
        start, end = self._dates(entry)
        place = entry.event_location
        if place is None:
            match = _PLACE_IN_TEXT.search(plain_text(entry.content or entry.summary))
            place = match["place"] if match else None
        location, attendance = place_from_text(place or "")
        summary = plain_text(entry.summary)
        description = plain_text(entry.content) or summary
        if description == plain_text(entry.title):
            description = ""
        yield Event(
            title=entry.title,
            start=start,
            end=end,
            description=description,
            url=entry.link,
            kind=self.kind or guess_kind(entry.title, " ".join(entry.tags), summary),
            topics=[*entry.tags, *self.topics],
            location=location,
            attendance=attendance,
            source=self.name,
            source_urls=[entry.link] if entry.link else [],
        )
