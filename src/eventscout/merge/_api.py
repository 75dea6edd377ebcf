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
    # one output event per group: the listing itself when it merged with nothing
    alone = [position for position, members in enumerate(groups) if len(members) == 1]
    outputs = [listed[members[0]] for members in groups]
    keys: list[str] = [""] * len(groups)
    for position, key in zip(alone, listings.output_keys([groups[p][0] for p in alone]),
                             strict=True):
        keys[position] = key
    for position, members in enumerate(groups):
        if len(members) > 1:
            event = outputs[position] = combine([listed[i] for i in members])
            keys[position] = listings.output_key(event)
    # stable: groups whose keys tie stay in group order
    order = sorted(range(len(groups)), key=keys.__getitem__)
    log.debug("merged %d events into %d (%d comparisons)", len(listed), len(groups), len(first))
    return MergeResult(
        events=tuple(map(outputs.__getitem__, order)),
        groups=tuple([tuple(map(listed.__getitem__, groups[position])) for position in order]),
        comparisons=len(first),
    )
