"""One event from many sources: recognise the same real event across listings and merge it.

The same conference turns up in several sources (a dataset, its feed, its calendar, another
dataset), spelled a little differently each time: "PyCon US 2027" and "PyCon US", "Phoenix, AZ"
and "Phoenix", ``https://www.x.org/`` and ``https://x.org``. :func:`merge_events` turns such a
group into one :class:`~eventscout.model.Event` that keeps every source URL and, per field, which
source said what (``Event.provenance``).

How it stays near-linear and safe (``docs/merge.md`` has the long version):

1. **Blocking.** Each event goes into a few small blocks, one per day it covers (up to
   :data:`MAX_BLOCK_DAYS`) times its place (normalised city, or ``online``) and times its URL
   (the host and path, or the registered domain of a conference's own site). Only events sharing
   a block are compared, so two events are compared only when their dates overlap. Events with no
   place at all are compared with every event of their days.
2. **Matching.** A pair matches when the places do not conflict and the names are similar enough
   (rapidfuzz on names normalised by :func:`eventscout.text.normalize_name`, with the event's own
   city and filler words such as "conference" taken out); the evidence needed goes down as the
   URLs and places agree more (see :func:`_is_match`).
3. **Grouping.** Matching pairs are joined best first, and a join is refused when it would put two
   events whose dates do not overlap, whose cities differ, or that one source listed as distinct
   items (different ids from the same source) into one group: one chain of near-matches cannot
   glue two editions of a series together.

Everything is ordered by content, never by input position, so shuffled or reversed input gives
the same output, and the merged event's ``key`` is the smallest key of its members: the same
whichever source was read first, and unchanged for an event no other source listed.

Speed: each distinct title, place and URL is worked out once per merge; the blocks are joined
with numpy; one batched rapidfuzz pass over all candidate pairs (plus two bit tests) rules out
every pair whose names cannot reach the lowest threshold, and only the few pairs left go through
the full rules in Python (the bounds only over-estimate: no pair the rules would accept is
dropped). An event that merges with nothing is returned as it came. The cyclic garbage collector
is paused while merging (see :func:`_collector_paused`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import itertools
import logging
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlsplit

import attrs
import numpy as np
from attrs import frozen
from rapidfuzz import fuzz
from rapidfuzz.distance import Prefix
from rapidfuzz.process import cpdist

from .model import AttendanceMode, Event, EventStatus, Location
from .text import normalize_name

__all__ = ["MAX_BLOCK_DAYS", "MergeResult", "merge_events", "merge_groups"]

log = logging.getLogger(__name__)

T = TypeVar("T")

#: an event is blocked under at most this many of its days (long festivals would flood blocks)
MAX_BLOCK_DAYS = 14

# Words that add nothing to a name ("The ... Annual ...") are dropped; spellings of the kind of
# gathering are made one ("Craft Conf" = "Craft Conference"), but kept: "Cloud Conf" and "Cloud
# Summit" on one day in one city are two events.
_FILLER = frozenset({"the", "a", "an", "of", "and", "annual", "international", "intl", "edition"})
_KIND_SPELLINGS = {
    "conference": "conf", "conferences": "conf", "days": "day", "festival": "fest",
    "events": "event", "summits": "summit", "meetups": "meetup", "workshops": "workshop",
}
# Hosts that carry many organisers' events: only the same path there says "the same event".
_PLATFORM_HOSTS = frozenset({
    "meetup.com", "eventbrite.com", "eventbrite.co.uk", "eventbrite.de", "eventbrite.fr",
    "eventbrite.es", "eventbrite.com.au", "eventbrite.ca", "lu.ma", "luma.com", "linkedin.com",
    "sessionize.com", "papercall.io", "github.com", "twitter.com", "x.com",
    "facebook.com", "youtube.com", "google.com", "forms.gle", "docs.google.com",
    "sites.google.com", "medium.com", "notion.site", "airmeet.com", "hopin.com", "zoom.us",
    "bit.ly", "tinyurl.com", "linktr.ee", "konfhub.com", "ti.to", "tito.io", "hubilo.com",
    "bevy.com", "gdg.community.dev", "community.dev", "events.withgoogle.com",
    "developers.google.com", "microsoft.com", "aws.amazon.com"
})
# Hosts that give each organiser a subdomain: the subdomain is the organiser's own site.
_SUBDOMAIN_HOSTS = frozenset({"github.io", "netlify.app", "vercel.app", "pages.dev", "web.app"})
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go"})
_ONLINE_WORDS = frozenset({"online", "virtual", "remote", "worldwide", "web", "internet"})


@frozen(kw_only=True)
class MergeResult:
    """The outcome of a merge: the merged events and, for each, the events it was made from."""

    #: one event per real event, ordered by first day, name and key
    events: tuple[Event, ...]
    #: ``groups[i]`` are the input events merged into ``events[i]`` (one for an unmatched event)
    groups: tuple[tuple[Event, ...], ...]
    #: how many candidate pairs were compared (a measure of the blocking's work)
    comparisons: int = 0

    @property
    def merged(self) -> tuple[tuple[Event, ...], ...]:
        """Only the groups that joined two or more input events."""
        return tuple(group for group in self.groups if len(group) > 1)


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Return one event per real event among ``events``, each merged from all its listings."""
    return list(merge_groups(events).events)


