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
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import attrs
from attrs import frozen
from rapidfuzz import fuzz

from .model import AttendanceMode, Event, EventStatus
from .text import normalize_name

__all__ = ["MAX_BLOCK_DAYS", "MergeResult", "merge_events", "merge_groups"]

log = logging.getLogger(__name__)

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
    items = _content_order([_Item.of(event) for event in events])
    candidates, comparisons = _candidate_pairs(items)
    groups = _group(items, candidates)
    merged = sorted(
        ((_merge([items[i].event for i in group]), group) for group in groups),
        key=lambda pair: _output_order(pair[0]),
    )
    log.debug("merged %d events into %d (%d comparisons)", len(items), len(merged), comparisons)
    return MergeResult(
        events=tuple(event for event, _ in merged),
        groups=tuple(tuple(items[i].event for i in group) for _, group in merged),
        comparisons=comparisons,
    )


def _full_text(event: Event) -> str:
    """Every field of an event as text: the last word in ordering two near-identical listings."""
    return repr(event)


def _content_order(items: list[_Item]) -> list[_Item]:
    """Items sorted by content alone; ties on the main fields are broken by the full text."""
    items.sort(key=lambda item: item.order)
    start = 0
    for end in range(1, len(items) + 1):
        if end == len(items) or items[end].order != items[start].order:
            if end - start > 1:
                items[start:end] = sorted(items[start:end], key=lambda i: _full_text(i.event))
            start = end
    return items


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


