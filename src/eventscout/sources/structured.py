"""schema.org structured data in web pages: every Event in JSON-LD and microdata (``schemaorg``).

Most event sites describe their events for search engines: Meetup, Eventbrite, Luma, WordPress
"The Events Calendar", Songkick. This adapter reads a page (or several), finds every schema.org
``Event`` and subtype in its JSON-LD blocks and its microdata, and maps them to the model with the
rules in :mod:`eventscout.sources._schemaorg`. With ``follow`` it also reads the detail pages a
listing page links to, up to ``max_pages`` pages per source.

A malformed block or item (bad JSON, an impossible date, an item without a name) becomes a
:class:`~eventscout.model.Problem` naming the page and the item; the rest of the page still
arrives. Configuration (TOML)::

    [[sources]]
    type = "schemaorg"
    name = "glwa"
    url = "https://www.glwater.org/events/"
    timezone = "America/Detroit"     # for date-times written without an offset
    follow = "a.tribe-event-url"     # optional: links to detail pages
    max_pages = 20
"""

from __future__ import annotations

import logging
import re
import zoneinfo
from collections import Counter, deque
from collections.abc import Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

from attrs import field, frozen, validators
from bs4 import SoupStrainer, Tag

from ..errors import FetchError, ItemError
from ..model import Event, Problem
from ..parse import strings, timezone_option
from ._html import css_option, item_problem, make_soup, page_list
from ._jsonld import jsonld_items
from ._microdata import microdata_items
from ._schemaorg import SchemaItem, event_from_item, item_id
from .base import FetchContext

__all__ = ["PageScan", "StructuredDataSource", "scan_page"]

log = logging.getLogger(__name__)

_MICRODATA_HINT = re.compile(rb"itemscope", re.IGNORECASE)


@frozen(kw_only=True)
class PageScan:
    """What one page holds: its Event items, the blocks that could not be read, its links."""

    url: str
    items: tuple[SchemaItem, ...]
    errors: tuple[ItemError, ...]
    #: absolute URLs matched by the ``follow`` selector (empty without one)
    links: tuple[str, ...] = ()


def _is_ldjson(tag: Tag) -> bool:
    kind = tag.get("type")
    return isinstance(kind, str) and kind.strip().lower().startswith("application/ld+json")


def scan_page(
    content: bytes | str, url: str, *, follow: str | None = None, encoding: str | None = None
) -> PageScan:
    """Find the Event items of one page. Only ``<script>`` tags are parsed when the page has no
    microdata and no links are to be followed (about 10x faster on a large page)."""
    raw = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    full = follow is not None or _MICRODATA_HINT.search(raw) is not None
    soup = make_soup(content, encoding=encoding, parse_only=None if full else SoupStrainer("script"))
    blocks = [tag.get_text() for tag in soup.find_all("script") if _is_ldjson(tag)]
    items, errors = jsonld_items(blocks)
    if full:
        items.extend(microdata_items(soup, url))
    links: list[str] = []
    if follow is not None:
        for anchor in soup.select(follow):
            href = anchor.get("href")
            if isinstance(href, str) and href.strip():
                link = urldefrag(urljoin(url, href.strip())).url
                # a remote page may lead only to web pages, never to this machine's files
                allowed = ("http", "https") if urlsplit(url).scheme in ("http", "https") else (
                    "http", "https", "file", "")
                if urlsplit(link).scheme in allowed:
                    links.append(link)
    return PageScan(url=url, items=tuple(items), errors=tuple(errors),
                    links=tuple(dict.fromkeys(links)))


def _follow_option(value: object) -> str | None:
    return css_option(value, key="follow")


def _positive(_instance: object, _attribute: object, value: int) -> None:
    if value < 1:
        raise ValueError(f"max_pages must be at least 1, not {value}")


@frozen(kw_only=True)
class StructuredDataSource:
    """Pages with schema.org Event items (JSON-LD or microdata); see the module docstring."""

    name: str
    #: the page to read: an http(s) URL, a ``file://`` URL or a local path
    url: str | None = None
    #: more pages to read, as a list
    urls: tuple[str, ...] = field(default=(), converter=strings)
    #: zone for date-times written without an offset (else the event city's zone, else a Problem)
    timezone: zoneinfo.ZoneInfo | None = field(default=None, converter=timezone_option)
    #: CSS selector for links on the listed pages to detail pages that are read too
    follow: str | None = field(default=None, converter=_follow_option)
    #: the most pages read per run, listed and followed together
    max_pages: int = field(default=20, validator=[validators.instance_of(int), _positive])
    #: topics added to every event of this source
    topics: tuple[str, ...] = field(default=(), converter=strings)

    def __attrs_post_init__(self) -> None:
        page_list(self.url, self.urls)

    @property
    def pages(self) -> tuple[str, ...]:
        """The configured pages, ``url`` first."""
        return page_list(self.url, self.urls)

    def parse_page(self, content: bytes | str, url: str) -> Iterator[Event | Problem]:
        """The events and problems of one page's bytes or text; no HTTP (for tests, benchmarks)."""
        yield from self._convert(scan_page(content, url))

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        listed = self.pages
        queue = deque(listed)
        queued = set(listed)
        failures: list[FetchError] = []
        seen_keys: set[str] = set()
        read = 0
        while queue and read < self.max_pages:
            location = queue.popleft()
            try:
                fetched = context.fetcher.get(location, source=self.name)
            except FetchError as error:
                if location in listed:
                    failures.append(error)
                else:
                    yield Problem(source=self.name, where=location, message=str(error))
                continue
            read += 1
            scan = scan_page(
                fetched.content, fetched.url, encoding=fetched.encoding,
                follow=self.follow if location in listed else None,
            )
            for item in self._convert(scan):
                if isinstance(item, Event):
                    if item.key in seen_keys:
                        continue
                    seen_keys.add(item.key)
                yield item
            for link in scan.links:
                if link not in queued:
                    queued.add(link)
                    queue.append(link)
        if failures and len(failures) == len(listed):
            raise failures[0]
        for failure in failures:
            yield Problem(source=self.name, where=failure.url or self.name, message=str(failure))
        if queue:
            yield Problem(
                source=self.name, where=self.pages[0], field="max_pages",
                message=f"stopped after {self.max_pages} pages; {len(queue)} linked pages not read",
            )

    def _convert(self, scan: PageScan) -> Iterator[Event | Problem]:
        for error in scan.errors:
            yield item_problem(self.name, scan.url, error)
        ids = [item_id(item, scan.url) for item in scan.items]
        shared = {key for key, count in Counter(ids).items() if key and count > 1}
        for item, own_id in zip(scan.items, ids, strict=True):
            source_id = own_id
            if own_id in shared:
                start = item.data.get("startDate")
                source_id = f"{own_id}@{start}" if isinstance(start, str) else None
            try:
                yield event_from_item(
                    item, source=self.name, page_url=scan.url, zone=self.timezone,
                    source_id=source_id, topics=self.topics,
                )
            except ItemError as error:
                yield item_problem(self.name, scan.url, error, fallback=item.label)