def merge_groups(events: Iterable[Event]) -> MergeResult:
    """Like :func:`merge_events`, and also say which input events went into each output event."""
    with _collector_paused():
        return _merge_all(events)


def _merge_all(events: Iterable[Event]) -> MergeResult:
    """Read, block, match, group and merge (the steps of the module docstring)."""
    reader = _Reader()
    unordered = [reader.item(event) for event in events]
    items = _sorted_by_content(unordered, [item.order for item in unordered], _item_text)
    facts = np.fromiter(
        itertools.chain.from_iterable(item.facts for item in items), np.uint64,
        len(items) * _COLUMNS,
    ).reshape(len(items), _COLUMNS)
    first, second = _candidate_pairs(items, facts)
    groups = _group(items, _matching_pairs(items, facts, first, second))
    merged = sorted(
        ((_merge([items[i].event for i in group]) if len(group) > 1 else items[group[0]].event,
          group) for group in groups),
        key=lambda pair: reader.output_order(pair[0]),
    )
    log.debug("merged %d events into %d (%d comparisons)", len(items), len(merged), len(first))
    return MergeResult(
        events=tuple(event for event, _ in merged),
        groups=tuple(tuple(items[i].event for i in group) for _, group in merged),
        comparisons=len(first),
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector for the length of a merge.

    A merge makes about ten short-lived containers per event and no reference cycles, and every
    automatic collection of the oldest generation walks all live objects, the input events
    included: at 100,000 events that was about 30% of the merge time. Reference counting still frees
    everything at once; the collector is switched back on (if it was on) when the merge ends,
    also on error.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _full_text(event: Event) -> str:
    """Every field of an event as text: the last word in ordering two near-identical listings."""
    return repr(event)


def _item_text(item: _Item) -> str:
    return _full_text(item.event)


def _sorted_by_content(values: list[T], keys: list[Any], full_text: Callable[[T], str]) -> list[T]:
    """``values`` sorted by their ``keys``; a run that ties on its key is sorted by full text.

    The full text (a ``repr``) is costly, so it is worked out only for the rare ties.
    """
    order = sorted(range(len(values)), key=keys.__getitem__)
    result = [values[i] for i in order]
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order) or keys[order[end]] != keys[order[start]]:
            if end - start > 1:
                result[start:end] = sorted(result[start:end], key=full_text)
            start = end
    return result


# --- what is compared ---------------------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@functools.lru_cache(maxsize=65536)
def _city_key(city: str) -> str:
    """The comparison form of a city: its first part ("Phoenix, AZ" -> "phoenix")."""
    return _fold(re.split(r"[,(/]", city, maxsplit=1)[0])


@functools.lru_cache(maxsize=4096)
def _gazetteer_city(city_key: str, country: str | None) -> tuple[str, str] | None:
    """The gazetteer's name and country for a city key ("bangalore" -> Bengaluru, IN)."""
    from .places import find_city  # loaded only when two spellings of a place must be compared

    found = find_city(city_key, country)
    return (found.name, found.country) if found else None


# a URL urlsplit takes apart in the obvious way: scheme, plain host, optional port, path, rest
_PLAIN_URL = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://([A-Za-z0-9.-]+)(?::[0-9]*)?(/[^?#\x00-\x20]*)?"
    r"(?:[?#][^\x00-\x20]*)?"
)


_WWW = re.compile(r"^(www\d?|m)\.")
_INDEX_PAGE = re.compile(r"/index\.html?$")


