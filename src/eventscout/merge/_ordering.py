"""Ordering by content, never by input position: what keeps a merge independent of input order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["content_order"]


def content_order(keys: Sequence[Any], full_text: Callable[[int], str]) -> list[int]:
    """The indices of ``keys`` in the order of their keys; a run that ties on its key is ordered
    by ``full_text(index)``.

    The full text (an event's ``repr``: every field) is the last word in ordering two
    near-identical listings. It is costly, so it is worked out only for the rare ties.
    """
    if len(keys) == 2:  # most merged groups: one comparison, no sort
        first, second = keys
        if first == second:
            return [1, 0] if full_text(1) < full_text(0) else [0, 1]
        return [1, 0] if second < first else [0, 1]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    if len(set(keys)) == len(keys):
        return order  # no ties (the common case): no need to walk the runs
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order) or keys[order[end]] != keys[order[start]]:
            if end - start > 1:
                order[start:end] = sorted(order[start:end], key=full_text)
            start = end
    return order
