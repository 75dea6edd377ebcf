"""The event itself: :class:`Event`, its stable identity key, and :class:`Problem`."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from attrs import field, frozen

from ..text import normalize_name, plain_text, single_line
from ._time import CallForPapers, _deadline, _moment, _optional_moment, as_instant
from ._values import (
    AttendanceMode,
    EventKind,
    EventStatus,
    Location,
    Price,
    _attendance,
    _kind,
    _optional_text,
    _optional_url,
    _status,
    _unique,
    _urls,
)

__all__ = ["Event", "Problem", "identity_key"]


def _word(value: object) -> str:
    return single_line(str(value)).casefold()


def _words(values: object) -> tuple[str, ...]:
    return _unique(values, _word)


def _languages(values: object) -> tuple[str, ...]:
    result: dict[str, None] = {}
    for value in _words(values):
        code = value.replace("_", "-").split("-")[0]
        if not re.fullmatch(r"[a-z]{2,3}", code):
            raise ValueError(f"{value!r} is not a language code such as 'en' or 'pt-BR'")
        result.setdefault(code, None)
    return tuple(result)


def _features(values: object) -> frozenset[str]:
    return frozenset(_words(values))


def _required_title(value: object) -> str:
    text = single_line(str(value) if value is not None else "")
    if not text:
        raise ValueError("an event needs a title")
    return text


def identity_key(
    *,
    title: str,
    start: dt.date | dt.datetime,
    source_id: str | None = None,
    place: str | None = None,
) -> str:
    """The stable identity of a real event, independent of when or where it was read.

    A source-given id (an iCalendar UID, a platform's event id) identifies the event when there is
    one. Otherwise the event is its series name (years and punctuation removed), the year of its
    edition, and its place: a description edit or a moved time within the year keeps the key.
    """
    if source_id:
        basis = "id\x1f" + source_id.strip()
    else:
        basis = "\x1f".join(
            ("name", normalize_name(title), str(start.year), normalize_name(place or ""))
        )
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:24]


def _provenance(value: object) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    items: Iterable[Any] = value.items() if isinstance(value, Mapping) else value  # type: ignore[assignment]
    return tuple(sorted((str(k), str(v)) for k, v in items))


def _key_default(event: Event) -> str:
    if event.attendance is AttendanceMode.ONLINE:
        place = "online"
    elif event.location is not None:
        place = event.location.city or event.location.country or ""
    else:
        place = ""
    return identity_key(
        title=event.title, start=event.start, source_id=event.source_id, place=place
    )


@frozen(kw_only=True)
class Event:
    """One real-world event, as every source adapter delivers it.

    ``key`` is the stable identity: computed from the source id, or from the series name, year
    and place, unless given. It survives :func:`attrs.evolve`, so a merged or corrected event keeps
    the identity it was first given.
    """

    title: str = field(converter=_required_title)
    start: dt.date | dt.datetime = field(converter=_moment)
    end: dt.date | dt.datetime | None = field(default=None, converter=_optional_moment)
    description: str = field(default="", converter=plain_text)
    url: str | None = field(default=None, converter=_optional_url)
    kind: EventKind = field(default=EventKind.OTHER, converter=_kind)
    topics: tuple[str, ...] = field(default=(), converter=_words)
    location: Location | None = None
    attendance: AttendanceMode = field(
        default=AttendanceMode.IN_PERSON, converter=_attendance
    )
    organizer: str | None = field(default=None, converter=_optional_text)
    price: Price | None = None
    cfp: CallForPapers | None = None
    registration_deadline: dt.datetime | None = field(default=None, converter=_deadline)
    languages: tuple[str, ...] = field(default=(), converter=_languages)
    status: EventStatus = field(
        default=EventStatus.SCHEDULED, converter=_status
    )
    #: short tags for what the event offers: "scholarship", "closed_captions", "expo", "job_board"...
    features: frozenset[str] = field(default=frozenset(), converter=_features)
    source: str = field(default="", converter=str)
    source_id: str | None = field(default=None, converter=_optional_text)
    #: every URL at which a source listed this event (the merge step gathers them)
    source_urls: tuple[str, ...] = field(default=(), converter=_urls)
    #: (field name, source name) pairs: which source said what, after a merge
    provenance: tuple[tuple[str, str], ...] = field(default=(), converter=_provenance)
    key: str = field(
        default=attrs.Factory(_key_default, takes_self=True), converter=str
    )

    @start.validator
    def _check_start(self, _attribute: object, value: dt.date | dt.datetime) -> None:
        if self.end is None:
            return
        if isinstance(value, dt.datetime) != isinstance(self.end, dt.datetime):
            raise ValueError("start and end must both be dates (all-day) or both datetimes")
        if self.end < value:  # same type: checked just above
            raise ValueError(f"end {self.end} is before start {value}")

    def evolved(self, **changes: Any) -> Event:
        """``attrs.evolve(self, **changes)``, converting only the changed values.

        The fields not changed are this event's own, already converted when it was made (every
        converter gives back what it is given in the form it makes), so they are not converted
        again; every change goes through its field's converter and every validator runs, as in
        :func:`attrs.evolve`. The merge builds each merged event this way: converting a title or
        a URL again is most of what an evolve costs.
        """
        event = object.__new__(Event)
        for attribute in attrs.fields(Event):
            name = attribute.name
            if name in changes:
                value, converter = changes.pop(name), attribute.converter
                if converter is not None:
                    value = converter(value)  # type: ignore[operator]
            else:
                value = getattr(self, name)
            object.__setattr__(event, name, value)
        if changes:
            raise TypeError(f"Event has no field {', '.join(sorted(changes))}")
        attrs.validate(event)
        return event

    @property
    def all_day(self) -> bool:
        """True when the event is given in whole days (``start``/``end`` are dates)."""
        return not isinstance(self.start, dt.datetime)

    @property
    def last_day(self) -> dt.date:
        """The last calendar day the event covers (inclusive), in its own time zone."""
        end = self.end if self.end is not None else self.start
        if isinstance(end, dt.datetime):
            assert isinstance(self.start, dt.datetime)
            # an event ending exactly at midnight does not cover the next day
            if end > self.start and end.timetz().replace(tzinfo=None) == dt.time(0):
                return (end - dt.timedelta(microseconds=1)).date()
            return end.date()
        return end

    @property
    def first_day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    def start_instant(self) -> dt.datetime:
        """Start as an aware datetime; an all-day event starts at 00:00 UTC of its first day."""
        return as_instant(self.start)

    def end_instant(self) -> dt.datetime:
        """End as an aware datetime; an all-day event ends at 24:00 of its last day (AoE),
        so an event is never treated as past while it can still be going on somewhere."""
        if isinstance(self.end, dt.datetime):
            return self.end
        if isinstance(self.start, dt.datetime):
            return self.start
        return as_instant(self.last_day + dt.timedelta(days=1), closes=True)

    @property
    def is_online(self) -> bool:
        return self.attendance in (AttendanceMode.ONLINE,) or self.status is EventStatus.MOVED_ONLINE


@frozen(kw_only=True)
class Problem:
    """A per-item problem a source met: which source, where, what. Usually the item was skipped;
    ``kept`` says it was kept and this is a note about it (a CFP link that was not a link, a last
    day corrected, a listing cut at its page limit)."""

    source: str
    where: str
    message: str
    field: str | None = None
    kept: bool = False

    def __str__(self) -> str:
        what = f"{self.field}: " if self.field else ""
        return f"{self.source}: {self.where}: {what}{self.message}"
