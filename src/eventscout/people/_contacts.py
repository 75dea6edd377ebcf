"""Contacts and meetings, kept in a TOML file written atomically.

A :class:`Contact` is a person: name, where met, topics, how often to keep in touch (``cadence``, in
whole days), when last in touch, the zone they live in (reminders fall on *their* calendar days), and
their role, with the day a new one was noted. A :class:`Meeting` records meeting someone at an
event, with what was promised there. A :class:`ContactBook` holds both and changes by returning a
new book (:meth:`ContactBook.record_meeting`, :meth:`ContactBook.merge`).

The file (``contacts.toml``)::

    [[contact]]
    name = "Ada Lovelace"
    where_met = "PyCon DE 2026"
    topics = ["python", "compilers"]
    cadence = "every 8 weeks"        # or "8w", "56d", or 56 (days)
    last_contact = 2026-10-01
    timezone = "Europe/Berlin"

    [[meeting]]
    name = "Ada Lovelace"
    event = "PyCon DE 2027"
    on = 2027-04-14                  # the event's last day
    promises = ["intro to Grace", "share slides"]
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from pathlib import Path

import attrs
from attrs import field, frozen

from ..files import write_atomically
from ..settings import (
    Custom,
    Option,
    Section,
    Text,
    Texts,
    Where,
    parse_duration,
)
from ..text import normalize_name
from ..tomlfile import DAY, dumps_tables, read_rows, read_toml

__all__ = ["CONTACT_SECTION", "Contact", "ContactBook", "Meeting", "load_contacts",
           "parse_cadence", "save_contacts"]

_EVERY = re.compile(r"^\s*(?:every\s+)?(\d+)\s*(days?|weeks?|d|w)?\s*$", re.IGNORECASE)


def parse_cadence(value: object) -> int:
    """Whole days from ``"every 8 weeks"``, ``"8 weeks"``, ``"8w"``, ``"10d"`` or a number of days.

    Other units of :func:`eventscout.settings.parse_duration` are accepted when they make whole
    days ("48h"); anything else is a :class:`ValueError` saying what a cadence looks like.
    """
    if isinstance(value, str) and (match := _EVERY.match(value)):
        count, unit = match.groups()
        value = f"{count}{(unit or 'd')[0].lower()}"
    seconds = parse_duration(value, bare="days")
    days, rest = divmod(seconds, 86400)
    if rest or days < 1:
        raise ValueError(f"a cadence is a whole number of days or weeks, got {value!r}")
    return int(days)


def _zone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not a time zone such as 'Europe/Berlin'") from None
    return value


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.datetime):
        if isinstance(value, dt.datetime):
            raise ValueError("give a date, not a date and time")
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _name(value: object) -> str:
    return str(value).strip()


def _required_date(value: object) -> dt.date:
    day = _date(value)
    if day is None:
        raise ValueError("a date is required")
    return day


def _texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


@frozen(kw_only=True)
class Contact:
    """A person to keep in touch with. ``cadence_days`` None: no stay-in-touch reminder."""

    name: str = field(converter=_name)
    email: str | None = None
    where_met: str | None = None
    topics: tuple[str, ...] = field(default=(), converter=_texts)
    cadence_days: int | None = None
    last_contact: dt.date | None = field(default=None, converter=_date)
    #: when the connection began (LinkedIn's "Connected On"): the start of the cadence when
    #: there has been no contact since
    since: dt.date | None = field(default=None, converter=_date)
    timezone: str = field(default="UTC", converter=_zone)
    company: str | None = None
    role: str | None = None
    #: the day a new role was noted: a milestone to congratulate on
    role_since: dt.date | None = field(default=None, converter=_date)
    url: str | None = None

    @name.validator
    def _check_name(self, _attribute: object, value: str) -> None:
        if not value:
            raise ValueError("a contact needs a name")

    @property
    def key(self) -> str:
        """The name as compared: case, accents and punctuation ignored."""
        return normalize_name(self.name)


@frozen(kw_only=True)
class Meeting:
    """Meeting ``name`` at ``event`` on ``on`` (the event's last day), with promises made there;
    ``done`` lists the follow-ups already done ("thank-you", or a promise as written)."""

    name: str
    event: str
    on: dt.date = field(converter=_required_date)
    event_key: str | None = None
    promises: tuple[str, ...] = field(default=(), converter=_texts)
    done: tuple[str, ...] = field(default=(), converter=_texts)


@frozen(kw_only=True)
class ContactBook:
    """Contacts by name, and the meetings recorded."""

    contacts: tuple[Contact, ...] = ()
    meetings: tuple[Meeting, ...] = ()

    def find(self, name: str) -> Contact | None:
        """The contact whose name matches ``name`` (case and accents ignored), or None."""
        wanted = normalize_name(name)
        return next((c for c in self.contacts if c.key == wanted), None)

    def record_meeting(self, name: str, event: str, on: dt.date, *, event_key: str | None = None,
                       promises: Iterable[str] = ()) -> ContactBook:
        """The book after meeting ``name`` at ``event`` on ``on``: the meeting is added, the contact
        (made when new, with ``where_met`` = the event) is last in touch on ``on``."""
        contact = self.find(name)
        if contact is None:
            contact = Contact(name=name, where_met=event, last_contact=on)
            contacts = (*self.contacts, contact)
        else:
            latest = max(d for d in (contact.last_contact, on) if d is not None)
            changed = attrs.evolve(contact, last_contact=latest,
                                   where_met=contact.where_met or event)
            contacts = tuple(changed if c is contact else c for c in self.contacts)
        meeting = Meeting(name=contact.name, event=event, on=on, event_key=event_key,
                          promises=tuple(promises))
        return ContactBook(contacts=contacts, meetings=(*self.meetings, meeting))

    def mark_done(self, name: str, what: str | None = None) -> tuple[ContactBook, list[str]]:
        """The book with follow-ups for ``name`` marked done, and what was marked.

        ``what`` is ``"thank-you"``, a promise as written or a part of one (case aside); None marks
        every open follow-up of every meeting with ``name``. Nothing open that fits: a
        :class:`ValueError` saying what is open.
        """
        wanted = normalize_name(name)
        marked: list[str] = []
        open_items: list[str] = []
        meetings = []
        for meeting in self.meetings:
            if normalize_name(meeting.name) != wanted:
                meetings.append(meeting)
                continue
            done = {item.casefold() for item in meeting.done}
            pending = [item for item in ("thank-you", *meeting.promises) if item.casefold() not in done]
            open_items += pending
            fitting = [item for item in pending
                       if what is None or what.strip().casefold() in item.casefold()]
            marked += fitting
            meetings.append(attrs.evolve(meeting, done=(*meeting.done, *fitting)))
        if not marked:
            listed = ", ".join(repr(item) for item in dict.fromkeys(open_items))
            raise ValueError(f"nothing open for {name!r} fits {what!r}; open: {listed}" if listed
                             else f"no open follow-up for {name!r}")
        return ContactBook(contacts=self.contacts, meetings=tuple(meetings)), marked

    def merge(self, contacts: Iterable[Contact]) -> ContactBook:
        """The book with ``contacts`` added; one already known by name keeps what it has and
        takes only the fields it lacks (an import never overwrites what the person wrote)."""
        known = {c.key: c for c in self.contacts}
        order = list(known)
        for contact in contacts:
            old = known.get(contact.key)
            if old is None:
                known[contact.key] = contact
                order.append(contact.key)
                continue
            fill = {f.name: getattr(contact, f.name) for f in attrs.fields(Contact)
                    if getattr(old, f.name) in (None, ()) and getattr(contact, f.name) not in (None, ())}
            known[contact.key] = attrs.evolve(old, **fill)
        return ContactBook(contacts=tuple(known[k] for k in order), meetings=self.meetings)


def _cadence(value: object, where: Where) -> int:
    try:
        return parse_cadence(value)
    except ValueError as error:
        raise where.fail(str(error)) from None


def _timezone(value: object, where: Where) -> str:
    try:
        return _zone(Text()(value, where))
    except ValueError as error:
        raise where.fail(str(error)) from None


_DAY = DAY

#: the keys of a ``[[contact]]`` table
CONTACT_SECTION = Section(title="[[contact]]", doc="A person to keep in touch with.",
                          noun="contact key", options=(
    Option(key="name", reader=Text(), doc="the person's name (required)"),
    Option(key="email", reader=Text(), doc="an e-mail address"),
    Option(key="where_met", reader=Text(), doc="where you met"),
    Option(key="topics", reader=Texts(), default="[]", doc="what you talk about"),
    Option(key="cadence", attribute="cadence_days",
           reader=Custom(_cadence, "'every 8 weeks', '8w', '10d' or a number of days"),
           doc="how often to get in touch"),
    Option(key="last_contact", reader=_DAY, doc="when you were last in touch"),
    Option(key="since", reader=_DAY, doc="when you got connected"),
    Option(key="timezone", reader=Custom(_timezone, "an IANA zone"), default="UTC",
           doc="where the person lives, for the days reminders fall on"),
    Option(key="company", reader=Text(), doc="where they work"),
    Option(key="role", reader=Text(), doc="their role"),
    Option(key="role_since", reader=_DAY, doc="when a new role was noted: a congratulation is due"),
    Option(key="url", reader=Text(), doc="a profile page"),
))

_MEETING_SECTION = Section(title="[[meeting]]", doc="Meeting a contact at an event.",
                           noun="meeting key", options=(
    Option(key="name", reader=Text(), doc="whom you met"),
    Option(key="event", reader=Text(), doc="the event's title"),
    Option(key="on", reader=_DAY, doc="the day (the event's last day)"),
    Option(key="event_key", reader=Text(), doc="the event's identity key"),
    Option(key="promises", reader=Texts(), default="[]", doc="what you promised"),
    Option(key="done", reader=Texts(), default="[]", doc="the follow-ups done"),
))


def load_contacts(path: str | Path) -> ContactBook:
    """The book in ``path`` (an empty book when the file does not exist yet); a wrong key or
    value is a :class:`~eventscout.errors.ConfigError` naming the file and the key."""
    file = Path(path)
    if not file.exists():
        return ContactBook()
    data = read_toml(file, what="contacts")
    where = Where(str(file))
    for key in data:
        if key not in ("contact", "meeting"):
            raise where.at(key).fail("unknown table; expected [[contact]] or [[meeting]]")
    contacts = [Contact(**row) for row in read_rows(data, "contact", CONTACT_SECTION, where,
                                                    ("name",))]
    meetings = [Meeting(**row) for row in read_rows(data, "meeting", _MEETING_SECTION, where,
                                                    ("name", "event", "on"))]
    return ContactBook(contacts=tuple(contacts), meetings=tuple(meetings))


def _contact_row(contact: Contact) -> dict[str, object]:
    row: dict[str, object] = {}
    for option in CONTACT_SECTION.options:
        value = getattr(contact, option.target)
        if option.key == "cadence" and value is not None:
            value = f"every {value // 7} weeks" if value % 7 == 0 else f"{value}d"
        if option.key == "timezone" and value == "UTC":
            value = None
        row[option.key] = value if value != () else None
    return row


def save_contacts(book: ContactBook, path: str | Path) -> None:
    """Write the book to ``path`` atomically, in the format :func:`load_contacts` reads."""
    meetings = [{option.key: getattr(m, option.target) or None for option in _MEETING_SECTION.options}
                for m in book.meetings]
    text = dumps_tables("eventscout contacts: [[contact]] people, [[meeting]] meetings at events",
                        {"contact": [_contact_row(c) for c in book.contacts], "meeting": meetings})
    write_atomically(Path(path), text)
