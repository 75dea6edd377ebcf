"""Reading: every input event in the form the matcher compares, in content order.

:func:`read_listings` reads each event once, working out each distinct title, location and URL
only once, and keeps what the batched steps need as columns (:class:`Columns`: day ordinals, URL
signatures, name ids) and block rows. The typed :class:`Listing` the rules compare is built only
for the events that reach the rules (a few in a hundred at 100,000 events), from those columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import repeat
from operator import attrgetter, is_, is_not, not_
from typing import Any, NamedTuple

import attrs
import numpy as np
from attrs import frozen

from ..model import AttendanceMode, Event, EventStatus, Location
from ._links import LinkColumns, LinkReader
from ._memo import Memo, Numbering
from ._names import Name, NameBook, NameColumns
from ._ordering import content_order
from ._places import NOWHERE, Place, read_place

__all__ = ["Columns", "Listing", "Listings", "read_listings"]

#: the block label of "the day itself": an unplaced event is compared with everything of its days
DAY_LABEL = ""


class Listing(NamedTuple):
    """One input event with everything the rules compare (a tuple: the batched filter builds
    thousands of them at once, :meth:`Listings.build`)."""

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
        self._labels: Numbering[str] = Numbering([DAY_LABEL, "online"])
        self._labels_by_listing: tuple[list[int], list[int]] | None = None
        # per input event (``_given[i]`` is the input position of listing i)
        self._given: list[int] = []
        self._read_as: _Read

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, index: int) -> Listing:
        found = self._built.get(index)
        if found is None:
            self.build([index])
            found = self._built[index]
        return found

    def build(self, indices: Iterable[int]) -> None:
        """Build the typed listings at ``indices`` not built yet, all in one batch."""
        fresh = [index for index in dict.fromkeys(indices) if index not in self._built]
        if not fresh:
            return
        read, name = self._read_as, self.names.name
        given = list(map(self._given.__getitem__, fresh))
        events = list(map(self.events.__getitem__, fresh))
        places = list(map(read.places.__getitem__, given))
        online: list[bool] = read.online[given].tolist()
        in_person = [
            event.attendance is not AttendanceMode.ONLINE
            and not (says_online and not place.city and not place.place_text)
            for event, says_online, place in zip(events, online, places, strict=True)
        ]
        self._built.update(zip(fresh, map(
            Listing, events, map(read.first_days.__getitem__, given),
            map(read.last_days.__getitem__, given), map(name, map(read.full.__getitem__, given)),
            map(name, map(read.local.__getitem__, given)), map(_CITY, places),
            map(_PLACE_CITY, places), map(_COUNTRY, places), map(_PLACE_TEXT, places), online,
            in_person, map(read.links.urls.__getitem__, given), self._labels_of(fresh),
        ), strict=True))

    def _labels_of(self, indices: list[int]) -> list[tuple[str, ...]]:
        """The labels of the blocks each listing starts in, read back from the block rows."""
        if self._labels_by_listing is None:  # once: every listing's rows, by listing
            items, labels = self.block_rows
            order = np.argsort(items, kind="stable")
            bounds = np.searchsorted(items[order], np.arange(len(self.events) + 1))
            self._labels_by_listing = (bounds.tolist(), labels[order].tolist())
        starts, by_listing = self._labels_by_listing
        names = self._labels.keys_in_order
        return [tuple([names[label] for label in by_listing[starts[index]:starts[index + 1]]])
                for index in indices]

    def output_key(self, event: Event) -> str:
        """What merged events are ordered by: first day, normalised title and key (NUL-separated,
        so ordered as the tuple would be)."""
        return f"{event.first_day.isoformat()}\0{self.names.normalize(event.title)}\0{event.key}"

    def output_keys(self, indices: list[int]) -> list[str]:
        """:meth:`output_key` of the listings at ``indices``, as they came."""
        keys = self._read_as.output_keys
        return list(map(keys.__getitem__, map(self._given.__getitem__, indices)))

    def _read(self) -> None:
        """Read every event, order them by content and fill the columns and block rows.

        Column by column: each field of every event is fetched in one ``map`` and looked up in a
        :class:`Memo`, so Python runs once per distinct title, place, day and URL, not per event.
        """
        events, names = self.events, self.names
        count = len(events)
        titles, urls, starts, ends, locations, attendances, statuses, sources, event_keys, (
            more_urls
        ) = [list(map(attrgetter(name), events)) for name in _READ_FIELDS]

        places, place_labels = _unzip(self._places(locations), 2)
        cities: list[str | None] = list(map(_CITY, places))
        online = (
            np.fromiter(map(_SAYS_ONLINE, places), dtype=bool, count=count)
            | np.fromiter(map(is_not, attendances, repeat(AttendanceMode.IN_PERSON)),
                          dtype=bool, count=count)
            | np.fromiter(map(is_, statuses, repeat(EventStatus.MOVED_ONLINE)),
                          dtype=bool, count=count)
        )

        full = names.full_all(titles)
        local = self._local(full, cities)
        links = LinkReader(self._labels).read_all(urls, more_urls)

        # the days: the dates themselves for all-day events (Event.first_day...), worked out
        # per event for the few given in time
        first_days: list[dt.date] = list(starts)
        last_days: list[dt.date] = [end or start for start, end in zip(starts, ends, strict=True)]
        iso: Memo[dt.date, str] = Memo(dt.date.isoformat)
        days: list[str] = list(map(iso.__getitem__, starts))
        started = days
        timed = [index for index, start in enumerate(starts) if type(start) is not dt.date]
        if timed:
            started = list(days)
            for index in timed:
                event = events[index]
                first_days[index], last_days[index] = event.first_day, event.last_day
                days[index] = first_days[index].isoformat()
                started[index] = starts[index].isoformat()

        # one string, NUL between the parts: ordered as the tuple of the parts would be
        spaced = names.spaced
        keys = list(map("\0".join, zip(
            days, map(spaced.__getitem__, full), sources, event_keys, titles,
            started, [url or "" for url in urls], strict=True,
        )))
        self._read_as = _Read(
            places=places, online=online, full=full, local=local, links=links,
            first_days=first_days, last_days=last_days, days=days,
            output_keys=list(map("\0".join, zip(
                days, map(names.normalized.__getitem__, titles), event_keys, strict=True,
            ))),
        )

        self._given = order = content_order(keys, lambda i: repr(events[i]))
        self.events = [events[i] for i in order]
        by_content = np.array(order, dtype=np.int64)
        position = np.empty(count, dtype=np.int64)
        position[by_content] = np.arange(count, dtype=np.int64)
        self.block_rows = self._block_rows(links, np.array(place_labels, dtype=np.int64),
                                           online, cities, position)
        self.columns = Columns(  # each column in content order
            first=np.fromiter(map(dt.date.toordinal, first_days), np.int64, count)[by_content],
            last=np.fromiter(map(dt.date.toordinal, last_days), np.int64, count)[by_content],
            hosts=links.hosts[by_content], domains=links.domains[by_content],
            full=np.array(full, dtype=np.int64)[by_content],
            local=np.array(local, dtype=np.int64)[by_content],
            names=names.columns(),
        )

    @staticmethod
    def _block_rows(
        links: LinkColumns, place_labels: np.ndarray, online: np.ndarray,
        cities: list[str | None], position: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(listing, label id) of every block each listing starts in: its URLs' blocks, its
        city's, and "online" (or, without a city, the day's own), in that order per listing."""
        count = len(place_labels)
        everyone = np.arange(count, dtype=np.int64)
        placed = place_labels > 0
        dayish = online | np.fromiter(map(not_, cities), dtype=bool, count=count)
        items = np.concatenate([links.label_items, everyone[placed], everyone[dayish]])
        labels = np.concatenate([
            links.label_ids, place_labels[placed],
            np.where(online[dayish], _ONLINE, 0),  # 0: the day's own block
        ])
        by_listing = np.argsort(items, kind="stable")
        return position[items[by_listing]], labels[by_listing]

    def _places(self, locations: list[Location | None]) -> list[tuple[Place, int]]:
        """:meth:`_place` of every location, worked out once per distinct one.

        Told apart by the tuple of their fields (what ``Location.__eq__`` compares), which
        hashes and compares in C, not through the generated Python methods.
        """
        fields = [None if location is None else _LOCATION_FIELDS(location)
                  for location in locations]
        one_of = dict(zip(reversed(fields), reversed(locations), strict=True))
        place_of = {key: (NOWHERE, -1) if location is None else self._place(location)
                    for key, location in one_of.items()}
        return list(map(place_of.__getitem__, fields))

    def _place(self, location: Location) -> tuple[Place, int]:
        """A location's place and its city's block label id (-1 for none)."""
        place = read_place(location)
        if not place.label:
            return place, -1
        return place, self._labels.number(place.label)

    def _local(self, full: list[int], cities: list[str | None]) -> list[int]:
        """The name id of each event without the words of its own city (:meth:`NameBook.local`).

        Only where the name's word signature shares a bit with the city's can a word be shared,
        so only those events are looked at (a few in a hundred).
        """
        names, count = self.names, len(full)
        city_bits: Memo[str | None, int] = Memo(
            lambda city: names.word_bits(city.split()) if city else 0
        )
        may_share = np.flatnonzero(
            np.array(names.signatures, dtype=np.uint64)[np.array(full, dtype=np.int64)]
            & np.fromiter(map(city_bits.__getitem__, cities), np.uint64, count)
        )
        local = list(full)
        for index in may_share.tolist():
            city = cities[index]
            assert city is not None
            local[index] = names.local(full[index], city)
        return local