def _url_parts(url: str) -> tuple[str, str] | None:
    """(host, path) of a URL in comparison form: no scheme, ``www.``, query or trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").casefold()
    if not host:
        return None
    host = re.sub(r"^(www\d?|m)\.", "", host)
    path = re.sub(r"/(index\.html?)?$", "", parts.path.casefold().rstrip("/"))
    return host, path


def _registered_domain(host: str) -> str:
    """An approximation of the registered domain: ``2023.jsconf.eu`` -> ``jsconf.eu``."""
    labels = host.split(".")
    second_level = labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 if len(labels) > 1 else False
    keep = 3 if second_level or ".".join(labels[-2:]) in _SUBDOMAIN_HOSTS else 2
    return ".".join(labels[-keep:])


def _is_platform(host: str) -> bool:
    return host in _PLATFORM_HOSTS or _registered_domain(host) in _PLATFORM_HOSTS


@frozen
class _Name:
    """A name in comparison form: words spaced, the same without spaces, and as a set."""

    spaced: str
    compact: str
    words: frozenset[str]

    @classmethod
    def of(cls, words: list[str]) -> _Name:
        spaced = " ".join(words)
        return cls(spaced, spaced.replace(" ", ""), frozenset(words))


@functools.lru_cache(maxsize=65536)
def _name_forms(title: str, city_key: str) -> tuple[_Name, _Name]:
    """A name without filler words, as given and without its own city ("JSConf Budapest")."""
    base = [_KIND_SPELLINGS.get(w, w) for w in normalize_name(title).split()] or [title.casefold()]
    full = [w for w in base if w not in _FILLER] or base  # a name made only of filler words
    city_words = set(city_key.split())
    local = [w for w in full if w not in city_words] or full
    return _Name.of(full), _Name.of(local)


@frozen(kw_only=True)
class _Item:
    """An event with everything the matcher compares, computed once."""

    event: Event
    order: tuple[str, ...]
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

    @classmethod
    def of(cls, event: Event) -> _Item:
        location = event.location
        city = _city_key(location.city) if location is not None and location.city else None
        described = location.describe() if location is not None else ""
        place_text = _fold(described)
        online = event.attendance is not AttendanceMode.IN_PERSON or (
            event.status is EventStatus.MOVED_ONLINE
        )
        if city in _ONLINE_WORDS:
            city = None
        if not city and place_text and set(place_text.split()) & _ONLINE_WORDS:
            online, place_text = True, ""
        in_person = event.attendance is not AttendanceMode.ONLINE and not (
            online and not city and not place_text
        )
        full_name, name = _name_forms(event.title, city or "")
        place_city = city or (_city_key(described) if place_text else None) or None
        urls = tuple(
            sorted({parts for url in (event.url, *event.source_urls) if url
                    for parts in [_url_parts(url)] if parts})
        )
        order = (
            event.first_day.isoformat(), full_name.spaced, event.source, event.key, event.title,
            event.start.isoformat(), event.url or "",
        )
        return cls(
            event=event, order=order, first_day=event.first_day, last_day=event.last_day,
            full_name=full_name, name=name, city=city, place_city=place_city,
            country=location.country if location is not None else None,
            place_text=place_text, online=online, in_person=in_person, urls=urls,
        )

    @property
    def unplaced(self) -> bool:
        """No place to block on: compared with every event of its days instead."""
        return not self.city and not self.online

    def days(self) -> Iterator[dt.date]:
        day, count = self.first_day, 0
        while day <= self.last_day and count < MAX_BLOCK_DAYS:
            yield day
            day += dt.timedelta(days=1)
            count += 1

    def url_blocks(self) -> set[str]:
        blocks = set()
        for host, path in self.urls:
            if _is_platform(host):
                if path:
                    blocks.add(f"{host}{path}")
            else:
                blocks.add(host)
        return blocks


# --- which pairs are compared -------------------------------------------------------------------


def _candidate_pairs(items: Sequence[_Item]) -> tuple[list[tuple[float, int, int]], int]:
    """Every matching pair (score, i, j) with i < j, found by comparing within blocks only."""
    # Two date ranges overlap exactly when one contains the other's first day, so each event is
    # compared with the events of its blocks that cover its first day, not with every block-mate.
    covers: dict[tuple[dt.date, str], list[int]] = defaultdict(list)
    starts: dict[tuple[dt.date, str], list[int]] = defaultdict(list)
    unplaced: list[int] = []
    starts_on_day: dict[dt.date, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        starts_on_day[item.first_day].append(index)
        labels = {"url:" + block for block in item.url_blocks()}
        if item.city:
            labels.add("city:" + item.city)
        if item.online:
            labels.add("online")
        if item.unplaced:
            unplaced.append(index)
            labels.add("")  # the day itself: compared with everything of its days
        for label in labels:
            starts[(item.first_day, label)].append(index)
        for day in item.days():
            covers[(day, "")].append(index)
            for label in labels:
                covers[(day, label)].append(index)

    seen: set[tuple[int, int]] = set()
    found: list[tuple[float, int, int]] = []

    def consider(i: int, j: int) -> None:
        pair = (i, j) if i < j else (j, i)
        if i == j or pair in seen:
            return
        seen.add(pair)
        score = _is_match(items[pair[0]], items[pair[1]])
        if score is not None:
            found.append((score, *pair))

    for key, starting in starts.items():
        covering = covers.get(key, ())
        for index in starting:
            for other in covering:
                consider(index, other)
    for index in unplaced:  # events that start while an unplaced one is going on
        for day in items[index].days():
            for other in starts_on_day.get(day, ()):
                consider(index, other)
    return found, len(seen)


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


def _merge(events: list[Event]) -> Event:
    """One event from a group of listings, the richest leading and the others filling gaps."""
    if len(events) == 1:
        return events[0]
    ranked = sorted(
        events,
        key=lambda e: (tuple(-x for x in _richness(e)), e.source, e.key, e.title, _full_text(e)),
    )
    lead = ranked[0]
    provenance: set[tuple[str, str]] = set()
    changes: dict[str, Any] = {}

    for field_name in _CHOSEN_FIELDS:
        chosen = next((e for e in ranked if _is_given(getattr(e, field_name))), lead)
        if chosen is not lead:
            changes[field_name] = getattr(chosen, field_name)
        if field_name == "description":  # the fullest description, not merely the first
            chosen = max(ranked, key=lambda e: len(e.description))
            changes[field_name] = chosen.description
        provenance.update((field_name, s) for s in _sources_of(chosen, field_name))
    # start and end come as a pair from one listing, or the pair could contradict itself
    provenance.update(("start", s) for s in _sources_of(lead, "start"))
    provenance.update(("end", s) for s in _sources_of(lead, "end"))

    for field_name in _UNION_FIELDS:
        merged: dict[str, None] = {}
        for event in ranked:
            values = getattr(event, field_name)
            for value in sorted(values) if isinstance(values, frozenset) else values:
                merged.setdefault(value, None)
            if values:
                provenance.update((field_name, s) for s in _sources_of(event, field_name))
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


def _output_order(event: Event) -> tuple[str, str, str]:
    return (event.first_day.isoformat(), normalize_name(event.title), event.key)
