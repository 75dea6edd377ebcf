"""``merge_events`` and ``merge_groups``: read, block, match, group and combine."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from attrs import frozen

from .._collector import collector_paused
from ..model import Event
from ._blocking import candidate_pairs
from ._combining import combine
from ._filter import matching_pairs
from ._grouping import group
from ._listing import read_listings

__all__ = ["MergeResult", "merge_events", "merge_groups"]

log = logging.getLogger(__name__)


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
    """Like :func:`merge_events`, and also say which input events went into each output event.

    The cyclic garbage collector is paused while merging (see
    :func:`eventscout._collector.collector_paused`).
    """
    with collector_paused():
        return _merge_all(events)


def _merge_all(events: Iterable[Event]) -> MergeResult:
    listings = read_listings(events)
    first, second = candidate_pairs(listings)
    groups = group(listings, matching_pairs(listings, first, second))
    listed = listings.events
    alone = [members[0] for members in groups if len(members) == 1]
    keys = dict(zip(alone, listings.output_keys(alone), strict=True))
    merged = []
    for members in groups:
        if len(members) > 1:
            event = combine([listed[i] for i in members])
            merged.append((listings.output_key(event), event, members))
        else:
            merged.append((keys[members[0]], listed[members[0]], members))
    merged.sort(key=lambda entry: entry[0])
    log.debug("merged %d events into %d (%d comparisons)", len(listed), len(merged), len(first))
    return MergeResult(
        events=tuple(event for _, event, _ in merged),
        groups=tuple(tuple([listed[i] for i in members]) for _, _, members in merged),
        comparisons=len(first),
    )
