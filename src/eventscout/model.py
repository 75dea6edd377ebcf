"""The common model every source adapter produces and every later stage consumes.

All classes are frozen and keyword-only: an :class:`Event` cannot be changed after it is made
(use :func:`attrs.evolve`), and converters and validators at the boundary make sure it never holds
nonsense: datetimes are timezone-aware, all-day events hold plain dates, text is plain (HTML is
stripped), country codes are ISO 3166-1 alpha-2, coordinates are on the globe.

Time semantics, stated once:

* ``start``/``end`` are either both :class:`datetime.date` (an **all-day** event; ``end`` is the
  **last day, inclusive**, as people write "12-14 May") or both timezone-aware
  :class:`datetime.datetime` (a **timed** event; ``end`` is the exclusive end instant).
  The exporter turns the inclusive last day into the exclusive ``DTEND`` RFC 5545 wants.
* Deadlines (``CallForPapers.closes``, ``registration_deadline``) are aware datetimes: the instant
  the deadline passes. A deadline known only as a day is stored as the end of that day
  *Anywhere on Earth* (UTC-12), the convention of conference deadlines.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
from attrs import field, frozen

from .text import normalize_name, plain_text, single_line

__all__ = [
    "AOE",
    "AttendanceMode",
    "CallForPapers",
    "Event",
    "EventKind",
    "EventStatus",
    "Location",
    "Price",
    "Problem",
    "deadline_from_day",
    "identity_key",
    "web_address",
]

#: Anywhere on Earth: the last time zone where a day ends (UTC-12).
AOE = dt.timezone(dt.timedelta(hours=-12), "AoE")


class EventKind(enum.StrEnum):
    """What sort of gathering an event is; the ranker maps career goals onto these."""

    CONFERENCE = "conference"
    MEETUP = "meetup"
    WORKSHOP = "workshop"
    WEBINAR = "webinar"
    CAREER_FAIR = "career_fair"
    NETWORKING = "networking"
    MENTORSHIP = "mentorship"
    HACKATHON = "hackathon"
    ASSOCIATION_MEETING = "association_meeting"
    OTHER = "other"


class AttendanceMode(enum.StrEnum):
    """How people attend: schema.org's ``eventAttendanceMode`` in short."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class EventStatus(enum.StrEnum):
    """schema.org's ``eventStatus`` in short (``rescheduled`` is plain ``scheduled`` with new dates)."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    MOVED_ONLINE = "moved_online"


def _enum_converter(enum_type: type[enum.StrEnum]) -> Any:
    def convert(value: object) -> enum.StrEnum:
        if isinstance(value, enum_type):
            return value
        text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return enum_type(text)
        except ValueError:
            allowed = ", ".join(member.value for member in enum_type)
            raise ValueError(f"{value!r} is not one of: {allowed}") from None

    return convert


def _kind(value: object) -> EventKind:
    return _enum_converter(EventKind)(value)


def _attendance(value: object) -> AttendanceMode:
    return _enum_converter(AttendanceMode)(value)


def _status(value: object) -> EventStatus:
    return _enum_converter(EventStatus)(value)


def _optional_text(value: object) -> str | None:
    if value is None:
        return None
    text = single_line(str(value))
    return text or None


_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _optional_url(value: object) -> str | None:
    """A web address as given (no entity decoding, case kept); only http(s) is accepted, since a
    ``javascript:`` or ``file:`` link from a scraped page must never reach a calendar or a page."""
    if value is None:
        return None
    text = _URL_CONTROL.sub("", str(value)).strip().replace(" ", "%20")
    if not text:
        return None
    if text.startswith("//"):
        text = "https:" + text
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
        if re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text, re.IGNORECASE):
            text = "https://" + text
        else:
            raise ValueError(f"{text!r} is not an absolute URL")
    scheme = text.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"{text!r} is not a web address (only http and https are accepted)")
    return text


def web_address(value: object) -> str | None:
    """``value`` as an http(s) address, or None when it is none (a file path, ``javascript:``...).

    For adapters: a link that cannot go into an event is dropped, the event is kept.
    """
    try:
        return _optional_url(value)
    except ValueError:
        return None


def _urls(values: object) -> tuple[str, ...]:
    """Web addresses, duplicates removed, case kept (paths are case-sensitive); a local file or
    other non-web address is left out: these record where an event was listed on the web."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:  # type: ignore[attr-defined]
        url = web_address(value)
        if url:
            seen.setdefault(url, None)
    return tuple(seen)


def _country(value: object) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", text):
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return text