#: the label id of the "online" block (0 is the day's own)
_ONLINE = 1


@frozen(kw_only=True)
class _Read:
    """What reading found, one entry per event by input position (the typed listings are built
    from it on request)."""

    places: list[Place]
    online: np.ndarray
    full: list[int]
    local: list[int]
    links: LinkColumns
    first_days: list[dt.date]
    last_days: list[dt.date]
    #: the first day in ISO form
    days: list[str]
    #: :meth:`Listings.output_key` of each event
    output_keys: list[str]


def _unzip(rows: Iterable[tuple[Any, ...]], width: int) -> tuple[list[Any], ...]:
    """The columns of ``rows`` (each ``width`` long) as lists."""
    columns = tuple(zip(*rows, strict=True))
    return tuple(map(list, columns)) if columns else tuple([] for _ in range(width))


#: what reading takes from each event, a column each (see :meth:`Listings._read`)
_READ_FIELDS = ("title", "url", "start", "end", "location", "attendance", "status", "source",
                "key", "source_urls")
_CITY, _SAYS_ONLINE = attrgetter("city"), attrgetter("says_online")
_PLACE_CITY, _COUNTRY, _PLACE_TEXT = (attrgetter("place_city"), attrgetter("country"),
                                      attrgetter("place_text"))
_LOCATION_FIELDS = attrgetter(*(a.name for a in attrs.fields(Location) if a.eq))


def read_listings(events: Iterable[Event]) -> Listings:
    """Every event read once, ordered by content: first day, name, source, key, title, start,
    URL, and (for the rare exact ties) every field."""
    listings = Listings(list(events))
    listings._read()
    return listings
