"""How a feed's items change from one build to the next: the rules subscribers rely on.

Calendar clients identify an entry by its UID and decide whether a copy is newer by SEQUENCE and
LAST-MODIFIED; an entry that silently vanishes from a feed stays in some clients forever. So:

* a new entry gets SEQUENCE 0 and DTSTAMP = LAST-MODIFIED = the build time;
* an entry whose content hash changed keeps its UID and gets SEQUENCE + 1 and a new
  LAST-MODIFIED (and DTSTAMP);
* an unchanged entry keeps everything, including its DTSTAMP and its cached serialized bytes, so
  an unchanged feed is byte-identical (and its ETag unchanged);
* an entry that left the feed (dropped by its source, cancelled, no longer matching) is published
  as STATUS:CANCELLED (SEQUENCE + 1) for a grace period, then removed. One that is already over
  when it leaves is not cancelled (it happened) but kept unchanged until the grace period ends;
* an entry that comes back keeps its UID and gets SEQUENCE + 1, also after the grace period: a
  removed entry leaves a tombstone (its row with an empty body: UID, last SEQUENCE, first seen)
  for :data:`TOMBSTONE_KEEP`, so a client still holding the old copy sees a newer one.

This module only decides; :mod:`eventscout.feeds.build` renders and the store keeps the result.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping

import attrs
from attrs import frozen

from ..runner import FeedItem

__all__ = ["TOMBSTONE_KEEP", "Action", "Candidate", "Step", "plan_feed"]

#: how long a removed entry's UID and SEQUENCE are remembered after its grace period
TOMBSTONE_KEEP = dt.timedelta(days=365)


class Action(enum.StrEnum):
    """What a build does with one entry."""

    NEW = "new"  # render, SEQUENCE 0
    CHANGED = "changed"  # render, SEQUENCE + 1
    RETURNED = "returned"  # was cancelled, is back: render, SEQUENCE + 1
    UNCHANGED = "unchanged"  # reuse the cached bytes
    CANCELLED = "cancelled"  # just left: rewrite the cached bytes as STATUS:CANCELLED
    RETIRED = "retired"  # just left but already over: keep the cached bytes as they are
    GONE = "gone"  # left earlier, still within the grace period: reuse the cached bytes
    REMOVED = "removed"  # the grace period is over: leave the feed, keep a tombstone
    TOMBSTONE = "tombstone"  # removed earlier: remembered (UID, SEQUENCE), not published
    FORGOTTEN = "forgotten"  # a tombstone older than TOMBSTONE_KEEP: dropped from the state

    @property
    def renders(self) -> bool:
        """Whether the entry must be serialised afresh from the current event."""
        return self in (Action.NEW, Action.CHANGED, Action.RETURNED)

    @property
    def published(self) -> bool:
        return self not in (Action.REMOVED, Action.TOMBSTONE, Action.FORGOTTEN)

    @property
    def stored(self) -> bool:
        """Whether the item stays in the feed state (published, or as a tombstone)."""
        return self is not Action.FORGOTTEN


@frozen(kw_only=True)
class Candidate:
    """An entry the current build wants in the feed: its UID, its event and its content hash."""

    uid: str
    event_key: str
    content_hash: str


@frozen(kw_only=True)
class Step:
    """The decision for one UID: the action and the item's new state (body still to fill when
    the action renders or cancels)."""

    action: Action
    item: FeedItem


def plan_feed(
    feed: str,
    previous: Mapping[str, FeedItem],
    candidates: Iterable[Candidate],
    *,
    now: dt.datetime,
    grace: dt.timedelta,
    is_over: Callable[[FeedItem], bool],
) -> list[Step]:
    """Decide, for every UID old or new, what this build publishes. Sorted by UID.

    ``is_over(item)`` tells whether an entry that just left the feed has already ended; it is
    asked only for entries that leave in this build.
    """
    steps: dict[str, Step] = {}
    for candidate in candidates:
        if candidate.uid in steps:
            raise ValueError(f"feed {feed!r}: two entries share the UID {candidate.uid!r}")
        old = previous.get(candidate.uid)
        steps[candidate.uid] = _step_present(feed, old, candidate, now)
    for uid, old in previous.items():
        if uid not in steps:
            steps[uid] = _step_absent(old, now, grace, is_over)
    return [steps[uid] for uid in sorted(steps)]


def _step_present(
    feed: str, old: FeedItem | None, candidate: Candidate, now: dt.datetime
) -> Step:
    if old is None:
        item = FeedItem(
            feed=feed, uid=candidate.uid, event_key=candidate.event_key,
            content_hash=candidate.content_hash, sequence=0, first_seen=now, last_seen=now,
            last_modified=now, dtstamp=now, state="active", gone_since=None, body=b"",
        )
        return Step(action=Action.NEW, item=item)
    if old.state == "cancelled":
        action = Action.RETURNED
    elif old.content_hash != candidate.content_hash or not old.body:
        action = Action.CHANGED
    else:
        return Step(action=Action.UNCHANGED, item=attrs.evolve(old, last_seen=now))
    item = attrs.evolve(
        old, event_key=candidate.event_key, content_hash=candidate.content_hash,
        sequence=old.sequence + 1, last_seen=now, last_modified=now, dtstamp=now,
        state="active", gone_since=None, body=b"",
    )
    return Step(action=action, item=item)


def _step_absent(
    old: FeedItem, now: dt.datetime, grace: dt.timedelta, is_over: Callable[[FeedItem], bool]
) -> Step:
    if old.state == "cancelled":
        assert old.gone_since is not None
        if not old.body:
            if now - old.gone_since >= grace + TOMBSTONE_KEEP:
                return Step(action=Action.FORGOTTEN, item=old)
            return Step(action=Action.TOMBSTONE, item=old)
        if now - old.gone_since >= grace:
            return Step(action=Action.REMOVED, item=attrs.evolve(old, body=b""))
        return Step(action=Action.GONE, item=old)
    if is_over(old):
        return Step(action=Action.RETIRED, item=attrs.evolve(old, state="cancelled", gone_since=now))
    item = attrs.evolve(
        old, sequence=old.sequence + 1, last_modified=now, dtstamp=now,
        state="cancelled", gone_since=now,
    )
    return Step(action=Action.CANCELLED, item=item)
