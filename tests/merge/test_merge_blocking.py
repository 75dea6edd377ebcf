"""Blocking: the candidate pairs are exactly the pairs of listings that share a block."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from merge_helpers import varied_listings

from eventscout.merge import MAX_BLOCK_DAYS
from eventscout.merge._blocking import candidate_pairs
from eventscout.merge._listing import Listing, read_listings


def test_candidate_pairs_are_the_pairs_that_share_a_block() -> None:
    listings = read_listings(varied_listings(random.Random(5), 160))
    items = [listings[i] for i in range(len(listings))]

    def days(item: Listing) -> set[dt.date]:
        return set(list(_days_of(item))[:MAX_BLOCK_DAYS])

    def meets(a: Listing, b: Listing) -> bool:
        # a starts in a block that b covers, or a is unplaced and b starts in it
        shared = (set(a.labels) & set(b.labels)) | ({""} & set(a.labels))
        return (a.first_day in days(b) and bool(shared)) or (
            "" in a.labels and b.first_day in days(a)
        )

    expected = {(i, j) for i in range(len(items)) for j in range(i + 1, len(items))
                if meets(items[i], items[j]) or meets(items[j], items[i])}
    first, second = candidate_pairs(listings)

    assert set(zip(first.tolist(), second.tolist(), strict=True)) == expected
    assert len(expected) > 1000


def _days_of(item: Listing) -> Iterator[dt.date]:
    day = item.first_day
    while day <= item.last_day:
        yield day
        day += dt.timedelta(days=1)
