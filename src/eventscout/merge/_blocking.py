"""Blocking: which pairs of listings are compared at all.

A block is a day and a label (a city, ``online``, a URL's host). Each listing starts in its
labels' blocks of its first day and covers its labels' blocks, and the day's own block, on each
of its days (up to :data:`MAX_BLOCK_DAYS`). Two date ranges overlap exactly when one contains
the other's first day, so a listing is paired with the listings covering the blocks it starts
in, not with every block-mate. The blocks are joined with numpy, not with a Python loop.
"""

from __future__ import annotations

import numpy as np

from ._listing import Listings

__all__ = ["MAX_BLOCK_DAYS", "candidate_pairs"]

#: an event is blocked under at most this many of its days (long festivals would flood blocks)
MAX_BLOCK_DAYS = 14


def candidate_pairs(listings: Listings) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of listings sharing a block, as index arrays ``first < second``, sorted.

    An unplaced listing starts in the day's own block (label id 0: meeting everything going on
    that day) and also meets every listing that starts while it is going on.
    """
    count = len(listings)
    columns = listings.columns
    starters, start_labels = listings.block_rows
    first = columns.first
    days = np.minimum(columns.last - first + 1, MAX_BLOCK_DAYS)
    width = int(start_labels.max()) + 1 if len(start_labels) else 1
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
    codes = np.sort(low * count + high)  # a sort and a mask: np.unique's hashing is slower
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
