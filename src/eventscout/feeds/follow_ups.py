"""The follow-ups feed: follow-ups and stay-in-touch reminders as dated all-day events, with state.

The reminders come from :func:`eventscout.people.reminder_set` (stable UIDs in their own namespace,
``@people.eventscout``); this module gives them the same state rules as every other feed
(:mod:`~eventscout.feeds.state`): SEQUENCE 0 when new, + 1 when a reminder changes, for example
when a contact met again moves their stay-in-touch day (the UID stays, the day moves). A reminder
that leaves is withdrawn in the way that says why:

* a follow-up marked done: ``STATUS:CANCELLED`` with the summary ``Done: ...``;
* a follow-up long past and never done (stale): retired as it is, then removed after the grace
  period, like an event that happened;
* anything else that leaves (a contact or a meeting removed): ``STATUS:CANCELLED`` with
  ``No longer due: ...``.

The feed holds names and promises, so it is private unless ``[people] feed = "public"``, and the
index page never lists it. :func:`publish_reminders` only decides and renders; the build writes
the file and keeps the state (:func:`eventscout.feeds.build.build_feeds`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Mapping

import icalendar
from attrs import frozen

from ..export import calendar_shell
from ..people import UID_DOMAIN, ReminderEntry, ReminderSet, reminder_vevents
from ..runner import FeedItem
from .definition import FeedDefinition
from .state import Action, Candidate, plan_feed

__all__ = ["DONE_PREFIX", "FOLLOW_UPS_FEED", "GONE_PREFIX", "ReminderFeed", "follow_ups_definition",
           "publish_reminders"]

#: the feed's name (its file is ``follow-ups.ics``)
FOLLOW_UPS_FEED = "follow-ups"
DONE_PREFIX = "Done: "
GONE_PREFIX = "No longer due: "
#: bump when an unchanged reminder would render differently: every one is rendered again
RENDER_VERSION = "1"
_END = b"END:VCALENDAR\r\n"


def follow_ups_definition(*, private: bool = True) -> FeedDefinition:
    """The follow-ups feed's definition: its name, title, UID namespace and privacy."""
    return FeedDefinition(
        name=FOLLOW_UPS_FEED, title="Follow-ups", private=private, reminders={},
        uid_namespace=UID_DOMAIN, refresh=dt.timedelta(hours=6),
        description="Thank-you notes and promises after events, and when to get back in touch.",
    )


@frozen(kw_only=True)
class ReminderFeed:
    """What the follow-ups feed publishes in one build: its definition and the reminders."""

    definition: FeedDefinition
    reminders: ReminderSet


def _content_hash(entry: ReminderEntry) -> str:
    parts = (RENDER_VERSION, entry.kind, entry.day.isoformat(), entry.summary, entry.description)
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _stamp(component: icalendar.cal.Component, item: FeedItem) -> None:
    for name in ("DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED"):
        component.pop(name, None)
    component.add("dtstamp", item.dtstamp.astimezone(dt.UTC))
    component.add("created", item.first_seen.astimezone(dt.UTC))
    component.add("last-modified", item.last_modified.astimezone(dt.UTC))
    component.add("sequence", item.sequence)


def _render(entry: ReminderEntry, item: FeedItem) -> bytes:
    (component,) = reminder_vevents([entry], stamp=item.dtstamp)
    assert isinstance(component, icalendar.cal.Component)
    _stamp(component, item)
    return bytes(component.to_ical())


def _withdrawn(body: bytes, item: FeedItem, prefix: str) -> bytes:
    component = icalendar.cal.Component.from_ical(body)
    component.pop("STATUS", None)
    component.add("status", "CANCELLED")
    summary = str(component.get("summary", ""))
    if not summary.startswith((DONE_PREFIX, GONE_PREFIX)):
        component.pop("SUMMARY", None)
        component.add("summary", prefix + summary)
    _stamp(component, item)
    return bytes(component.to_ical())


def _header(definition: FeedDefinition) -> bytes:
    calendar = calendar_shell(name=definition.display_title, refresh_interval=definition.refresh)
    calendar.add("X-WR-CALDESC", definition.description)
    text = bytes(calendar.to_ical())
    return text[: -len(_END)]


def publish_reminders(feed: ReminderFeed, previous: Mapping[str, FeedItem], *, now: dt.datetime
                      ) -> tuple[list[FeedItem], bytes, Counter[str]]:
    """The feed state to keep, the feed's bytes and the count of each action, for ``feed`` after
    the build that left ``previous``. Unchanged reminders reuse their cached bytes, so an
    unchanged feed comes out byte-identical."""
    definition = feed.definition
    entries = {entry.uid: entry for entry in feed.reminders.entries}
    steps = plan_feed(
        definition.name, previous,
        (Candidate(uid=uid, event_key=uid, content_hash=_content_hash(entry))
         for uid, entry in entries.items()),
        now=now, grace=definition.grace, is_over=lambda item: item.uid in feed.reminders.stale,
    )
    items: list[FeedItem] = []
    bodies: list[bytes] = []
    for step in steps:
        item = step.item
        if step.action.renders:
            item = _evolve(item, _render(entries[item.uid], item))
        elif step.action is Action.CANCELLED:
            prefix = DONE_PREFIX if item.uid in feed.reminders.done else GONE_PREFIX
            item = _evolve(item, _withdrawn(item.body, item, prefix))
        if step.action.stored:
            items.append(item)
        if step.action.published:
            bodies.append(item.body)
    data = _header(definition) + b"".join(bodies) + _END
    return items, data, Counter(step.action.value for step in steps)


def _evolve(item: FeedItem, body: bytes) -> FeedItem:
    import attrs

    return attrs.evolve(item, body=body)
