"""Grouping: matching pairs joined best first, without chains that glue two events together.

A join is refused when it would put two listings that cannot be the same event (dates apart,
places in conflict, distinct items of one source) into one group, so a listing with no place
cannot glue "DevFest Berlin" and "DevFest Munich" together.
"""

from __future__ import annotations

from ._listing import Listings
from ._rules import cannot_link

__all__ = ["group"]


def group(listings: Listings, pairs: list[tuple[float, int, int]]) -> list[list[int]]:
    """Join matching ``(score, first, second)`` pairs best first into groups of listing indices,
    refusing joins that put a conflict inside; every listing is in exactly one group."""
    parent = list(range(len(listings)))
    members: dict[int, list[int]] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _score, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        group_i, group_j = members.get(ri, [ri]), members.get(rj, [rj])
        if any(cannot_link(listings[x], listings[y]) for x in group_i for y in group_j):
            continue
        keep, gone = (ri, rj) if ri < rj else (rj, ri)
        parent[gone] = keep
        members[keep] = group_i + group_j
        members.pop(gone, None)
    return [sorted(members[i]) if i in members else [i]
            for i in range(len(listings)) if parent[i] == i]
