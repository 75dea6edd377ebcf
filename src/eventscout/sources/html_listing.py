"""Event listings on plain HTML pages, read with CSS selectors from the configuration (``html``).

For pages with no structured data (city-council calendars, a meetup's "past meetings" page): the
``item`` selector finds one element per event, and selectors relative to it find the title, date,
time, place, link and description. Dates are read with the configured strptime ``date_formats``
first, then tolerantly (``Monday, January 29th, 2018``, ``Feb 25 2019``, ``2-25-19``), also
inside longer text such as a title; times likewise (``10:00 a.m.``, ``6:30 pm - 8 pm``, ``noon``).
An item whose date cannot be read becomes a :class:`~eventscout.model.Problem` naming the page and
the item's index and title.

Configuration (TOML)::

    [[sources]]
    type = "html"
    name = "detroit-council"
    url = "https://detroitmi.gov/events"
    item = "article.event"
    title = "h2"
    date = ".date"
    time = ".time"
    location = ".venue"
    link = "a.more"
    timezone = "America/Detroit"
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Iterator
from urllib.parse import urljoin

from attrs import field, frozen
from bs4 import Tag

from ..errors import FetchError, ItemError
from ..model import Event, EventKind, Location, Problem, web_address
from ..parse import (
    attendance_from_text,
    country_option,
    find_date,
    find_times,
    guess_kind,
    kind_option,
    localize,
    parse_with_formats,
    plain_text,
    single_line,
    strings,
    timezone_option,
)
from ._html import css_option, item_problem, make_soup, page_list
from .base import FetchContext

__all__ = ["HtmlListingSource"]

log = logging.getLogger(__name__)


def _time_option(value: object) -> dt.time | None:
    if value is None or value == "":
        return None
    times = find_times(str(value))
    if not times:
        raise ValueError(f"default_time {value!r} is not a clock time such as '18:30' or '6:30 pm'")
    return times[0]


@frozen(kw_only=True)
class HtmlListingSource:
    """A listing page read with CSS selectors; see the module docstring and
    docs/how-to/html-listings.md for every option."""

    name: str
    #: the page: an http(s) URL, a ``file://`` URL or a local path
    url: str | None = None
    #: more pages with the same layout
    urls: tuple[str, ...] = field(default=(), converter=strings)
    #: one element per event
    item: str
    #: inside an item: the title (else ``default_title``)
    title: str | None = None
    #: inside an item: the element holding the date (else the item's own text)
    date: str | None = None
    #: read the date from this attribute of the date element (``datetime``, ``content``)
    date_attribute: str | None = None
    #: inside an item: the element holding the time(s); else times in the date text are used
    time: str | None = None
    location: str | None = None
    #: inside an item: the link to the event's page (its ``href``, resolved against the page)
    link: str | None = None
    description: str | None = None
    #: strptime formats tried on the whole date text before the tolerant reading
    date_formats: tuple[str, ...] = field(default=(), converter=strings)
    #: numeric dates are day first (25.02.2019) rather than month first (2/25/2019)
    day_first: bool = False
    #: IANA zone the page's times are in; required when items have times
    timezone: zoneinfo.ZoneInfo | None = field(default=None, converter=timezone_option)
    default_title: str | None = None
    #: start time for items that give none (a schedule saying "meetings begin at 6:30 pm")
    default_time: dt.time | None = field(default=None, converter=_time_option)
    default_location: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = field(default=None, converter=country_option)
    #: the kind of every event; else guessed from the title
    kind: EventKind | None = field(default=None, converter=kind_option)
    topics: tuple[str, ...] = field(default=(), converter=strings)

    def __attrs_post_init__(self) -> None:
        page_list(self.url, self.urls)
        for key in ("item", "title", "date", "time", "location", "link", "description"):
            css_option(getattr(self, key), key=key)
        if not self.item:
            raise ValueError("'item' (a CSS selector for one element per event) is required")
        if self.title is None and not self.default_title:
            raise ValueError("give a 'title' selector or a 'default_title'")
        if (self.time or self.default_time) and self.timezone is None:
            raise ValueError("items have times: give the page's 'timezone', e.g. 'America/Chicago'")

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        pages = page_list(self.url, self.urls)
        failures: list[FetchError] = []
        for location in pages:
            try:
                fetched = context.fetcher.get(location, source=self.name)
            except FetchError as error:
                failures.append(error)
                continue
            yield from self._parse(fetched.content, fetched.url, fetched.encoding)
        if len(failures) == len(pages):
            raise failures[0]
        for failure in failures:
            yield Problem(source=self.name, where=failure.url or self.name, message=str(failure))

    def parse_page(self, content: bytes | str, url: str) -> Iterator[Event | Problem]:
        """The events and problems of one page's bytes or text; no HTTP (for tests, benchmarks)."""
        yield from self._parse(content, url, None)

    def _parse(
        self, content: bytes | str, url: str, encoding: str | None
    ) -> Iterator[Event | Problem]:
        soup = make_soup(content, encoding=encoding)
        elements = soup.select(self.item)
        if not elements:
            yield Problem(source=self.name, where=url, field="item",
                          message=f"the item selector {self.item!r} matched nothing")
        for index, element in enumerate(elements, start=1):
            try:
                yield self._event(element, index, url)
            except ItemError as error:
                yield item_problem(self.name, url, error)

    def _text(self, element: Tag, selector: str | None) -> str | None:
        if selector is None:
            return None
        found = element.select_one(selector)
        return single_line(found.get_text(" ")) if found is not None else None

    def _event(self, element: Tag, index: int, url: str) -> Event:
        where = f"item {index}"
        title = self._text(element, self.title) or self.default_title
        if not title:
            raise ItemError("no title found", where=where, field="title")
        where = f"{where} ({title!r})"
        start, end = self._moments(element, where)
        place = self._text(element, self.location) or self.default_location
        location = Location(venue=place, city=self.city, region=self.region, country=self.country)
        description = ""
        if self.description is not None:
            found = element.select_one(self.description)
            description = plain_text(found.get_text("\n")) if found is not None else ""
        day = start.date() if isinstance(start, dt.datetime) else start
        try:
            return Event(
                title=title,
                start=start,
                end=end,
                description=description,
                url=self._link(element, url),
                kind=self.kind or guess_kind(title),
                topics=self.topics,
                location=location if location.describe() else None,
                attendance=attendance_from_text(place, title),
                source=self.name,
                source_id=f"{url}|{single_line(title)}|{day.isoformat()}",
                source_urls=[url],
            )
        except (TypeError, ValueError) as error:
            raise ItemError(str(error), where=where) from None

    def _moments(
        self, element: Tag, where: str
    ) -> tuple[dt.date | dt.datetime, dt.datetime | None]:
        holder = element.select_one(self.date) if self.date else element
        if holder is None:
            raise ItemError(f"no element matches {self.date!r}", where=where, field="date")
        if self.date_attribute:
            raw = holder.get(self.date_attribute)
            text = " ".join(raw) if isinstance(raw, list) else (raw or "")
        else:
            text = single_line(holder.get_text(" "))
        parsed = parse_with_formats(text, self.date_formats)
        day, time = parsed if parsed else (find_date(text, day_first=self.day_first), None)
        if day is None:
            raise ItemError(f"no date found in {text[:80]!r}", where=where, field="date")
        times = [time] if time else []
        if not times:
            time_text = self._text(element, self.time) if self.time else None
            times = find_times(time_text or text)
        if not times and self.default_time:
            times = [self.default_time]
        if not times:
            return day, None
        try:
            start = localize(dt.datetime.combine(day, times[0]), self.timezone)
        except ValueError as error:
            raise ItemError(str(error), where=where, field="time") from None
        end = localize(dt.datetime.combine(day, times[1]), self.timezone) if len(times) > 1 else None
        return start, (end if end is not None and end > start else None)

    def _link(self, element: Tag, url: str) -> str | None:
        if self.link is None:
            return None
        found = element.select_one(self.link)
        if found is not None and found.name != "a":
            found = found.find("a", href=True) if not found.has_attr("href") else found
        href = found.get("href") if isinstance(found, Tag) else None
        if not isinstance(href, str) or not href.strip():
            return None
        return web_address(urljoin(url, href.strip()))

