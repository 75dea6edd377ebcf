"""One event from many sources: recognise the same real event across listings and merge it.

The same conference turns up in several sources (a dataset, its feed, its calendar, another
dataset), spelled a little differently each time: "PyCon US 2027" and "PyCon US", "Phoenix, AZ"
and "Phoenix", ``https://www.x.org/`` and ``https://x.org``. :func:`merge_events` turns such a
group into one :class:`~eventscout.model.Event` that keeps every source URL and, per field, which
source said what (``Event.provenance``).

The stages, one module each (``docs/merge.md`` has the long version):

1. **Reading** (``_listing``, with ``_names``, ``_places``, ``_urls``): each event once, each
   distinct title, location and URL worked out once, in content order, as numpy columns.
2. **Blocking** (``_blocking``): each event goes into a few small blocks, one per day it covers
   (up to :data:`MAX_BLOCK_DAYS`) times its place (normalised city, or ``online``) and times its
   URL; only events sharing a block are compared, so only events whose dates overlap.
3. **Filtering** (``_filter``): one batched rapidfuzz pass rules out every pair whose names
   cannot reach the lowest threshold it would need (the bounds only over-estimate).
4. **Matching** (``_rules``): the pairs left are judged by the full rules: places must not
   conflict and names must be alike enough, less so as URLs and places agree more.
5. **Grouping** (``_grouping``): matching pairs are joined best first, refusing joins that would
   put two events that cannot be one (dates apart, cities differing, one source's two items)
   into one group.
6. **Combining** (``_combining``): the richest listing leads, the others fill its gaps.

Everything is ordered by content, never by input position (``_ordering``), so shuffled or
reversed input gives the same output, and the merged event's ``key`` is the smallest key of its
members. An event that merges with nothing is returned as it came.
"""

from __future__ import annotations

from ._api import MergeResult, merge_events, merge_groups
from ._blocking import MAX_BLOCK_DAYS

__all__ = ["MAX_BLOCK_DAYS", "MergeResult", "merge_events", "merge_groups"]
