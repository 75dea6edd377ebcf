"""Combining: one event from a group of listings, the richest leading and the others filling gaps.

Each field comes from the first listing, richest first, that has it (the description: the
fullest); ``start`` and ``end`` come as a pair from the lead, or the pair could contradict
itself; ``topics``, ``languages`` and ``features`` are unions; ``source_urls`` holds every
listing's URL; ``provenance`` names the source of every value kept; ``key`` is the smallest key
of the listings, so it does not depend on which source was read first.
"""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import Any

from ..model import Event
from ._ordering import content_order

__all__ = ["combine"]

_CHOSEN_FIELDS = (
    "title", "description", "url", "kind", "location", "attendance", "organizer", "price", "cfp",
    "registration_deadline", "status",
)
_UNION_FIELDS = ("topics", "languages", "features")
_CHOSEN_VALUES, _UNION_VALUES = attrgetter(*_CHOSEN_FIELDS), attrgetter(*_UNION_FIELDS)
_DESCRIPTION = _CHOSEN_FIELDS.index("description")
_PLACE_DETAILS = attrgetter("venue", "address", "country")


def combine(events: list[Event]) -> Event:
    """One event from ``events``, all listings of the same real event.

    Built with :meth:`Event.evolved` from the lead: only the values that differ from the lead's
    go through the model's converters again (all of them still pass its validators).
    """
    if len(events) == 1:
        return events[0]
    keys = list(map(_rank_key, events))
    ranked = [events[i] for i in content_order(keys, lambda i: repr(events[i]))]
    lead = ranked[0]
    rows = list(map(_CHOSEN_VALUES, ranked))  # each listing's chosen fields, fetched at once
    changes: dict[str, Any] = {}
    # (listing, field): whose value each field of the merged event is; start and end come as a
    # pair from the lead, or the pair could contradict itself
    picks: list[tuple[Event, str]] = [(lead, "start"), (lead, "end")]

    for column, field_name in enumerate(_CHOSEN_FIELDS):
        chosen = 0
        if column == _DESCRIPTION:  # the fullest description, not merely the first
            lengths = [len(row[column]) for row in rows]
            chosen = lengths.index(max(lengths))
        elif not _is_given(rows[0][column]):
            chosen = next((k for k, row in enumerate(rows) if _is_given(row[column])), 0)
        if chosen:
            changes[field_name] = rows[chosen][column]
        picks.append((ranked[chosen], field_name))

    unions = list(map(_UNION_VALUES, ranked))
    for column, field_name in enumerate(_UNION_FIELDS):
        merged: dict[str, None] = {}
        for event, row in zip(ranked, unions, strict=True):
            values = row[column]
            if values:
                merged.update(dict.fromkeys(sorted(values) if isinstance(values, frozenset) else values))
                picks.append((event, field_name))
        _change(changes, unions[0][column], field_name, tuple(merged))

    urls: dict[str, None] = {}
    for event in ranked:
        for url in (event.url, *event.source_urls):
            if url:
                urls.setdefault(url, None)
    _change(changes, lead.source_urls, "source_urls", tuple(urls))
    _change(changes, lead.provenance, "provenance", _provenance(picks))
    _change(changes, lead.key, "key", min(event.key for event in events))
    return lead.evolved(**changes)


def _provenance(picks: list[tuple[Event, str]]) -> tuple[tuple[str, str], ...]:
    """(field, source) for each source of each picked value, sorted: a listing's own source,
    unless its provenance (from an earlier merge) names the sources of that field."""
    said: set[tuple[str, str]] = set()
    for event, field_name in picks:
        if event.provenance:
            sources = [source for name, source in event.provenance if name == field_name]
            if sources:
                said.update((field_name, source) for source in sources)
                continue
        if event.source:
            said.add((field_name, event.source))
    return tuple(sorted(said))


def _change(changes: dict[str, Any], own: Any, field_name: str, value: Any) -> None:
    """Change ``field_name`` to ``value`` unless the lead has it already (``own``)."""
    if (frozenset(value) if isinstance(own, frozenset) else value) != own:
        changes[field_name] = value


def _rank_key(event: Event) -> tuple[int | str, ...]:
    """What orders a group's listings, the richest (the lead) first: how much each says (timed
    beats all-day, then a city, venue/address/country, a URL, a CFP, the longest description),
    then source, key and title."""
    location = event.location
    return (
        -isinstance(event.start, dt.datetime),  # not all day
        -(location is not None and location.city is not None),
        _PLACE_DETAILS(location).count(None) - 3 if location is not None else 0,
        -(event.url is not None),
        -(event.cfp is not None),
        -len(event.description),
        event.source, event.key, event.title,
    )


def _is_given(value: object) -> bool:
    """Not None and not empty (``value not in (None, "", (), frozenset())``, without comparing
    a location or a price with each of them)."""
    if value is None:
        return False
    if isinstance(value, str | tuple | frozenset):
        return len(value) > 0
    return True
