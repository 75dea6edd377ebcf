"""The batched filter: rule out, in one numpy and rapidfuzz pass, every candidate pair whose names
cannot reach the threshold it would need, so that only the few pairs left are judged in Python.

The bounds only over-estimate: no pair the rules would accept is dropped (a test checks the
filter against the rules on every candidate pair of a varied set).
"""

from __future__ import annotations

import logging
from itertools import chain

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Prefix
from rapidfuzz.process import cpdist

from ._listing import Listings
from ._names import NameColumns
from ._rules import LOWEST_THRESHOLD, NO_URL_THRESHOLD, is_match

__all__ = ["matching_pairs"]

log = logging.getLogger(__name__)

#: rapidfuzz's batched scores are float32: a margin so that rounding never rules a pair out
_ROUNDING = 0.01


def matching_pairs(
    listings: Listings, first: np.ndarray, second: np.ndarray
) -> list[tuple[float, int, int]]:
    """Every candidate pair that matches, as (name score, first, second).

    A pair whose URLs cannot be related needs at least the lowest threshold of the "nothing in
    common" column; any other, the lowest of all.
    """
    columns = listings.columns
    names = columns.names
    upper, inside = _name_bounds(names, columns.full[first], columns.full[second])
    own_city = columns.full != columns.local
    either = np.flatnonzero(own_city[first] | own_city[second])
    if len(either):  # names that also have a form without their city
        local_upper, local_inside = _name_bounds(
            names, columns.local[first[either]], columns.local[second[either]]
        )
        upper[either] = np.maximum(upper[either], local_upper)
        inside[either] |= local_inside
    needed = np.where(
        _may_share_site(listings, first, second), LOWEST_THRESHOLD, NO_URL_THRESHOLD
    ) - _ROUNDING
    judged = inside | (upper >= needed)
    first, second = first[judged].tolist(), second[judged].tolist()
    listings.build(chain(first, second))
    found = []
    for i, j in zip(first, second, strict=True):
        score = is_match(listings[i], listings[j])
        if score is not None:
            found.append((score, i, j))
    log.debug("%d candidate pairs, %d judged in full, %d match",
              len(judged), len(first), len(found))
    return found


def _may_share_site(listings: Listings, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Whether each pair's URLs might be "same" or "related" (see :func:`url_relation`).

    Both need one host in common, or one listing's host to be the other's registered domain
    ("dotjs.io" and "2018.dotjs.io"): without a bit in common there, neither is possible.
    """
    hosts, domains = listings.columns.hosts, listings.columns.domains
    hosts_a, hosts_b = hosts[first], hosts[second]
    return ((hosts_a & (hosts_b | domains[second])) | (hosts_b & domains[first])) != 0


def _name_bounds(
    names: NameColumns, a: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each pair of name ids, an upper bound of the edit similarity the rules start from, and
    whether one name might lie inside the other (which lifts the score to 88 or more).

    The bound is the larger of the compact forms' ratio and a bound of the spaced forms' ratio:
    the spaced forms share at most as many spaces more as the one with fewer has. "Inside" covers
    each name's words among the other's (one 64-bit word signature within the other) and one
    name starting with the other (checked exactly where the first four letters agree).
    """
    compact_a, compact_b = names.compact[a], names.compact[b]
    ratio = cpdist(compact_a, compact_b, scorer=fuzz.ratio)
    length_a, length_b = names.length[a], names.length[b]
    spaces_a, spaces_b = names.spaces[a], names.spaces[b]
    common = ratio * (length_a + length_b) / 200  # the longest common subsequence, compact
    spaced_bound = 200 * (common + np.minimum(spaces_a, spaces_b)) / (
        length_a + length_b + spaces_a + spaces_b
    )
    shorter = np.minimum(length_a, length_b)
    bits_a, bits_b = names.word_bits[a], names.word_bits[b]
    inside = (((bits_a & ~bits_b) == 0) | ((bits_b & ~bits_a) == 0)) & (shorter >= 4)
    same_head = np.flatnonzero(~inside & (names.head[a] == names.head[b]) & (shorter >= 4))
    if len(same_head):
        prefix = cpdist(compact_a[same_head], compact_b[same_head], scorer=Prefix.similarity)
        inside[same_head] = prefix >= shorter[same_head]
    return np.maximum(ratio, spaced_bound), inside