def _url_parts(url: str) -> tuple[str, str] | None:
    """(host, path) of a URL in comparison form: no scheme, ``www.``, query or trailing slash."""
    url = url.strip()
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:  # the common case, without urlsplit's general (and slow) machinery
        host, path = plain.group(1).casefold(), plain.group(2) or ""
    else:
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        host, path = (parts.hostname or "").casefold(), parts.path
    if not host:
        return None
    if host.startswith(("www", "m.")):
        host = _WWW.sub("", host)
    path = path.casefold().rstrip("/")
    if path.endswith((".html", ".htm")):
        path = _INDEX_PAGE.sub("", path)
    return host, path


def _registered_domain(host: str) -> str:
    """An approximation of the registered domain: ``2023.jsconf.eu`` -> ``jsconf.eu``."""
    labels = host.split(".")
    second_level = labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 if len(labels) > 1 else False
    keep = 3 if second_level or ".".join(labels[-2:]) in _SUBDOMAIN_HOSTS else 2
    return ".".join(labels[-keep:])


def _is_platform(host: str) -> bool:
    return host in _PLATFORM_HOSTS or _registered_domain(host) in _PLATFORM_HOSTS


def _url_facts(host: str, path: str) -> tuple[str | None, int, int]:
    """The block a URL puts its event in (the host, or host and path on a platform; None for a
    platform's home page), and one of 64 bits each for its host and for its registered domain."""
    domain = _registered_domain(host)
    host_bit, domain_bit = 1 << (hash(host) & 63), 1 << (hash(domain) & 63)
    if host in _PLATFORM_HOSTS or domain in _PLATFORM_HOSTS:
        return (f"url:{host}{path}" if path else None), host_bit, domain_bit
    return f"url:{host}", host_bit, domain_bit


class _Name(NamedTuple):
    """A name in comparison form: words spaced, the same without spaces, and as a set.

    ``numbers`` are what the batched filter (:func:`_name_bounds`) needs: the compact length,
    the number of spaces, a 64-bit signature of the words (one bit each) and a hash of the first
    four letters.
    """

    spaced: str
    compact: str
    words: frozenset[str]
    numbers: tuple[int, int, int, int]

    @classmethod
    def of(cls, words: list[str]) -> _Name:
        spaced = " ".join(words)
        compact = spaced.replace(" ", "")
        bits = 0
        for word in words:
            bits |= 1 << (hash(word) & 63)
        numbers = (len(compact), len(spaced) - len(compact), bits, hash(compact[:4]) & _U64)
        return cls(spaced, compact, frozenset(words), numbers)


_U64 = (1 << 64) - 1
# the columns of _Item.facts (unsigned 64-bit integers); a name takes four, its _Name.numbers
_FIRST, _LAST, _HOSTS, _DOMAINS, _OWN_CITY = range(5)
_FULL_NAME, _LOCAL_NAME, _COLUMNS = 5, 9, 13
_LENGTH, _SPACES, _WORD_BITS, _HEAD = range(4)


def _name_forms(normalized: str, title: str, city_key: str) -> tuple[_Name, _Name]:
    """A name without filler words, as given and without its own city ("JSConf Budapest").

    ``normalized`` is ``normalize_name(title)``. When taking the city out changes nothing, both
    forms are the same object (the batched filter then compares one form only).
    """
    base = [_KIND_SPELLINGS.get(w, w) for w in normalized.split()] or [title.casefold()]
    full = [w for w in base if w not in _FILLER] or base  # a name made only of filler words
    city_words = set(city_key.split())
    local = [w for w in full if w not in city_words] or full
    full_name = _Name.of(full)
    return full_name, (full_name if local == full else _Name.of(local))


class _Item(NamedTuple):
    """An event with everything the matcher compares, computed once."""

    event: Event
    #: the content it is ordered by: first day, name, source, key, title, start, URL
    order: str
    first_day: dt.date
    last_day: dt.date
    full_name: _Name
    name: _Name
    city: str | None
    #: the city a place written as text starts with ("Paris (France)" -> "paris")
    place_city: str | None
    country: str | None
    place_text: str
    online: bool
    in_person: bool
    urls: tuple[tuple[str, str], ...]
    #: the blocks it starts in: "city:<city>", "online", "url:<host>"; "" (the day) when unplaced
    labels: tuple[str, ...]
    #: the numbers the batched steps need, one row of a numpy array (columns: _FIRST...)
    facts: tuple[int, ...]

    @property
    def unplaced(self) -> bool:
        """No place to block on: compared with every event of its days instead."""
        return not self.city and not self.online


