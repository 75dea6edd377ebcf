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
    needed = np.where(
        _may_share_site(listings, first, second), LOWEST_THRESHOLD, NO_URL_THRESHOLD
    ) - _ROUNDING
    judged = _may_reach(names, columns.full[first], columns.full[second], needed)
    own_city = columns.full != columns.local
    either = np.flatnonzero(own_city[first] | own_city[second])
    if len(either):  # names that also have a form without their city
        judged[either] |= _may_reach(
            names, columns.local[first[either]], columns.local[second[either]], needed[either]
        )
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


def _may_reach(
    names: NameColumns, a: np.ndarray, b: np.ndarray, needed: np.ndarray
) -> np.ndarray:
    """For each pair of name ids, whether the name score the rules give might reach ``needed``:
    one name might lie inside the other (which lifts the score to 88 or more), or an upper
    bound of the edit similarity the rules start from reaches it.

    The bound is the larger of the compact forms' ratio and a bound of the spaced forms' ratio:
    the spaced forms share at most as many spaces more as the one with fewer has. The ratio is
    worked out (rapidfuzz, in one batch) only where a rough bound from the characters reaches
    ``needed``: a character of one name that the other lacks is in no common subsequence, so
    the longest common subsequence is at most the length less the characters missing from the
    other (64-bit character signatures; in the benchmark fewer than one pair in ten is left).
    "Inside" covers each name's words among the other's (one 64-bit word signature within the
    other) and one name starting with the other (checked exactly where the first four letters
    agree).
    """
    length_a, length_b = names.length[a], names.length[b]
    spaces_a, spaces_b = names.spaces[a], names.spaces[b]
    shorter = np.minimum(length_a, length_b)
    bits_a, bits_b = names.word_bits[a], names.word_bits[b]
    inside = (((bits_a & ~bits_b) == 0) | ((bits_b & ~bits_a) == 0)) & (shorter >= 4)
    same_head = np.flatnonzero(~inside & (names.head[a] == names.head[b]) & (shorter >= 4))
    if len(same_head):
        prefix = cpdist(names.compact[a[same_head]], names.compact[b[same_head]],
                        scorer=Prefix.similarity)
        inside[same_head] = prefix >= shorter[same_head]

    chars_a, chars_b = names.chars[a], names.chars[b]
    common = np.minimum(length_a - _popcount(chars_a & ~chars_b),
                        length_b - _popcount(chars_b & ~chars_a))
    rough = _bound(common, length_a + length_b, np.minimum(spaces_a, spaces_b),
                   spaces_a + spaces_b)
    close = np.flatnonzero(~inside & (rough >= needed))
    ratio = cpdist(names.compact[a[close]], names.compact[b[close]], scorer=fuzz.ratio)
    lengths = length_a[close] + length_b[close]
    upper = _bound(ratio * lengths / 200,  # the longest common subsequence, compact
                   lengths, np.minimum(spaces_a[close], spaces_b[close]),
                   spaces_a[close] + spaces_b[close])
    inside[close] = upper >= needed[close]
    return inside


def _bound(common: np.ndarray, lengths: np.ndarray, fewer_spaces: np.ndarray,
           spaces: np.ndarray) -> np.ndarray:
    """The upper bound of the name score's starting point, from (a bound of) the compact forms'
    longest common subsequence: their ratio, or the spaced forms' ratio at best."""
    return np.maximum(200 * common / lengths,
                      200 * (common + fewer_spaces) / (lengths + spaces))


def _popcount(bits: np.ndarray) -> np.ndarray:
    """How many bits are set in each 64-bit word (``np.bitwise_count`` from numpy 2.0 on)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(bits).astype(np.int64)
    bits = bits - ((bits >> np.uint64(1)) & np.uint64(0x5555555555555555))
    bits = (bits & np.uint64(0x3333333333333333)) + ((bits >> np.uint64(2))
                                                     & np.uint64(0x3333333333333333))
    bits = (bits + (bits >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return ((bits * np.uint64(0x0101010101010101)) >> np.uint64(56)).astype(np.int64)
