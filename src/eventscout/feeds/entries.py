"""A feed's entries: what each selected match becomes, with a UID, a content hash and its bytes.

An entry is one calendar component of one feed: the event itself (``must_attend``,
``worth_a_look``), one of its deadlines (``deadlines``), or a planning task (``tasks = true``).
Its UID is stable and lives in the feed's own namespace (``<prefix><event key>@<namespace>``),
so the same event in two feeds, or an event and its CFP, never share a UID.

The content hash covers everything that goes into the entry's bytes apart from the bookkeeping
(DTSTAMP, SEQUENCE, LAST-MODIFIED, which come from the state): the event's own content hash, the
reasons shown, the reminders, the task. When it is unchanged, the bytes cached in the store are
published again without serialising anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Mapping, Sequence

import icalendar
from attrs import frozen

from ..export import MatchLike, UnrankedMatch, cfp_component, deadline_component, event_component
from ..model import Deadline, Event, EventKind, EventStatus, as_instant
from ..runner import FeedItem
from ..serialize import content_hash as event_content_hash
from .definition import FeedDefinition, Tier
from .reminders import alarm_components
from .talk_reminders import TalkNote, name_talks, reminder_component, reminder_uid
from .tasks import STAY_IN_TOUCH_AFTER, PlanningTask, planning_tasks, task_component

log = logging.getLogger(__name__)

__all__ = [
    "CONFLICT_TEXT",
    "Entry",
    "cancel_body",
    "feed_entries",
    "follow_up_entries",
    "has_ended",
    "render_entry",
    "shown",
    "tzids_in",
]

#: bump when the bytes of an unchanged entry would come out differently (a rendering change):
#: every cached entry is then rendered again, with SEQUENCE + 1
RENDER_VERSION = "1"

_DEADLINE_SUMMARY = {
    "cfp": "Call for papers closes: {title}",
    "registration": "Registration closes: {title}",
    "scholarship": "Scholarship applications close: {title}",
    "mentorship": "Mentorship applications close: {title}",
}
_RELATIVE = re.compile(
    r"\b(in|within|for) \d+ (day|week|month|hour)s?\b|\b\d+ (day|week|month|hour)s? "
    r"(ago|left|away|from now)\b|\b(today|tomorrow|yesterday)\b", re.IGNORECASE
)
#: a TZID parameter of a date-time property line (never one inside a text value: a scraped
#: description may well contain "see ;TZID=Europe:2027", escaped as "\\;TZID=...")
_TZID = re.compile(
    rb'^(?:DTSTART|DTEND|DUE|RECURRENCE-ID|EXDATE|RDATE)(?:;[^:\r\n]*)?;TZID="?([^":;\r\n]+)"?'
    rb'(?:;[^:\r\n]*)?:(\d{4})',
    re.MULTILINE,
)


@frozen(kw_only=True)
class Entry:
    """One component a feed publishes, before the state decides its SEQUENCE and DTSTAMP."""

    uid: str
    kind: str  # "event", a deadline kind ("cfp", ...), or "task"
    match: MatchLike
    content_hash: str
    #: for a deadline: the instant it passes
    deadline: dt.datetime | None = None
    task: PlanningTask | None = None
    #: a call for papers that fits the person's talks (its deadline, or a reminder before it)
    talks: TalkNote | None = None
    #: a reminder's day and its days before the call closes
    reminder: tuple[dt.date, int] | None = None

    @property
    def event(self) -> Event:
        return self.match.event


def _deadlines(event: Event) -> list[tuple[str, dt.datetime]]:
    found = []
    if event.cfp is not None and event.cfp.closes is not None:
        found.append(("cfp", event.cfp.closes))
    if event.registration_deadline is not None:
        if "scholarship" in event.features:
            kind = "scholarship"
        elif event.kind is EventKind.MENTORSHIP:
            kind = "mentorship"
        else:
            kind = "registration"
        found.append((kind, event.registration_deadline))
    return found


def _hash(definition: FeedDefinition, kind: str, match: MatchLike, extra: Sequence[str]) -> str:
    """SHA-256 over what the entry's bytes show (fields joined with a unit separator, which
    plain text from the model never holds)."""
    parts = [
        RENDER_VERSION, kind, event_content_hash(match.event),
        *(reason.text for reason in match.reasons), "\x1e",
        *(str(lead.total_seconds()) for lead in definition.reminders.get(kind, ())), "\x1e",
        *extra,
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def lasting(match: MatchLike) -> MatchLike:
    """``match`` without the reasons that count days from the build ("CFP closes in 9 days").

    A feed entry lives for weeks in a subscriber's calendar: such a sentence is wrong the next
    day, and re-publishing it daily would bump every SEQUENCE for nothing. The deadline itself
    stays in the entry as a date.
    """
    kept = tuple(reason for reason in match.reasons if not _RELATIVE.search(reason.text))
    if len(kept) == len(match.reasons):
        return match
    return UnrankedMatch(event=match.event, score=match.score, reasons=kept)


#: what a feed that is not private says instead of a busy-calendar conflict ("conflicts with
#: Job interview at ..."): the title of the person's own appointment must not be published
CONFLICT_TEXT = "conflicts with something in your calendar"


@frozen(kw_only=True)
class _ShownReason:
    """A reason as a feed shows it (the ranker's signal and contribution, another sentence)."""

    signal: str
    contribution: float
    text: str


def _redacted(match: MatchLike) -> MatchLike:
    """``match`` with the text of its busy-calendar conflicts replaced by :data:`CONFLICT_TEXT`."""
    if not any(getattr(reason, "signal", None) == "conflict" for reason in match.reasons):
        return match
    reasons = tuple(
        _ShownReason(signal="conflict", contribution=getattr(reason, "contribution", 0.0),
                     text=CONFLICT_TEXT)
        if getattr(reason, "signal", None) == "conflict" else reason
        for reason in match.reasons
    )
    return UnrankedMatch(event=match.event, score=match.score, reasons=reasons)


def shown(definition: FeedDefinition, match: MatchLike) -> MatchLike:
    """``match`` as ``definition``'s feed and the index page show it: without the reasons that
    count days (:func:`lasting`) and, unless the feed is private, without the titles of the
    person's busy-calendar appointments, which the ranker names in its "conflict" reasons."""
    kept = lasting(match)
    return kept if definition.private else _redacted(kept)


def feed_entries(definition: FeedDefinition, matches: Sequence[MatchLike],
                 talk_cfps: Mapping[str, TalkNote] | None = None) -> list[Entry]:
    """Every entry the selected ``matches`` give in ``definition``'s feed; ``talk_cfps`` (by
    event key) are the calls for papers that fit the person's talks (a deadline feed names the
    talks in the call's entry and adds its dated reminders, :mod:`.talk_reminders`)."""
    namespace = definition.uid_namespace
    entries: list[Entry] = []
    keys: set[str] = set()
    for ranked in matches:
        match = shown(definition, ranked)
        event = match.event
        if event.key in keys:
            # two unmerged listings of one event: the better-ranked one is published
            log.info("feed %s: skipping a second %r (key %s)", definition.name, event.title, event.key)
            continue
        keys.add(event.key)
        if definition.tier is Tier.DEADLINES:
            for kind, instant in _deadlines(event):
                if kind in definition.deadline_kinds:
                    note = (talk_cfps or {}).get(event.key) if kind == "cfp" else None
                    extra = [instant.isoformat(), *(note.hash_parts() if note else ())]
                    entries.append(Entry(
                        uid=f"{kind}-{event.key}@{namespace}", kind=kind, match=match,
                        content_hash=_hash(definition, kind, match, extra),
                        deadline=instant, talks=note,
                    ))
                    if note is not None:
                        entries += _reminder_entries(definition, event, note)
        else:
            entries.append(Entry(
                uid=f"{event.key}@{namespace}", kind="event", match=match,
                content_hash=_hash(definition, "event", match, ()),
            ))
        if definition.tasks and definition.tier is not Tier.DEADLINES:
            entries += _task_entries(definition, match)
    return entries


def _reminder_entries(definition: FeedDefinition, event: Event, note: TalkNote) -> list[Entry]:
    """The dated all-day reminders of a call that fits the person's talks, one per day still
    ahead. Their hash leaves out the ranker's reasons, which they do not show."""
    plain = UnrankedMatch(event=event)
    return [
        Entry(
            uid=reminder_uid(lead, event.key, definition.uid_namespace), kind="cfp_reminder",
            match=plain,
            content_hash=_hash(definition, "cfp_reminder", plain,
                               [day.isoformat(), str(lead), *note.hash_parts()]),
            talks=note, reminder=(day, lead),
        )
        for day, lead in note.days
    ]


def _task_entries(definition: FeedDefinition, match: MatchLike) -> list[Entry]:
    """The planning to-dos of ``match``'s event. Their hash leaves out the ranker's reasons,
    which a VTODO does not show, so that a task stays unchanged whether or not the event is
    still ranked (see :func:`follow_up_entries`)."""
    event = match.event
    plain = UnrankedMatch(event=event)
    return [
        Entry(
            uid=f"todo-{task.slug}-{event.key}@{definition.uid_namespace}", kind="task",
            match=match,
            content_hash=_hash(definition, "task", plain, [
                task.slug, task.summary, task.description, task.due.isoformat(),
            ]),
            task=task,
        )
        for task in planning_tasks(event)
    ]


def follow_up_entries(
    definition: FeedDefinition, events: Sequence[Event], *, now: dt.datetime
) -> list[Entry]:
    """The planning to-dos of ``events`` that ended less than :data:`STAY_IN_TOUCH_AFTER` ago.

    The ranker leaves past events out, but the follow-up tasks of an event fall due after it
    ends: a feed with tasks keeps publishing them (unchanged) for the events it held, instead of
    cancelling them exactly when they become useful. ``events`` are those events; an event its
    organiser cancelled gets none.
    """
    if not definition.tasks or definition.tier is Tier.DEADLINES:
        return []
    entries: list[Entry] = []
    for event in events:
        if event.status is EventStatus.CANCELLED:
            continue
        ended = event.end_instant()
        if ended <= now < ended + STAY_IN_TOUCH_AFTER:
            entries += _task_entries(definition, UnrankedMatch(event=event))
    return entries


def _why(match: MatchLike) -> str:
    lines = [f"- {reason.text}" for reason in match.reasons if reason.text]
    return "Why this is for you:\n" + "\n".join(lines) if lines else ""


def _deadline_component(entry: Entry) -> icalendar.Event:
    """A registration, scholarship or mentorship deadline, in the exporter's one deadline shape
    (:func:`eventscout.export.deadline_component`)."""
    assert entry.deadline is not None
    event = entry.event
    deadline = Deadline(kind=entry.kind, closes=entry.deadline)
    aoe = " (end of the day, Anywhere on Earth)" if deadline.at_end_of_day_anywhere else ""
    parts = [
        f"{event.title}: the deadline passes at {deadline.closes_utc:%Y-%m-%d %H:%M} UTC{aoe}.",
        f"Event: {event.first_day:%d %b %Y}" + (f", {event.url}" if event.url else ""),
        _why(entry.match),
    ]
    return deadline_component(
        deadline,
        summary=_DEADLINE_SUMMARY[entry.kind].format(title=event.title),
        description="\n\n".join(part for part in parts if part),
        url=event.url,
    )


def render_entry(entry: Entry, definition: FeedDefinition, item: FeedItem) -> bytes:
    """The serialized component of ``entry`` with the bookkeeping of ``item``."""
    component: icalendar.cal.Component
    if entry.kind == "event":
        component = event_component(
            entry.match, dtstamp=item.dtstamp, sequence=item.sequence,
            last_modified=item.last_modified,
        )
    elif entry.kind == "task":
        assert entry.task is not None
        component = task_component(entry.task, uid=entry.uid, url=entry.event.url)
    elif entry.kind == "cfp":
        component = cfp_component(
            entry.match, dtstamp=item.dtstamp, sequence=item.sequence,
            last_modified=item.last_modified,
        )
        if entry.talks is not None:
            name_talks(component, entry.talks)
    elif entry.kind == "cfp_reminder":
        assert entry.talks is not None and entry.reminder is not None
        component = reminder_component(entry.event, entry.talks, *entry.reminder)
    else:
        component = _deadline_component(entry)
    if entry.kind in ("event", "cfp"):
        # the exporter stamped DTSTAMP, SEQUENCE and LAST-MODIFIED; the UID is the feed's own
        component.pop("UID")
        component.add("uid", entry.uid)
        component.add("created", item.first_seen.astimezone(dt.UTC))
    else:
        _stamp(component, entry.uid, item)
    # the real event the entry belongs to: two listings of one conference that the merge did not
    # join stay two entries (vdirsyncer would collapse entries identical apart from their UID)
    component.add("X-EVENTSCOUT-EVENT", entry.event.key)
    if entry.event.status is EventStatus.CANCELLED:
        _mark_cancelled(component)  # cancelled upstream: shown as such while it is listed
        return bytes(component.to_ical())
    leads = definition.reminders.get(entry.kind, ())
    if entry.kind == "cfp" and entry.talks is not None and definition.reminders:
        # a call that fits a talk is reminded 14, 3 and 1 days before it closes, besides the
        # feed's own leads (which the dated reminder entries repeat for clients without alarms)
        leads = (*leads, *(dt.timedelta(days=lead) for lead in entry.talks.leads))
    if leads:
        # a task's reminders count back from DUE, a deadline's from the instant it passes
        summary = str(component.get("summary", entry.event.title))
        for alarm in alarm_components(summary, leads, related_to_end=entry.kind != "event"):
            component.add_component(alarm)
    return component.to_ical()


def _stamp(component: icalendar.cal.Component, uid: str, item: FeedItem) -> None:
    """Set the identity and bookkeeping properties from the feed state, replacing any given."""
    for name in ("UID", "DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED"):
        component.pop(name, None)
    component.add("uid", uid)
    component.add("dtstamp", item.dtstamp.astimezone(dt.UTC))
    component.add("created", item.first_seen.astimezone(dt.UTC))
    component.add("last-modified", item.last_modified.astimezone(dt.UTC))
    component.add("sequence", item.sequence)


#: the summary prefix of an event cancelled by its organiser
CANCELLED_PREFIX = "Cancelled: "
#: the summary prefix of an entry that merely left the feed (it fell out of the tier, no longer
#: matches, its source stopped listing it): the event may well take place
LEFT_PREFIX = "No longer in this feed: "


def cancel_body(body: bytes, item: FeedItem, *, cancelled_upstream: bool = False) -> bytes:
    """The cached bytes of an entry that left the feed, rewritten as STATUS:CANCELLED (clients
    need it to remove the entry) with the new SEQUENCE and stamps.

    Reminders are dropped (nobody wants an alarm for what left the calendar). The summary tells
    the clients that do not show STATUS why: "Cancelled: " only when the organiser cancelled the
    event (``cancelled_upstream``, or the cached bytes already say so), "No longer in this feed: "
    when it merely left it, say by falling from rank 10 to 11 of a must-attend feed.
    """
    component = icalendar.cal.Component.from_ical(body)
    upstream = cancelled_upstream or str(component.get("STATUS", "")).upper() == "CANCELLED"
    _mark_cancelled(component, CANCELLED_PREFIX if upstream else LEFT_PREFIX)
    _stamp(component, item.uid, item)
    return bytes(component.to_ical())


def _mark_cancelled(component: icalendar.cal.Component, prefix: str = CANCELLED_PREFIX) -> None:
    """STATUS:CANCELLED, ``prefix`` before the summary, and no reminders."""
    component.subcomponents = [
        sub for sub in component.subcomponents if sub.name != "VALARM"
    ]
    component.pop("STATUS", None)
    component.add("status", "CANCELLED")
    summary = str(component.get("summary", ""))
    if not summary.startswith((CANCELLED_PREFIX, LEFT_PREFIX)):
        component.pop("SUMMARY", None)
        component.add("summary", f"{prefix}{summary}")


def has_ended(item: FeedItem, now: dt.datetime) -> bool:
    """Whether the entry cached in ``item`` has ended by ``now`` (a to-do: is past its due)."""
    if not item.body:
        return False
    component = icalendar.cal.Component.from_ical(item.body)
    for name in ("DTEND", "DUE", "DTSTART"):
        if name in component:
            # an exclusive end (or a to-do's due day) is reached at 00:00 AoE of that day
            return as_instant(component.decoded(name), closes=True) <= now
    return False


def tzids_in(body: bytes) -> set[tuple[str, int]]:
    """The (TZID, year) pairs an entry's bytes use: each TZID needs a VTIMEZONE in the feed
    covering those years."""
    unfolded = body.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    return {(tzid.decode("utf-8"), int(year)) for tzid, year in _TZID.findall(unfolded)}