class _Place(NamedTuple):
    """What a location says for matching, worked out once per distinct location."""

    #: the comparison form of its city (None when missing or an online word such as "Online")
    city: str | None
    #: the one-line description, folded ("" when it says the event is online)
    place_text: str
    place_city: str | None
    country: str | None
    #: no city, and the description says "online", "virtual"...
    says_online: bool
    #: the block label of the city
    label: str | None


_NOWHERE = _Place(None, "", None, None, False, None)


class _Reader:
    """Builds the comparison data of events, working out each distinct title, place and URL once.

    One reader serves one merge: its memos hold only what that merge's events say.
    """

    def __init__(self) -> None:
        #: title -> normalize_name(title); also orders the output
        self._normalized: dict[str, str] = {}
        self._name_forms: dict[tuple[str, str], tuple[_Name, _Name, tuple[int, ...]]] = {}
        self._places: dict[Location, _Place] = {}
        self._urls: dict[str, tuple[tuple[str, str], str | None, int, int] | None] = {}

    def normalize(self, title: str) -> str:
        found = self._normalized.get(title)
        if found is None:
            found = self._normalized[title] = normalize_name(title)
        return found

    def output_order(self, event: Event) -> str:
        """First day, normalised title and key (NUL-separated: ordered as the tuple would be)."""
        return f"{event.first_day.isoformat()}\0{self.normalize(event.title)}\0{event.key}"

    def _url(self, url: str) -> tuple[tuple[str, str], str | None, int, int] | None:
        """A URL's comparison parts, block and signatures, or None when it has no host."""
        if url in self._urls:
            return self._urls[url]
        parts = _url_parts(url)
        found = self._urls[url] = (parts, *_url_facts(*parts)) if parts else None
        return found

    def _place(self, location: Location) -> _Place:
        found = self._places.get(location)
        if found is None:
            city = _city_key(location.city) if location.city else None
            described = location.describe()
            place_text = _fold(described)
            if city in _ONLINE_WORDS:
                city = None
            says_online = bool(
                not city and place_text and set(place_text.split()) & _ONLINE_WORDS
            )
            if says_online:
                place_text = ""
            found = self._places[location] = _Place(
                city=city, place_text=place_text,
                place_city=city or (_city_key(described) if place_text else None) or None,
                country=location.country, says_online=says_online,
                label=f"city:{city}" if city else None,
            )
        return found

    def _names(self, title: str, city: str) -> tuple[_Name, _Name, tuple[int, ...]]:
        """The name forms of a title for an event in ``city``, and their numbers for the facts."""
        found = self._name_forms.get((title, city))
        if found is None:
            full, local = _name_forms(self.normalize(title), title, city)
            numbers = (local is not full, *full.numbers, *local.numbers)
            found = self._name_forms[(title, city)] = (full, local, numbers)
        return found

    def item(self, event: Event) -> _Item:
        place = self._place(event.location) if event.location is not None else _NOWHERE
        city, place_text = place.city, place.place_text
        attendance = event.attendance
        online = place.says_online or attendance is not AttendanceMode.IN_PERSON or (
            event.status is EventStatus.MOVED_ONLINE
        )
        in_person = attendance is not AttendanceMode.ONLINE and not (
            online and not city and not place_text
        )
        full_name, name, name_numbers = self._names(event.title, city or "")

        if event.source_urls:
            found_urls = [self._url(url) for url in {event.url, *event.source_urls} if url]
        else:
            found_urls = [self._url(event.url)] if event.url else []
        urls: tuple[tuple[str, str], ...] = ()
        labels: list[str] = []
        hosts = domains = 0
        for found in found_urls:
            if found is not None:
                urls += (found[0],)
                if found[1] is not None:
                    labels.append(found[1])
                hosts |= found[2]
                domains |= found[3]
        if len(urls) > 1:
            urls, labels = tuple(sorted(set(urls))), list(set(labels))
        if place.label:
            labels.append(place.label)
        if online:
            labels.append("online")
        if not city and not online:
            labels.append("")  # the day itself: compared with everything of its days

        start = event.start
        if type(start) is dt.date:  # all-day: the days are the dates (Event.first_day, last_day)
            first_day, last_day = start, event.end or start
            assert isinstance(last_day, dt.date)
            day = started = start.isoformat()
        else:
            first_day, last_day = event.first_day, event.last_day
            day, started = first_day.isoformat(), start.isoformat()
        # one string, NUL between the parts: ordered as the tuple of the parts would be
        order = (
            f"{day}\0{full_name.spaced}\0{event.source}\0{event.key}\0{event.title}\0{started}\0"
            f"{event.url or ''}"
        )
        facts = (first_day.toordinal(), last_day.toordinal(), hosts, domains, *name_numbers)
        return _Item(
            event, order, first_day, last_day, full_name, name, city, place.place_city,
            place.country, place_text, online, in_person, urls, tuple(labels), facts,
        )