def _coordinate(limit: float) -> Any:
    def convert(value: object) -> float | None:
        if value is None or value == "":
            return None
        number = float(value)  # type: ignore[arg-type]
        if not -limit <= number <= limit:
            raise ValueError(f"{number} is outside [-{limit}, {limit}]")
        return number

    return convert


def _latitude(value: object) -> float | None:
    return _coordinate(90)(value)


def _longitude(value: object) -> float | None:
    return _coordinate(180)(value)


@frozen(kw_only=True)
class Location:
    """Where an in-person event happens. Every part is optional; ``country`` is ISO alpha-2."""

    venue: str | None = field(default=None, converter=_optional_text)
    address: str | None = field(default=None, converter=_optional_text)
    city: str | None = field(default=None, converter=_optional_text)
    region: str | None = field(default=None, converter=_optional_text)
    country: str | None = field(default=None, converter=_country)
    latitude: float | None = field(default=None, converter=_latitude)
    longitude: float | None = field(default=None, converter=_longitude)

    def __attrs_post_init__(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def describe(self) -> str:
        """A one-line place for people: venue, address, city, region, country (what is known)."""
        parts: list[str] = []
        for part in (self.venue, self.address, self.city, self.region, self.country):
            if part and not any(part.casefold() in seen.casefold() for seen in parts):
                parts.append(part)
        return ", ".join(parts)


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"{value!r} is not a price")
    return number


def _currency(value: object) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return text


@frozen(kw_only=True)
class Price:
    """What attending costs. An unknown price is ``Event.price is None``, never "free"."""

    minimum: Decimal | None = field(default=None, converter=_decimal)
    maximum: Decimal | None = field(default=None, converter=_decimal)
    currency: str | None = field(default=None, converter=_currency)

    def __attrs_post_init__(self) -> None:
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            raise ValueError(f"maximum {self.maximum} is below minimum {self.minimum}")

    @classmethod
    def free(cls) -> Price:
        return cls(minimum=Decimal(0), maximum=Decimal(0))

    @property
    def is_free(self) -> bool:
        return (self.maximum if self.maximum is not None else self.minimum) == 0


def _aware(value: object, name: str = "value") -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if not isinstance(value, dt.datetime):
        raise TypeError(f"{name}: {value!r} is not a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name}: {value.isoformat()} has no time zone (floating time)")
    return value


def _moment(value: object) -> dt.date | dt.datetime:
    """An event boundary: a date (all-day) or an aware datetime; ISO strings accepted."""
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        return _aware(text)
    if isinstance(value, dt.datetime):
        return _aware(value)
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"{value!r} is neither a date nor a datetime")


def _optional_moment(value: object) -> dt.date | dt.datetime | None:
    return None if value is None else _moment(value)


def deadline_from_day(day: dt.date) -> dt.datetime:
    """The instant a deadline given only as a day passes: the end of that day, Anywhere on Earth."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=AOE)


def _deadline(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        return deadline_from_day(dt.date.fromisoformat(value.strip()))
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return deadline_from_day(value)
    return _aware(value, "deadline")


@frozen(kw_only=True)
class CallForPapers:
    """A call for papers or proposals: a chance to speak. ``closes`` is the instant it closes."""

    url: str | None = field(default=None, converter=_optional_url)
    closes: dt.datetime | None = field(default=None, converter=_deadline)

    def is_open(self, now: dt.datetime) -> bool:
        """Whether proposals can still be sent at ``now`` (unknown closing counts as open)."""
        return self.closes is None or self.closes > now


def _words(values: object) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:  # type: ignore[attr-defined]
        text = single_line(str(value)).casefold()
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


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
        if isinstance(self.start, dt.datetime):
            return self.start
        return dt.datetime.combine(self.start, dt.time(0), tzinfo=dt.UTC)

    def end_instant(self) -> dt.datetime:
        """End as an aware datetime; an all-day event ends at 24:00 of its last day (AoE),
        so an event is never treated as past while it can still be going on somewhere."""
        if isinstance(self.end, dt.datetime):
            return self.end
        if isinstance(self.start, dt.datetime):
            return self.start
        return dt.datetime.combine(
            self.last_day + dt.timedelta(days=1), dt.time(0), tzinfo=AOE
        )

    @property
    def is_online(self) -> bool:
        return self.attendance in (AttendanceMode.ONLINE,) or self.status is EventStatus.MOVED_ONLINE


@frozen(kw_only=True)
class Problem:
    """A per-item problem a source met and skipped: which source, where, what."""

    source: str
    where: str
    message: str
    field: str | None = None

    def __str__(self) -> str:
        what = f"{self.field}: " if self.field else ""
        return f"{self.source}: {self.where}: {what}{self.message}"
