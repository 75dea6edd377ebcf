"""Calls for papers that fit one of the person's talks, in the deadlines feed.

The call's deadline entry names the talks that fit it and carries alarms 14, 3 and 1 days before
the closing day. Google Calendar and Outlook drop VALARMs from subscribed calendars, so an alarm
alone reminds nobody there: each such call also gets one all-day event per reminder day still
ahead, in a UID namespace of its own (``cfp-<n>d-<event key>@reminders.<feed namespace>``),
which every calendar shows. They follow the feed's state rules like every other entry: a moved
deadline moves them (same UID, SEQUENCE + 1); a talk submitted there, or a call that closes
early, cancels the ones still ahead; a reminder day that has passed retires quietly.

The feeds do not read the talks file: :class:`TalkCfp` is what they need of one call that fits
one talk (``eventscout.plan.CfpDeadline`` is one; the pipeline passes them in), and
:func:`group_by_event` joins the talks that fit one event's call into a :class:`TalkNote`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Protocol

import icalendar
from attrs import frozen

from ..export import clean_text
from ..model import AOE, Event

__all__ = ["TalkCfp", "TalkNote", "group_by_event", "name_talks", "reminder_component",
           "reminder_uid"]


class _Titled(Protocol):
    @property
    def title(self) -> str: ...


class TalkCfp(Protocol):
    """An open call for papers that fits one talk: ``reminders`` are the reminder days still
    ahead, ``leads`` every reminder's days before the closing day."""

    @property
    def talk(self) -> _Titled: ...

    @property
    def event(self) -> Event: ...

    @property
    def closes(self) -> dt.datetime: ...

    @property
    def reminders(self) -> Sequence[dt.date]: ...

    @property
    def tags(self) -> Sequence[str]: ...

    @property
    def leads(self) -> Sequence[int]: ...


@frozen(kw_only=True)
class TalkNote:
    """The talks that fit one event's open call, its closing instant and its reminder days."""

    talks: tuple[str, ...]
    tags: tuple[str, ...]
    closes: dt.datetime
    #: days before the closing day of every reminder (the alarms), longest first
    leads: tuple[int, ...]
    #: the reminder days still ahead, each with its days before the closing day
    days: tuple[tuple[dt.date, int], ...]

    def hash_parts(self) -> list[str]:
        """What of the note an entry's bytes show, for its content hash."""
        return ["talks", *self.talks, *self.tags, self.closes.isoformat(),
                *(str(lead) for lead in self.leads)]


def group_by_event(cfps: Iterable[TalkCfp]) -> dict[str, TalkNote]:
    """One note per event key, joining every talk that fits its call."""
    grouped: dict[str, list[TalkCfp]] = {}
    for cfp in cfps:
        grouped.setdefault(cfp.event.key, []).append(cfp)
    notes = {}
    for key, group in grouped.items():
        closes = group[0].closes
        closing_day = closes.date()
        days = sorted({day for cfp in group for day in cfp.reminders})
        notes[key] = TalkNote(
            talks=tuple(sorted({cfp.talk.title for cfp in group})),
            tags=tuple(sorted({tag for cfp in group for tag in cfp.tags})),
            closes=closes,
            leads=tuple(sorted({lead for cfp in group for lead in cfp.leads}, reverse=True)),
            days=tuple((day, (closing_day - day).days) for day in days),
        )
    return notes


def reminder_uid(lead: int, event_key: str, namespace: str) -> str:
    """The UID of the reminder ``lead`` days before the call of ``event_key`` closes."""
    return f"cfp-{lead}d-{event_key}@reminders.{namespace}"


def _talks(note: TalkNote) -> str:
    quoted = [f"“{title}”" for title in note.talks]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _closing(closes: dt.datetime) -> str:
    if closes.utcoffset() == AOE.utcoffset(None):
        return (f"{closes:%a %d %b %Y, %H:%M} Anywhere on Earth "
                f"({closes.astimezone(dt.UTC):%d %b %H:%M} UTC)")
    return f"{closes.astimezone(dt.UTC):%a %d %b %Y, %H:%M} UTC"


def _fit(note: TalkNote) -> str:
    noun = "talk" if len(note.talks) == 1 else "talks"
    reminders = ", ".join(str(lead) for lead in note.leads)
    return (f"Your {noun} {_talks(note)} fit{'s' if len(note.talks) == 1 else ''} this call "
            f"(tags: {', '.join(note.tags)}). Reminders {reminders} days before it closes; they "
            "leave this calendar once the talk is submitted there "
            "(eventscout talk set TALK EVENT submitted).")


def name_talks(component: icalendar.cal.Component, note: TalkNote) -> None:
    """Name the fitting talks in a call's deadline entry: in its summary and description."""
    summary = str(component.get("SUMMARY", ""))
    component.pop("SUMMARY", None)
    component.add("SUMMARY", clean_text(f"{summary} (submit {_talks(note)})", single_line=True))
    description = str(component.get("DESCRIPTION", ""))
    component.pop("DESCRIPTION", None)
    component.add("DESCRIPTION", clean_text(f"{_fit(note)}\n\n{description}".strip()))


def reminder_component(event: Event, note: TalkNote, day: dt.date, lead: int) -> icalendar.Event:
    """The all-day reminder on ``day``, ``lead`` days before the call of ``event`` closes
    (UID and bookkeeping are added by the feed)."""
    component = icalendar.Event()
    component.add("DTSTART", day)
    component.add("DTEND", day + dt.timedelta(days=1))
    left = f"{lead} day{'s' if lead != 1 else ''}"
    component.add("SUMMARY", clean_text(f"Submit {_talks(note)} to {event.title}: the call "
                                        f"for papers closes in {left}", single_line=True))
    url = event.cfp.url if event.cfp is not None and event.cfp.url else event.url
    parts = [
        f"The call for papers of {event.title} closes {_closing(note.closes)}, {left} after "
        "this reminder.",
        _fit(note),
        f"Submit at {url}" if url else "",
    ]
    component.add("DESCRIPTION", clean_text("\n\n".join(part for part in parts if part)))
    if url:
        component.add("URL", url)
    component.add("CATEGORIES", ["reminder", "call for papers"])
    component.add("TRANSP", "TRANSPARENT")
    component.add("STATUS", "CONFIRMED")
    return component