# --- which pairs are compared -------------------------------------------------------------------


def _candidate_pairs(items: Sequence[_Item], facts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of items sharing a block, as index arrays ``first < second``, sorted.

    A block is a day and a label. Each item starts in its labels' blocks of its first day and
    covers its labels' blocks, and the day's own block (label ""), on each of its days. Two date
    ranges overlap exactly when one contains the other's first day, so an item is paired with
    the items covering the blocks it starts in, not with every block-mate. An unplaced item starts
    in the day's own block (meeting everything going on that day) and also meets every item that
    starts while it is going on.
    """
    count = len(items)
    label_ids: dict[str, int] = {"": 0}
    row_items: list[int] = []
    row_labels: list[int] = []
    for index, item in enumerate(items):
        for label in item.labels:
            row_items.append(index)
            row_labels.append(label_ids.setdefault(label, len(label_ids)))
    first = facts[:, _FIRST].astype(np.int64)
    days = np.minimum(facts[:, _LAST].astype(np.int64) - first + 1, MAX_BLOCK_DAYS)
    width = len(label_ids)
    starters = np.array(row_items, dtype=np.int64)
    start_labels = np.array(row_labels, dtype=np.int64)
    unplaced = starters[start_labels == 0]
    placed = np.ones(count, dtype=bool)
    placed[unplaced] = False
    everyone = np.arange(count, dtype=np.int64)

    cover_items, cover_labels, cover_days = _each_day(
        np.concatenate([starters, everyone[placed]]),
        np.concatenate([start_labels, np.zeros(count - len(unplaced), dtype=np.int64)]),
        first, days,
    )
    by_block = _join(
        first[starters] * width + start_labels, starters, cover_days * width + cover_labels,
        cover_items,
    )
    going_on, _, on_day = _each_day(unplaced, np.zeros(len(unplaced), dtype=np.int64), first, days)
    by_day = _join(on_day, going_on, first, everyone)

    one = np.concatenate([by_block[0], by_day[0]])
    other = np.concatenate([by_block[1], by_day[1]])
    distinct = one != other
    low, high = np.minimum(one, other)[distinct], np.maximum(one, other)[distinct]
    codes = np.sort(low * count + high)
    codes = codes[np.concatenate([codes[:1] >= 0, codes[1:] != codes[:-1]])]
    return codes // count, codes % count


def _each_day(
    items: np.ndarray, labels: np.ndarray, first: np.ndarray, days: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(item, label) rows repeated for each day their item covers, with the day (an ordinal)."""
    repeats = days[items]
    row = np.repeat(np.arange(len(items)), repeats)
    offset = np.arange(len(row)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    return items[row], labels[row], first[items][row] + offset


def _join(
    query_keys: np.ndarray, query_items: np.ndarray, table_keys: np.ndarray, table_items: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every (query item, table item) whose keys are equal."""
    order = np.argsort(table_keys, kind="stable")
    keys, members = table_keys[order], table_items[order]
    low = np.searchsorted(keys, query_keys, side="left")
    counts = np.searchsorted(keys, query_keys, side="right") - low
    offsets = np.repeat(low - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    return np.repeat(query_items, counts), members[offsets]


def _matching_pairs(
    items: Sequence[_Item], facts: np.ndarray, first: np.ndarray, second: np.ndarray
) -> list[tuple[float, int, int]]:
    """Every candidate pair that matches, as (name score, first, second).

    A batched pass over all candidates bounds each pair's name score from above; a pair whose
    bound stays below the threshold it would need is ruled out, and only the rest are judged by
    :func:`_is_match`, in Python. A pair whose URLs cannot be related needs at least the lowest
    threshold of the "nothing in common" column; any other, the lowest of all.
    """
    upper, inside = _name_bounds(
        [item.full_name.compact for item in items], facts[:, _FULL_NAME:_FULL_NAME + 4],
        first, second,
    )
    own_city = facts[:, _OWN_CITY] != 0
    either = np.flatnonzero(own_city[first] | own_city[second])
    if len(either):  # names that also have a form without their city
        local_upper, local_inside = _name_bounds(
            [item.name.compact for item in items], facts[:, _LOCAL_NAME:_LOCAL_NAME + 4],
            first[either], second[either],
        )
        upper[either] = np.maximum(upper[either], local_upper)
        inside[either] |= local_inside
    needed = np.where(
        _may_share_site(facts, first, second), _LOWEST_THRESHOLD, _NO_URL_THRESHOLD
    ) - _ROUNDING
    judged = inside | (upper >= needed)
    found = []
    for i, j in zip(first[judged].tolist(), second[judged].tolist(), strict=True):
        score = _is_match(items[i], items[j])
        if score is not None:
            found.append((score, i, j))
    log.debug("%d candidate pairs, %d judged in full, %d match",
              len(first), int(judged.sum()), len(found))
    return found


def _may_share_site(facts: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Whether each pair's URLs might be "same" or "related" (see :func:`_url_relation`).

    Both need one host in common, or one listing's host to be the other's registered domain
    ("dotjs.io" and "2018.dotjs.io"): without a bit in common there, neither is possible.
    """
    hosts, domains = facts[:, _HOSTS], facts[:, _DOMAINS]
    hosts_a, hosts_b = hosts[first], hosts[second]
    return ((hosts_a & (hosts_b | domains[second])) | (hosts_b & domains[first])) != 0


def _name_bounds(
    compacts: list[str], numbers: np.ndarray, first: np.ndarray, second: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each pair, an upper bound of the edit similarity :func:`_form_score` starts from, and
    whether one name might lie inside the other (which lifts the score to 88 or more).

    The bound is the larger of the compact forms' ratio and a bound of the spaced forms' ratio:
    the spaced forms share at most as many spaces more as the one with fewer has. "Inside" covers
    each name's words among the other's (one 64-bit word signature within the other) and one
    name starting with the other (checked exactly where the first four letters agree).
    """
    compact = np.array(compacts, dtype=object)
    length = numbers[:, _LENGTH].astype(np.int64)
    spaces = numbers[:, _SPACES].astype(np.int64)
    bits, head = numbers[:, _WORD_BITS], numbers[:, _HEAD]

    compact_a, compact_b = compact[first], compact[second]
    ratio = cpdist(compact_a, compact_b, scorer=fuzz.ratio)
    length_a, length_b = length[first], length[second]
    common = ratio * (length_a + length_b) / 200  # the longest common subsequence, compact
    spaced_bound = 200 * (common + np.minimum(spaces[first], spaces[second])) / (
        length_a + length_b + spaces[first] + spaces[second]
    )
    shorter = np.minimum(length_a, length_b)
    bits_a, bits_b = bits[first], bits[second]
    inside = (((bits_a & ~bits_b) == 0) | ((bits_b & ~bits_a) == 0)) & (shorter >= 4)
    same_head = np.flatnonzero(~inside & (head[first] == head[second]) & (shorter >= 4))
    if len(same_head):
        prefix = cpdist(compact_a[same_head], compact_b[same_head], scorer=Prefix.similarity)
        inside[same_head] = prefix >= shorter[same_head]
    return np.maximum(ratio, spaced_bound), inside


#: rapidfuzz's batched scores are float32: a margin so that rounding never rules a pair out
_ROUNDING = 0.01


# --- when two listings are the same event -------------------------------------------------------


def _name_score(a: _Item, b: _Item) -> float:
    """How alike two names are, 0-100, as given or with their cities taken out."""
    return max(_form_score(a.full_name, b.full_name), _form_score(a.name, b.name))


def _form_score(a: _Name, b: _Name) -> float:
    """Edit similarity, spaces ignored; a name inside the other counts; a differing word not."""
    if a.compact == b.compact:
        return 100.0
    score = max(fuzz.ratio(a.spaced, b.spaced), fuzz.ratio(a.compact, b.compact))
    shorter, longer = (a, b) if len(a.compact) <= len(b.compact) else (b, a)
    if len(shorter.compact) >= 4 and (
        shorter.words <= longer.words or _starts_with_words(longer.spaced, shorter.compact)
    ):
        return max(score, 88.0)
    only_a, only_b = a.words - b.words, b.words - a.words
    if only_a and only_b and fuzz.ratio(" ".join(sorted(only_a)), " ".join(sorted(only_b))) < 60:
        # each name has a word the other lacks: "Cloud Native AI Day" vs "Cloud Native Wasm Day"
        score = min(score, 70.0)
    return score


def _starts_with_words(name: str, compact: str) -> bool:
    """Whether ``name``'s first words, spaces removed, are ``compact``: "js nation live", "jsnation"."""
    joined = ""
    for word in name.split():
        joined += word
        if len(joined) >= len(compact):
            return joined == compact
    return False


def _url_relation(a: _Item, b: _Item) -> str:
    """"same" (same host and path), "related" (same site, one path below the other) or "none"."""
    relation = "none"
    for host_a, path_a in a.urls:
        for host_b, path_b in b.urls:
            if host_a == host_b and path_a == path_b:
                return "same"
            if _hosts_related(host_a, host_b) and _paths_related(path_a, path_b):
                relation = "related"
    return relation


def _hosts_related(host_a: str, host_b: str) -> bool:
    """The same site: one host, or a host and its own subdomain ("dotjs.io", "2018.dotjs.io")."""
    if host_a == host_b:
        return not _is_platform(host_a)
    domain = _registered_domain(host_a)
    return domain == _registered_domain(host_b) in (host_a, host_b) and not _is_platform(domain)


def _paths_related(path_a: str, path_b: str) -> bool:
    """One path is the other or lies below it: "/" and "/2027", not "/ebpf-day" and "/wasm-day"."""
    shorter, longer = sorted((path_a, path_b), key=len)
    return longer == shorter or longer.startswith(shorter + "/")


def _place_relation(a: _Item, b: _Item) -> str:
    """"same", "unknown" (too little said to tell), "weak" (online vs a city) or "conflict"."""
    if a.country and b.country and a.country != b.country:
        return "conflict"
    if a.city and b.city:
        if a.city == b.city or _within(a.city, b.place_text) or _within(b.city, a.place_text):
            return "same"  # also "Nantes" and "Lille, Lyon, Nantes, Tours"
        return "same" if _same_city(a, b) else "conflict"
    if a.online and b.online:
        return "same"
    for one, other in ((a, b), (b, a)):
        if one.city and other.place_text:  # a city, and a place written as text
            if other.place_city == one.city or _within(one.city, other.place_text):
                return "same"
            return "conflict" if _other_known_city(one, other) else "unknown"
    if a.place_text and b.place_text:
        if a.place_city == b.place_city:
            return "same"
        known_a, known_b = (_gazetteer_city(x.place_city, x.country) if x.place_city else None
                            for x in (a, b))
        return "conflict" if known_a and known_b and known_a != known_b else "unknown"
    if (a.online and b.in_person and not b.online) or (b.online and a.in_person and not a.online):
        return "unknown" if a.unplaced or b.unplaced else "weak"
    return "unknown"


def _within(city: str, place_text: str) -> bool:
    return f" {city} " in f" {place_text} "


def _other_known_city(one: _Item, other: _Item) -> bool:
    """Whether ``other``'s place text starts with a real city that is not ``one``'s city."""
    assert one.city
    if not other.place_city:
        return False
    found = _gazetteer_city(other.place_city, None)
    return found is not None and found != _gazetteer_city(one.city, one.country)


def _same_city(a: _Item, b: _Item) -> bool:
    assert a.city and b.city
    if a.city.startswith(b.city + " ") or b.city.startswith(a.city + " "):
        return True  # "new york" and "new york city"
    found_a = _gazetteer_city(a.city, a.country)
    return found_a is not None and found_a == _gazetteer_city(b.city, b.country)


#: name score needed for a match, by (place relation, URL relation)
_THRESHOLDS = {
    "same": {"same": 60.0, "related": 75.0, "none": 85.0},
    "unknown": {"same": 70.0, "related": 80.0, "none": 90.0},
    "weak": {"same": 85.0, "related": 90.0, "none": 101.0},
}
_LOWEST_THRESHOLD = min(min(row.values()) for row in _THRESHOLDS.values())
#: the least a name score must reach when the two listings have no URL site in common
_NO_URL_THRESHOLD = min(row["none"] for row in _THRESHOLDS.values())


def _is_match(a: _Item, b: _Item) -> float | None:
    """The name score when ``a`` and ``b`` are listings of the same event, else None."""
    score = _name_score(a, b)
    if score < _LOWEST_THRESHOLD or _apart(a, b):
        return None
    place = _place_relation(a, b)
    if place == "conflict":
        return None
    url = _url_relation(a, b)
    if place == "unknown" and url == "none" and a.first_day != b.first_day:
        return None  # no place and no URL in common: only the same first day will do
    return score if score >= _THRESHOLDS[place][url] else None


def _apart(a: _Item, b: _Item) -> bool:
    """Dates that do not overlap, or one source listing the two as distinct items."""
    if a.first_day > b.last_day or b.first_day > a.last_day:
        return True  # different dates: another edition, or another event
    ea, eb = a.event, b.event
    return bool(
        ea.source == eb.source and ea.source_id and eb.source_id and ea.source_id != eb.source_id
    )


def _cannot_link(a: _Item, b: _Item) -> bool:
    """Facts that keep two listings apart whatever their names say: dates, ids, places."""
    return _apart(a, b) or _place_relation(a, b) == "conflict"


# --- grouping -----------------------------------------------------------------------------------


def _group(items: Sequence[_Item], pairs: list[tuple[float, int, int]]) -> list[list[int]]:
    """Join matching pairs best first into groups, refusing joins that put a conflict inside."""
    parent = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _score, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        if any(_cannot_link(items[x], items[y]) for x in members[ri] for y in members[rj]):
            continue
        keep, gone = (ri, rj) if ri < rj else (rj, ri)
        parent[gone] = keep
        members[keep].extend(members.pop(gone))
    return [sorted(group) for group in members.values()]


# --- merging ------------------------------------------------------------------------------------


def _richness(event: Event) -> tuple[int, ...]:
    """How much a listing says: the richest listing of a group leads the merged event."""
    location = event.location
    return (
        int(not event.all_day),
        int(location is not None and location.city is not None),
        sum(getattr(location, part) is not None for part in ("venue", "address", "country"))
        if location is not None else 0,
        int(event.url is not None),
        int(event.cfp is not None),
        len(event.description),
    )


_CHOSEN_FIELDS = (
    "title", "description", "url", "kind", "location", "attendance", "organizer", "price", "cfp",
    "registration_deadline", "status",
)
_UNION_FIELDS = ("topics", "languages", "features")


def _is_given(value: object) -> bool:
    return value not in (None, "", (), frozenset())


def _sources_of(event: Event, field_name: str) -> list[str]:
    said = [source for name, source in event.provenance if name == field_name]
    return said or ([event.source] if event.source else [])


def _said(events: list[Event], field_name: str) -> Iterator[tuple[str, str]]:
    """(field, source) for each source whose value of the field ``events`` carry."""
    for event in events:
        for source in _sources_of(event, field_name):
            yield field_name, source


def _merge(events: list[Event]) -> Event:
    """One event from a group of listings, the richest leading and the others filling gaps."""
    if len(events) == 1:
        return events[0]
    ranked = _sorted_by_content(
        events,
        [(tuple(map(operator.neg, _richness(e))), e.source, e.key, e.title) for e in events],
        _full_text,
    )
    lead = ranked[0]
    provenance: set[tuple[str, str]] = set()
    changes: dict[str, Any] = {}

    for field_name in _CHOSEN_FIELDS:
        chosen = lead
        if field_name == "description":  # the fullest description, not merely the first
            chosen = max(ranked, key=lambda e: len(e.description))
            changes[field_name] = chosen.description
        elif not _is_given(getattr(lead, field_name)):
            chosen = next((e for e in ranked if _is_given(getattr(e, field_name))), lead)
            if chosen is not lead:
                changes[field_name] = getattr(chosen, field_name)
        provenance.update(_said([chosen], field_name))
    # start and end come as a pair from one listing, or the pair could contradict itself
    provenance.update(_said([lead], "start"))
    provenance.update(_said([lead], "end"))

    for field_name in _UNION_FIELDS:
        merged: dict[str, None] = {}
        contributors = []
        for event in ranked:
            values = getattr(event, field_name)
            if values:
                merged.update(dict.fromkeys(sorted(values) if isinstance(values, frozenset) else values))
                contributors.append(event)
        provenance.update(_said(contributors, field_name))
        changes[field_name] = tuple(merged)

    urls: dict[str, None] = {}
    for event in ranked:
        for url in (event.url, *event.source_urls):
            if url:
                urls.setdefault(url, None)
    changes["source_urls"] = tuple(urls)
    changes["provenance"] = sorted(provenance)
    changes["key"] = min(event.key for event in events)
    return attrs.evolve(lead, **changes)

