"""One event's agenda from Sessionize's public API (``/api/v2/<id>/view/All``).

The JSON holds the agenda, not the event: ``sessions`` (``title``, ``startsAt``/``endsAt`` in the
event's local time without an offset, ``speakers`` as ids, ``categoryItems`` as ids, ``roomId``,
``isServiceSession`` for breaks), ``speakers`` (``id``, ``fullName``, ``tagLine``),
``categories`` (``title``, ``items`` of ``{id, name}``: tracks, levels, formats) and ``rooms``.
So the event's name comes from the ``title`` option, its zone from ``timezone``.

It becomes **one** :class:`~eventscout.model.Event`: its days run from the first session to the
last; the speakers are named in the description (``Speakers: ...``), where the people module
looks for who will be at a planned event (the model has no speaker list, and none was added);
the agenda follows, one line per session (``2027-04-19 09:00 Hall A: Title (Speaker, ...)``);
the items of track/topic/tag categories become topics (levels and formats do not). A session whose time or speakers cannot be read
is a Problem naming the source, the session and the field, and the others still count.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Iterator, Mapping

from attrs import field, frozen

from ..errors import ItemError, SourceError
from ..model import Event, EventKind, Problem
from ..parse import place_from_text, strings, timezone_option
from .base import FetchContext

__all__ = ["SESSIONIZE_API", "SessionizeSource"]

SESSIONIZE_API = "https://sessionize.com/api/v2"
#: categories whose items say what sessions are about (not their level or format)
_TOPICAL = ("track", "topic", "tag", "theme")


@frozen(kw_only=True)
class SessionizeSource:
    """A Sessionize event's public agenda (``view/All`` JSON): a URL, file:// or path."""

    name: str
    url: str
    #: the event's name (the agenda JSON carries none)
    title: str
    #: the zone the session times are written in (they carry no offset)
    timezone: zoneinfo.ZoneInfo | None = field(default=None, converter=timezone_option)
    #: where it takes place, as text ("Berlin, Germany", "Online")
    place: str = ""
    #: the event's own web page
    event_url: str | None = None
    #: the kind of event
    kind: EventKind = field(default=EventKind.CONFERENCE, converter=EventKind)
    #: topics added beside the agenda's category items
    topics: tuple[str, ...] = field(default=(), converter=strings)

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        yield from self.parse(context.fetcher.get(self.url, source=self.name).content, self.url)

    def parse(self, content: bytes, origin: str) -> Iterator[Event | Problem]:
        """Read the agenda's bytes (no HTTP); ``origin`` names it in Problems."""
        try:
            data = json.loads(content)
        except ValueError as error:
            raise SourceError(f"not JSON: {error}", source=self.name, url=origin) from None
        if not isinstance(data, Mapping) or not isinstance(data.get("sessions"), list):
            raise SourceError("expected the view/All JSON: an object with a sessions list",
                              source=self.name, url=origin)
        speakers = {str(s.get("id")): str(s.get("fullName") or "").strip()
                    for s in data.get("speakers") or [] if isinstance(s, Mapping)}
        rooms = {str(r.get("id")): str(r.get("name") or "") for r in data.get("rooms") or []
                 if isinstance(r, Mapping)}
        items = {str(item.get("id")): str(item.get("name") or "")
                 for category in data.get("categories") or [] if isinstance(category, Mapping)
                 and any(word in str(category.get("title") or "").lower() for word in _TOPICAL)
                 for item in category.get("items") or [] if isinstance(item, Mapping)}
        read: list[tuple[dt.datetime, str, list[str], list[str]]] = []
        for index, session in enumerate(data["sessions"]):
            label = session.get("title") if isinstance(session, Mapping) else None
            where = f"{origin} session {index} ({label or 'untitled'!r})"
            try:
                read.append(self._session(session, speakers, rooms, items))
            except ItemError as error:
                yield Problem(source=self.name, where=where, message=str(error), field=error.field)
        if not read:
            raise SourceError("the agenda has no session with a time", source=self.name, url=origin)
        read.sort(key=lambda entry: entry[0])  # speakers and topics in agenda order
        lines = [(start, line) for start, line, _, _ in read]
        named = list(dict.fromkeys(person for *_, people, _ in read for person in people))
        topics = list(dict.fromkeys(tag for *_, tags in read for tag in tags))
        location, attendance = place_from_text(self.place)
        description = [f"Speakers: {', '.join(named)}"] if named else []
        description += ["Agenda:", *(line for _, line in lines)]
        yield Event(
            title=self.title, start=lines[0][0].date(), end=lines[-1][0].date(),
            description="\n".join(description), url=self.event_url, kind=self.kind,
            topics=[*topics, *self.topics], location=location, attendance=attendance,
            source=self.name, source_urls=[self.event_url] if self.event_url else [],
        )

    def _session(self, session: object, speakers: Mapping[str, str], rooms: Mapping[str, str],
                 items: Mapping[str, str]) -> tuple[dt.datetime, str, list[str], list[str]]:
        if not isinstance(session, Mapping):
            raise ItemError("expected a session object")
        try:
            start = dt.datetime.fromisoformat(str(session.get("startsAt")))
        except ValueError:
            raise ItemError(f"{session.get('startsAt')!r} is not a date and time",
                            field="startsAt") from None
        if start.tzinfo is None and self.timezone is not None:
            start = start.replace(tzinfo=self.timezone)
        ids = session.get("speakers") or []
        if not isinstance(ids, list):
            raise ItemError("expected a list of speaker ids", field="speakers")
        people = []
        for entry in ids:
            key = str(entry.get("id") if isinstance(entry, Mapping) else entry)
            if key not in speakers:
                raise ItemError(f"speaker {key!r} is not in the speakers list", field="speakers")
            people.append(speakers[key])
        tags = [items[str(i)] for i in session.get("categoryItems") or [] if str(i) in items]
        room = rooms.get(str(session.get("roomId")), "")
        title = str(session.get("title") or "").strip()
        line = f"{start:%Y-%m-%d %H:%M}" + (f" {room}" if room else "") + f": {title}"
        if people:
            line += f" ({', '.join(people)})"
        return start, line, people, tags
