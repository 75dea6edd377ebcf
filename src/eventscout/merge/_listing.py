"""Reading: every input event in the form the matcher compares, in content order.

:func:`read_listings` reads each event once, working out each distinct title, location and URL
only once, and keeps what the batched steps need as columns (:class:`Columns`: day ordinals, URL
signatures, name ids) and block rows. The typed :class:`Listing` the rules compare is built only
for the events that reach the rules (a few in a hundred at 100,000 events), from those columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from attrs import frozen

from ..model import AttendanceMode, Event, EventStatus, Location
from ._names import Name, NameBook, NameColumns
from ._ordering import content_order
from ._places import NOWHERE, Place, read_place
from ._urls import UrlFacts, read_url

__all__ = ["Columns", "Listing", "Listings", "read_listings"]

#: the block label of "the day itself": an unplaced event is compared with everything of its days
DAY_LABEL = ""


@frozen(kw_only=True)
class Listing:
    """One input event with everything the rules compare."""

    event: Event
    first_day: dt.date
    last_day: dt.date
    #: the name without filler words, and the same without the event's own city
    full_name: Name
    name: Name
    city: str | None
    #: the city a place written as text starts with ("Paris (France)" -> "paris")
    place_city: str | None
    country: str | None
    place_text: str
    online: bool
    in_person: bool
    #: (host, path) of each URL, in comparison form
    urls: tuple[tuple[str, str], ...]
    #: the blocks it starts in: "city:<city>", "online", "url:<host>"; "" (the day) when unplaced
    labels: tuple[str, ...]

    @property
    def unplaced(self) -> bool:
        """No place to block on: compared with every event of its days instead."""
        return not self.city and not self.online


@frozen(kw_only=True)
class Columns:
    """What the batched steps read, one row per listing (numpy arrays)."""

    #: the first and last day covered, as ordinals
    first: np.ndarray
    last: np.ndarray
    #: 64-bit signatures of the URLs' hosts and registered domains
    hosts: np.ndarray
    domains: np.ndarray
    #: name ids (rows of ``names``): as given, and without the event's own city
    full: np.ndarray
    local: np.ndarray
    names: NameColumns


class Listings:
    """The listings of one merge in content order: columns for the batched steps, and a typed
    :class:`Listing` for any one of them on request (built once)."""

    def __init__(self, events: list[Event]) -> None:
        #: the input events, in the order they were given until :meth:`_read` orders them
        self.events = events
        self.names = NameBook()
        #: (listing, label id) for every block a listing starts in; label id 0 is the day's own
        self.block_rows: tuple[np.ndarray, np.ndarray]
        self.columns: Columns
        self._built: dict[int, Listing] = {}
        # per input event (``_given[i]`` is the input position of listing i)
        self._given: list[int] = []
        self._days: list[str] = []
        self._places: list[Place] = []
        self._online: list[bool] = []
        self._full: list[int] = []
        self._local: list[int] = []
        self._links: list[_Links] = []
        self._labels: list[tuple[str, ...]] = []
        self._spans: list[tuple[dt.date, dt.date]] = []

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, index: int) -> Listing:
        found = self._built.get(index)
        if found is None:
            given = self._given[index]
            place, online, event = self._places[given], self._online[given], self.events[index]
            first_day, last_day = self._spans[given]
            found = self._built[index] = Listing(
                event=event, first_day=first_day, last_day=last_day,
                full_name=self.names.names[self._full[given]],
                name=self.names.names[self._local[given]],
                city=place.city, place_city=place.place_city, country=place.country,
                place_text=place.place_text, online=online,
                in_person=event.attendance is not AttendanceMode.ONLINE and not (
                    online and not place.city and not place.place_text
                ),
                urls=self._links[given].urls, labels=self._labels[given],
            )
        return found

    def output_key(self, event: Event) -> str:
        """What merged events are ordered by: first day, normalised title and key (NUL-separated,
        so ordered as the tuple would be)."""
        return f"{event.first_day.isoformat()}\0{self.names.normalize(event.title)}\0{event.key}"

    def output_keys(self, indices: list[int]) -> list[str]:
        """:meth:`output_key` of the listings at ``indices``, as they came."""
        days, given, events, normalize = self._days, self._given, self.events, self.names.normalize
        return [f"{days[given[i]]}\0{normalize(events[i].title)}\0{events[i].key}" for i in indices]

    def _read(self) -> None:
        """Read every event, order them by content and fill the columns and block rows."""
        names, links_of = self.names, _LinkReader()
        places: dict[Location | None, Place] = {None: NOWHERE}
        full_of, place_of, local_of = names.full, places.get, names.local
        label_ids = {DAY_LABEL: 0}
        row_items: list[int] = []
        row_labels: list[int] = []
        keys, firsts, lasts, hosts, domains = [], [], [], [], []
        days, all_places, all_online = self._days, self._places, self._online
        fulls, locals_, all_links = self._full, self._local, self._links
        all_labels, spans = self._labels, self._spans
        in_person, moved_online = AttendanceMode.IN_PERSON, EventStatus.MOVED_ONLINE
        for index, event in enumerate(self.events):
            location: Location | None = event.location
            place = place_of(location)
            if place is None:
                place = places[location] = read_place(location)  # type: ignore[arg-type]
            city = place.city
            online = place.says_online or event.attendance is not in_person or (
                event.status is moved_online
            )
            title = event.title
            full = full_of(title)
            url = event.url
            links = links_of.read(url, event.source_urls)
            labels = links.labels
            if place.label:
                labels += (place.label,)
            if online:
                labels += ("online",)
            elif not city:
                labels += (DAY_LABEL,)  # the day itself: compared with everything of its days
            all_labels.append(labels)
            for label in labels:
                row_items.append(index)
                row_labels.append(label_ids.setdefault(label, len(label_ids)))

            start = event.start
            if type(start) is dt.date:  # all-day: the days are the dates (Event.first_day...)
                first_day, last_day = start, event.end or start
                day = started = start.isoformat()
            else:
                first_day, last_day = event.first_day, event.last_day
                day, started = first_day.isoformat(), start.isoformat()
            # one string, NUL between the parts: ordered as the tuple of the parts would be
            keys.append(f"{day}\0{names.names[full].spaced}\0{event.source}\0{event.key}\0"
                        f"{title}\0{started}\0{url or ''}")
            days.append(day)
            spans.append((first_day, last_day))
            firsts.append(first_day.toordinal())
            lasts.append(last_day.toordinal())
            hosts.append(links.hosts)
            domains.append(links.domains)
            all_places.append(place)
            all_online.append(online)
            fulls.append(full)
            locals_.append(local_of(full, city) if city else full)
            all_links.append(links)

        given = self.events
        self._given = order = content_order(keys, lambda i: repr(given[i]))
        self.events = [given[i] for i in order]
        by_content = np.array(order, dtype=np.int64)
        position = np.empty(len(order), dtype=np.int64)
        position[by_content] = np.arange(len(order), dtype=np.int64)
        self.block_rows = (position[np.array(row_items, dtype=np.int64)],
                           np.array(row_labels, dtype=np.int64))
        self.columns = Columns(
            first=np.array(firsts, dtype=np.int64)[by_content],
            last=np.array(lasts, dtype=np.int64)[by_content],
            hosts=np.array(hosts, dtype=np.uint64)[by_content],
            domains=np.array(domains, dtype=np.uint64)[by_content],
            full=np.array(fulls, dtype=np.int64)[by_content],
            local=np.array(locals_, dtype=np.int64)[by_content],
            names=names.columns(),
        )


class _Links(NamedTuple):
    """What an event's URLs say: their comparison parts, the blocks they put it in and their
    host and domain signatures."""

    urls: tuple[tuple[str, str], ...]
    labels: tuple[str, ...]
    hosts: int
    domains: int


_NO_LINKS = _Links((), (), 0, 0)


class _LinkReader:
    """Reads each distinct URL once, and each distinct single-URL listing's links once."""

    def __init__(self) -> None:
        self._urls: dict[str, UrlFacts | None] = {}
        self._single: dict[str, _Links] = {}

    def read(self, url: str | None, source_urls: tuple[str, ...]) -> _Links:
        if not source_urls:
            if not url:
                return _NO_LINKS
            found = self._single.get(url)
            if found is None:
                found = self._single[url] = self._links([url])
            return found
        return self._links({url, *source_urls})

    def _links(self, urls: Iterable[str | None]) -> _Links:
        parts: tuple[tuple[str, str], ...] = ()
        labels: list[str] = []
        hosts = domains = 0
        for url in urls:
            if not url:
                continue
            if url in self._urls:
                found = self._urls[url]
            else:
                found = self._urls[url] = read_url(url)
            if found is not None:
                parts += (found.parts,)
                if found.label is not None:
                    labels.append(found.label)
                hosts |= found.host_bit
                domains |= found.domain_bit
        if len(parts) > 1:
            parts, labels = tuple(sorted(set(parts))), sorted(set(labels))
        return _Links(parts, tuple(labels), hosts, domains)


def read_listings(events: Iterable[Event]) -> Listings:
    """Every event read once, ordered by content: first day, name, source, key, title, start,
    URL, and (for the rare exact ties) every field."""
    listings = Listings(list(events))
    listings._read()
    return listings
