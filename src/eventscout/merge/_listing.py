"""Reading: every input event in the form the matcher compares, in content order.

:func:`read_listings` reads each event once, working out each distinct title, location and URL
only once, and keeps what the batched steps need as columns (:class:`Columns`: day ordinals, URL
signatures, name ids) and block rows. The typed :class:`Listing` the rules compare is built only
for the events that reach the rules (a few in a hundred at 100,000 events), from those columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
from attrs import frozen

from ..model import AttendanceMode, Event, EventStatus, Location
from ._names import Name, NameBook, NameColumns
from ._ordering import content_order
from ._places import NOWHERE, Place, read_place
from ._urls import LinkReader, Links

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
        self._label_names: list[str] = [DAY_LABEL, "online"]
        self._label_ids = {label: id_ for id_, label in enumerate(self._label_names)}
        self._labels_by_listing: tuple[list[int], list[int]] | None = None
        # per input event (``_given[i]`` is the input position of listing i)
        self._given: list[int] = []
        self._rows: list[_Row] = []

    def __len__(self) -> int:
        return len(self.events)

    def __getitem__(self, index: int) -> Listing:
        found = self._built.get(index)
        if found is None:
            place, online, full, local, links, first_day, last_day, _ = self._rows[
                self._given[index]
            ]
            event = self.events[index]
            found = self._built[index] = Listing(
                event=event, first_day=first_day, last_day=last_day,
                full_name=self.names.names[full], name=self.names.names[local],
                city=place.city, place_city=place.place_city, country=place.country,
                place_text=place.place_text, online=online,
                in_person=event.attendance is not AttendanceMode.ONLINE and not (
                    online and not place.city and not place.place_text
                ),
                urls=links.urls, labels=self._labels_of(index),
            )
        return found

    def _labels_of(self, index: int) -> tuple[str, ...]:
        """The labels of the blocks listing ``index`` starts in, read back from the block rows."""
        if self._labels_by_listing is None:  # once: every listing's rows, by listing
            items, labels = self.block_rows
            order = np.argsort(items, kind="stable")
            bounds = np.searchsorted(items[order], np.arange(len(self.events) + 1))
            self._labels_by_listing = (bounds.tolist(), labels[order].tolist())
        starts, by_listing = self._labels_by_listing
        names = self._label_names
        return tuple([names[label] for label in by_listing[starts[index]:starts[index + 1]]])

    def output_key(self, event: Event) -> str:
        """What merged events are ordered by: first day, normalised title and key (NUL-separated,
        so ordered as the tuple would be)."""
        return f"{event.first_day.isoformat()}\0{self.names.normalize(event.title)}\0{event.key}"

    def output_keys(self, indices: list[int]) -> list[str]:
        """:meth:`output_key` of the listings at ``indices``, as they came."""
        rows, given, events, normalize = self._rows, self._given, self.events, self.names.normalize
        return [f"{rows[given[i]][7]}\0{normalize(events[i].title)}\0{events[i].key}"
                for i in indices]

    def _read(self) -> None:
        """Read every event, order them by content and fill the columns and block rows."""
        names, links_of = self.names, LinkReader(self._label_id)
        places: dict[Location | None, tuple[Place, int, frozenset[str]]] = {
            None: (NOWHERE, -1, frozenset()),
        }
        place_of, full_ids, word_sets = places.get, names.full_ids, names.word_sets
        row_items: list[int] = []
        row_labels: list[int] = []
        keys: list[str] = []
        rows = self._rows
        # the columns, by input position
        firsts: list[int] = []
        lasts: list[int] = []
        hosts: list[int] = []
        domains: list[int] = []
        fulls: list[int] = []
        locals_: list[int] = []
        in_person, moved_online = AttendanceMode.IN_PERSON, EventStatus.MOVED_ONLINE
        for index, event in enumerate(self.events):
            location: Location | None = event.location
            found = place_of(location)
            if found is None:
                found = places[location] = self._place(location)  # type: ignore[arg-type]
            place, place_label, city_words = found
            online = place.says_online or event.attendance is not in_person or (
                event.status is moved_online
            )
            title = event.title
            full = full_ids.get(title)
            if full is None:
                full = names.full(title)
            local = full if not city_words or word_sets[full].isdisjoint(city_words) else (
                names.local(full, place.city)  # type: ignore[arg-type]
            )
            url = event.url
            links = links_of.read(url, event.source_urls)
            for label in links.labels:
                row_items.append(index)
                row_labels.append(label)
            if place_label > 0:
                row_items.append(index)
                row_labels.append(place_label)
            if online or not place.city:
                row_items.append(index)
                row_labels.append(_ONLINE if online else 0)  # 0: the day's own block

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
            rows.append((place, online, full, local, links, first_day, last_day, day))
            firsts.append(first_day.toordinal())
            lasts.append(last_day.toordinal())
            hosts.append(links.hosts)
            domains.append(links.domains)
            fulls.append(full)
            locals_.append(local)

        given = self.events
        self._given = order = content_order(keys, lambda i: repr(given[i]))
        self.events = [given[i] for i in order]
        count = len(order)
        by_content = np.array(order, dtype=np.int64)
        position = np.empty(count, dtype=np.int64)
        position[by_content] = np.arange(count, dtype=np.int64)
        self.block_rows = (position[np.array(row_items, dtype=np.int64)],
                           np.array(row_labels, dtype=np.int64))
        self.columns = Columns(  # each column in content order
            first=np.array(firsts, dtype=np.int64)[by_content],
            last=np.array(lasts, dtype=np.int64)[by_content],
            hosts=np.array(hosts, dtype=np.uint64)[by_content],
            domains=np.array(domains, dtype=np.uint64)[by_content],
            full=np.array(fulls, dtype=np.int64)[by_content],
            local=np.array(locals_, dtype=np.int64)[by_content],
            names=names.columns(),
        )

    def _label_id(self, label: str) -> int:
        """The id of a block label, numbered on first sight."""
        found = self._label_ids.get(label)
        if found is None:
            found = self._label_ids[label] = len(self._label_names)
            self._label_names.append(label)
        return found

    def _place(self, location: Location) -> tuple[Place, int, frozenset[str]]:
        """A location's place, its city's block label id (-1 for none) and its city's words."""
        place = read_place(location)
        if not place.label:
            return place, -1, frozenset()
        assert place.city
        return place, self._label_id(place.label), frozenset(place.city.split())


#: the label id of the "online" block (0 is the day's own)
_ONLINE = 1


#: what reading one event found, kept by input position: place, online, full and local name
#: ids, links, first and last day, and the first day in ISO form (a plain tuple: one per event,
#: and a NamedTuple's constructor costs several times as much)
_Row = tuple[Place, bool, int, int, Links, dt.date, dt.date, str]


def read_listings(events: Iterable[Event]) -> Listings:
    """Every event read once, ordered by content: first day, name, source, key, title, start,
    URL, and (for the rare exact ties) every field."""
    listings = Listings(list(events))
    listings._read()
    return listings
