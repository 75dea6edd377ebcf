"""Follow-ups and stay-in-touch reminders as dated all-day events, for feeds every client shows.

Google, Outlook and iOS drop VTODOs and alarms from subscribed calendars, so each reminder becomes
an all-day event on the day it is due. :func:`reminder_entries` gives plain
:class:`ReminderEntry` values (a feed builder adds state: SEQUENCE, cancellations); their UIDs live
in their own namespace (``@people.eventscout``) and are derived from what the reminder is about, so a
rebuild gives the same UID for the same reminder: a follow-up's from the meeting and the promise, a
stay-in-touch reminder's from the contact alone, so that getting in touch *moves* it (same UID, a
new day) instead of cancelling one and adding another. :func:`reminder_set` is what a feed or a
CalDAV push publishes at a moment: the live reminders, and which follow-ups were done or went
stale (their reminders leave in different ways). :func:`reminder_vevents` turns entries into
icalendar VEVENTs: ``DTSTART;VALUE=DATE``, the exclusive ``DTEND`` of the next day, a ``DTSTAMP``
given by the caller, ``TRANSP:TRANSPARENT`` (a reminder does not make anyone busy).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

import attrs
from attrs import frozen

from ..text import normalize_name
from ._agenda import FollowUp, StayInTouch, contact_today, follow_ups, next_due
from ._contacts import ContactBook

__all__ = ["FOLLOW_UP_KEEP_DAYS", "UID_DOMAIN", "ReminderEntry", "ReminderSet", "reminder_calendar",
           "reminder_entries", "reminder_set", "reminder_vevents"]

UID_DOMAIN = "people.eventscout"
#: a follow-up never marked done stays published this many days past its due day, then goes stale
FOLLOW_UP_KEEP_DAYS = 30


@frozen(kw_only=True)
class ReminderEntry:
    """One reminder for a feed: a stable ``uid``, the ``day`` it falls on, and its text."""

    uid: str
    day: dt.date
    summary: str
    description: str
    kind: str


def _uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"{parts[0]}-{digest}@{UID_DOMAIN}"


def _follow_up(item: FollowUp) -> ReminderEntry:
    meeting = item.meeting
    uid = _uid("follow-up", item.contact.casefold(), meeting.event_key or meeting.event,
               meeting.on.isoformat(), item.kind, item.text)
    return ReminderEntry(uid=uid, day=item.due, summary=item.text, kind=item.kind,
                         description=f"You met {item.contact} at {meeting.event} "
                                     f"({meeting.on.isoformat()}); due within 48 hours of its end.")


def _touch(item: StayInTouch) -> ReminderEntry:
    contact = item.contact
    uid = _uid("stay-in-touch", contact.key)
    last = contact.last_contact or contact.since
    since = f"last in touch {last.isoformat()}" if last else "never in touch yet"
    topics = f"; you talk about {', '.join(contact.topics)}" if contact.topics else ""
    return ReminderEntry(uid=uid, day=item.due, summary=f"Get in touch with {contact.name}",
                         kind="stay_in_touch",
                         description=f"Every {contact.cadence_days} days: {since}{topics}.")


def reminder_entries(follow_ups: Iterable[FollowUp] = (),
                     stay_in_touch: Iterable[StayInTouch] = ()) -> list[ReminderEntry]:
    """The reminders for follow-ups and stay-in-touch dates, by day (an overdue stay-in-touch
    reminder stays on the day it fell due: a calendar shows it in the past, as it is)."""
    entries = [*(_follow_up(f) for f in follow_ups), *(_touch(s) for s in stay_in_touch)]
    return sorted(entries, key=lambda e: (e.day, e.uid))


@frozen(kw_only=True)
class ReminderSet:
    """The reminders to publish at one moment, and why the others are not there.

    ``done`` holds the UIDs of follow-ups marked done (their reminders are withdrawn: a feed
    cancels them, a CalDAV push completes the task); ``stale`` the UIDs of follow-ups more than
    :data:`FOLLOW_UP_KEEP_DAYS` past due and never done (they happened, or never will: a feed lets
    them retire as they are). Any other reminder that leaves (a contact removed, a meeting
    deleted) is cancelled.
    """

    entries: tuple[ReminderEntry, ...]
    done: frozenset[str] = frozenset()
    stale: frozenset[str] = frozenset()


def reminder_set(book: ContactBook, now: dt.datetime, *,
                 keep_days: int = FOLLOW_UP_KEEP_DAYS) -> ReminderSet:
    """Every reminder ``book`` gives at ``now``: each open follow-up until ``keep_days`` past its
    due day, and for each contact with a cadence its next stay-in-touch day however far ahead
    (overdue ones stay on the day they fell due). A contact with a cadence but neither a last
    contact nor a connection date gets none: there is no day to count from."""
    every = follow_ups(ContactBook(meetings=tuple(attrs.evolve(m, done=()) for m in book.meetings)))
    open_uids = {_follow_up(item).uid for item in follow_ups(book)}
    zones = {contact.key: contact for contact in book.contacts}
    live: list[FollowUp] = []
    stale: set[str] = set()
    done: set[str] = set()
    for item in every:
        uid = _follow_up(item).uid
        if uid not in open_uids:
            done.add(uid)
            continue
        contact = zones.get(normalize_name(item.contact))
        today = contact_today(contact, now) if contact else now.astimezone(dt.UTC).date()
        if (today - item.due).days > keep_days:
            stale.add(uid)
        else:
            live.append(item)
    touch = []
    for contact in book.contacts:
        due = next_due(contact)
        if due is not None:
            today = contact_today(contact, now)
            touch.append(StayInTouch(contact=contact, due=due, days_over=(today - due).days))
    return ReminderSet(entries=tuple(reminder_entries(live, touch)), done=frozenset(done),
                       stale=frozenset(stale))


def reminder_vevents(entries: Iterable[ReminderEntry], *, stamp: dt.datetime) -> list[object]:
    """icalendar ``Event`` components for the entries, all-day; ``stamp`` (aware) is DTSTAMP."""
    import icalendar

    events: list[object] = []
    for entry in entries:
        vevent = icalendar.Event()
        vevent.add("uid", entry.uid)
        vevent.add("dtstamp", stamp.astimezone(dt.UTC))
        vevent.add("dtstart", entry.day)
        vevent.add("dtend", entry.day + dt.timedelta(days=1))
        vevent.add("summary", entry.summary)
        vevent.add("description", entry.description)
        vevent.add("categories", ["reminder", entry.kind.replace("_", "-")])
        vevent.add("transp", "TRANSPARENT")
        events.append(vevent)
    return events


def reminder_calendar(entries: Iterable[ReminderEntry], *, stamp: dt.datetime,
                      name: str = "eventscout follow-ups") -> bytes:
    """A whole VCALENDAR of the entries (for tests and one-off exports; feeds add their state)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//eventscout//people reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for vevent in reminder_vevents(entries, stamp=stamp):
        calendar.add_component(vevent)  # type: ignore[arg-type]
    return bytes(calendar.to_ical())
