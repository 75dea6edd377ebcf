"""Who to get back to: follow-ups after events, stay-in-touch reminders, milestones, sightings.

Everything here is date arithmetic on calendar days, in the contact's own time zone: "today" for a
contact is ``now`` seen in their zone, and a cadence of 4 weeks from 1 March is 29 March whether or
not the clocks changed in between (adding 28 × 24 h to a local midnight would land at 01:00 or
23:00 across a DST change, and a day off near midnight).

* :func:`follow_ups`: after meeting someone at an event, a thank-you note and each promise made
  (an intro, the slides) are due within 48 hours of the event's end: by the end of its last day + 2.
* :func:`stay_in_touch`: when a contact's cadence has run out since the last contact (or since
  connecting; never in touch at all counts as due now).
* :func:`milestones`: a contact named in an upcoming event's listing (speakers are named in the
  title or description; the model carries no speaker list) or with a new role noted lately.
* :func:`at_events`: which contacts the listings of planned events name.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable

from attrs import frozen

from ..model import Event
from ..text import normalize_name
from ._contacts import Contact, ContactBook, Meeting

__all__ = ["FollowUp", "Milestone", "PeopleReport", "Sighting", "StayInTouch", "at_events",
           "contact_today", "follow_ups", "milestones", "names_in", "next_due", "people_report",
           "render_people", "stay_in_touch"]

#: follow-ups are due this many days after the event's last day (48 hours after its end)
FOLLOW_UP_DAYS = 2
THANK_YOU = "thank-you"


@frozen(kw_only=True)
class FollowUp:
    """Something to do for ``contact`` after ``meeting``: ``kind`` is thank_you, intro, slides or
    promise; due by the end of ``due`` (the contact's calendar day)."""

    contact: str
    kind: str
    text: str
    due: dt.date
    meeting: Meeting


@frozen(kw_only=True)
class StayInTouch:
    """A contact whose cadence runs out on ``due``; ``days_over`` > 0 when that has passed."""

    contact: Contact
    due: dt.date
    days_over: int

    @property
    def overdue(self) -> bool:
        return self.days_over > 0


@frozen(kw_only=True)
class Milestone:
    """A reason to congratulate: ``kind`` is speaking (at ``event``) or new_role."""

    contact: Contact
    kind: str
    on: dt.date
    text: str
    event: Event | None = None


@frozen(kw_only=True)
class Sighting:
    """A contact named in the listing of a planned event: someone to meet there."""

    contact: Contact
    event: Event


@frozen(kw_only=True)
class PeopleReport:
    """Who is due, overdue, what to follow up, whom to congratulate, whom to meet where."""

    due: tuple[StayInTouch, ...]
    overdue: tuple[StayInTouch, ...]
    follow_ups: tuple[FollowUp, ...]
    milestones: tuple[Milestone, ...]
    at_events: tuple[Sighting, ...]


def contact_today(contact: Contact, now: dt.datetime) -> dt.date:
    """The calendar day it is for ``contact`` at the instant ``now``."""
    return now.astimezone(zoneinfo.ZoneInfo(contact.timezone)).date()


def next_due(contact: Contact) -> dt.date | None:
    """The day the contact's cadence runs out (None: no cadence, or never in touch)."""
    base = contact.last_contact or contact.since
    if contact.cadence_days is None or base is None:
        return None
    return base + dt.timedelta(days=contact.cadence_days)


def _kind(promise: str) -> str:
    words = promise.casefold()
    if "intro" in words:
        return "intro"
    if "slide" in words:
        return "slides"
    return "promise"


def follow_ups(book: ContactBook) -> list[FollowUp]:
    """The follow-ups not yet done for every recorded meeting, earliest due first."""
    result = []
    for meeting in book.meetings:
        due = meeting.on + dt.timedelta(days=FOLLOW_UP_DAYS)
        done = {item.casefold() for item in meeting.done}
        if THANK_YOU not in done:
            result.append(FollowUp(contact=meeting.name, kind="thank_you", due=due, meeting=meeting,
                                   text=f"Send {meeting.name} a thank-you note after {meeting.event}"))
        for promise in meeting.promises:
            if promise.casefold() not in done:
                result.append(FollowUp(contact=meeting.name, kind=_kind(promise), due=due,
                                       meeting=meeting,
                                       text=f"{meeting.name}: {promise} (promised at {meeting.event})"))
    return sorted(result, key=lambda f: (f.due, f.contact, f.text))


def stay_in_touch(book: ContactBook, now: dt.datetime, *, within_days: int = 7) -> list[StayInTouch]:
    """Contacts whose cadence runs out within ``within_days`` of their today, or has run out;
    contacts with a cadence but no contact or connection date are due today."""
    result = []
    for contact in book.contacts:
        if contact.cadence_days is None:
            continue
        today = contact_today(contact, now)
        due = next_due(contact) or today
        if due <= today + dt.timedelta(days=within_days):
            result.append(StayInTouch(contact=contact, due=due, days_over=(today - due).days))
    return sorted(result, key=lambda s: (s.due, s.contact.key))


@functools.lru_cache(maxsize=4096)
def _listing(title: str, description: str) -> str:
    return f" {normalize_name(title + ' ' + description)} "


def names_in(event: Event, contacts: Iterable[Contact]) -> list[Contact]:
    """The contacts whose full name the event's title or description holds as whole words."""
    text = _listing(event.title, event.description)
    return [c for c in contacts if len(c.key.split()) >= 2 and f" {c.key} " in text]


def _talk_words(event: Event, contact: Contact) -> str:
    first = contact.name.split()[0]
    return f"Congratulate {first} on speaking at {event.title} ({event.first_day.isoformat()})"


def milestones(book: ContactBook, events: Iterable[Event], now: dt.datetime, *,
               role_within_days: int = 30) -> list[Milestone]:
    """Congratulations due: contacts named in upcoming events (not yet over), and roles noted in
    the last ``role_within_days`` days."""
    result: list[Milestone] = []
    for event in events:
        if event.end_instant() <= now:
            continue
        result.extend(Milestone(contact=contact, kind="speaking", on=event.first_day, event=event,
                                text=_talk_words(event, contact))
                      for contact in names_in(event, book.contacts))
    for contact in book.contacts:
        if contact.role_since is None or contact.role is None:
            continue
        age = (contact_today(contact, now) - contact.role_since).days
        if 0 <= age <= role_within_days:
            at = f" at {contact.company}" if contact.company else ""
            result.append(Milestone(contact=contact, kind="new_role", on=contact.role_since,
                                    text=f"Congratulate {contact.name.split()[0]} on the new role: "
                                         f"{contact.role}{at}"))
    return sorted(result, key=lambda m: (m.on, m.contact.key, m.kind))


def at_events(book: ContactBook, planned: Iterable[Event]) -> list[Sighting]:
    """The contacts named in the listings of the planned events, by event date."""
    found = [Sighting(contact=contact, event=event)
             for event in planned for contact in names_in(event, book.contacts)]
    return sorted(found, key=lambda s: (s.event.first_day, s.event.key, s.contact.key))


def people_report(book: ContactBook, *, now: dt.datetime, upcoming: Iterable[Event] = (),
                  planned: Iterable[Event] = (), within_days: int = 7) -> PeopleReport:
    """Everything :func:`render_people` shows: due and overdue contacts, open follow-ups,
    milestones among ``upcoming`` events, and contacts at the ``planned`` ones."""
    touch = stay_in_touch(book, now, within_days=within_days)
    return PeopleReport(due=tuple(s for s in touch if not s.overdue),
                        overdue=tuple(s for s in touch if s.overdue),
                        follow_ups=tuple(follow_ups(book)),
                        milestones=tuple(milestones(book, upcoming, now)),
                        at_events=tuple(at_events(book, planned)))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_people(report: PeopleReport) -> str:
    """The report as plain text (a string; nothing printed)."""
    lines = []
    if report.overdue:
        lines.append("Overdue:")
        lines.extend(f"  {s.contact.name}: due {s.due.isoformat()}, {_plural(s.days_over, 'day')} ago"
                     for s in report.overdue)
    if report.due:
        lines.append("Due:")
        lines.extend(f"  {s.contact.name}: {s.due.isoformat()}" for s in report.due)
    if report.follow_ups:
        lines.append("Follow-ups:")
        lines.extend(f"  by {f.due.isoformat()}: {f.text}" for f in report.follow_ups)
    if report.milestones:
        lines.append("Milestones:")
        lines.extend(f"  {m.on.isoformat()}: {m.text}" for m in report.milestones)
    if report.at_events:
        lines.append("At planned events:")
        lines.extend(f"  {s.event.first_day.isoformat()} {s.event.title}: {s.contact.name}"
                     for s in report.at_events)
    return "\n".join(lines or ["Nobody is due."]) + "\n"
