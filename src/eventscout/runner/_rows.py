"""The values the store keeps, and how each becomes a row and back.

Times are stored as ISO 8601 text in UTC; every time read back is timezone-aware. A row that does
not make a valid value raises ``ValueError`` (or ``TypeError``), which the store turns into a
:class:`~eventscout.errors.StoreError` naming the row.
"""

from __future__ import annotations

import datetime as dt
import enum
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from attrs import field, frozen

from ..model import Event

__all__ = [
    "Decision",
    "FeedItem",
    "FeedItemState",
    "SourceSnapshot",
    "SourceStatus",
    "Verdict",
    "decision_from_row",
    "decision_row",
    "feed_item_from_row",
    "feed_item_row",
    "optional_time",
    "utc_text",
]


def utc_text(value: dt.datetime, name: str) -> str:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
    return value.astimezone(dt.UTC).isoformat()


def optional_time(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def _required_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def _event_tuple(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(events)


@frozen(kw_only=True)
class SourceSnapshot:
    """The events a source delivered the last time it succeeded, and when (None: never)."""

    events: tuple[Event, ...] = field(converter=_event_tuple)
    fetched_at: dt.datetime | None = None


@frozen(kw_only=True)
class SourceStatus:
    """How a source fared: its last success, its last attempt, and the last attempt's error."""

    source: str
    last_success: dt.datetime | None = None
    last_attempt: dt.datetime | None = None
    last_error: str | None = None

    @property
    def failing(self) -> bool:
        """True when the last attempt failed (its error is kept until the next success)."""
        return self.last_error is not None


FeedItemState = Literal["active", "cancelled"]


def _state(value: str) -> FeedItemState:
    if value not in ("active", "cancelled"):
        raise ValueError(f"feed item state must be 'active' or 'cancelled', got {value!r}")
    return value  # type: ignore[return-value]


def _aware(value: dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise ValueError(f"{value!r} is not a timezone-aware datetime")
    return value


def _optional_aware(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else _aware(value)


@frozen(kw_only=True)
class FeedItem:
    """One event as last published in one feed (a row of the feed state; see the module doc)."""

    feed: str
    uid: str
    event_key: str
    content_hash: str
    sequence: int
    first_seen: dt.datetime = field(converter=_aware)
    last_seen: dt.datetime = field(converter=_aware)
    last_modified: dt.datetime = field(converter=_aware)
    dtstamp: dt.datetime = field(converter=_aware)
    state: FeedItemState = field(default="active", converter=_state)
    gone_since: dt.datetime | None = field(default=None, converter=_optional_aware)
    #: the serialized VEVENT as last published, reused when the event did not change
    body: bytes = b""


def feed_item_row(item: FeedItem) -> tuple[object, ...]:
    return (
        item.feed,
        item.uid,
        item.event_key,
        item.content_hash,
        item.sequence,
        utc_text(item.first_seen, "first_seen"),
        utc_text(item.last_seen, "last_seen"),
        utc_text(item.last_modified, "last_modified"),
        utc_text(item.dtstamp, "dtstamp"),
        item.state,
        None if item.gone_since is None else utc_text(item.gone_since, "gone_since"),
        sqlite3.Binary(item.body),
    )


def feed_item_from_row(feed: str, row: Sequence[Any]) -> FeedItem:
    """The :class:`FeedItem` of a ``feed_item`` row (uid, event_key ... body, as selected)."""
    return FeedItem(
        feed=feed,
        uid=str(row[0]),
        event_key=str(row[1]),
        content_hash=str(row[2]),
        sequence=int(row[3]),
        first_seen=_required_time(str(row[4])),
        last_seen=_required_time(str(row[5])),
        last_modified=_required_time(str(row[6])),
        dtstamp=_required_time(str(row[7])),
        state=_state(str(row[8])),
        gone_since=optional_time(row[9]),
        body=bytes(row[10]),
    )


class Verdict(enum.StrEnum):
    """What the person decided about an event."""

    GOING = "going"
    INTERESTED = "interested"
    DISMISSED = "dismissed"
    ATTENDED = "attended"


@frozen(kw_only=True)
class Decision:
    """A decision on one event, kept by its key (with its title and day, for people reading it)."""

    event_key: str
    verdict: Verdict = field(converter=Verdict)
    title: str
    first_day: dt.date
    decided_at: dt.datetime


def decision_row(decision: Decision) -> tuple[str, str, str, str, str]:
    return (decision.event_key, decision.verdict.value, decision.title,
            decision.first_day.isoformat(), utc_text(decision.decided_at, "decided_at"))


def decision_from_row(row: Sequence[Any]) -> Decision:
    key, verdict, title, first_day, decided_at = row
    when = optional_time(decided_at)
    if when is None:
        raise ValueError("a decision without its time")
    return Decision(event_key=key, verdict=verdict, title=title,
                    first_day=dt.date.fromisoformat(first_day), decided_at=when)
