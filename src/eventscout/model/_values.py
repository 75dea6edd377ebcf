"""The values an event is made of: its kind, attendance mode and status, its place and price,
and the converters that keep each of them sensible at the boundary."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from attrs import field, frozen

from ..text import single_line


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


def _unique(values: object, convert: Callable[[object], str | None]) -> tuple[str, ...]:
    """One value or a list of them, each converted, empty results and repeats left out."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    seen: dict[str, None] = {}
    for value in values:  # type: ignore[attr-defined]
        text = convert(value)
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def _urls(values: object) -> tuple[str, ...]:
    """Web addresses, duplicates removed, case kept (paths are case-sensitive); a local file or
    other non-web address is left out: these record where an event was listed on the web."""
    return _unique(values, web_address)


def _code(value: object, letters: int, standard: str) -> str | None:
    """An upper-case code of ``letters`` letters (a country, a currency), None when empty."""
    if value is None or value == "":
        return None
    text = str(value).strip().upper()
    if not (len(text) == letters and text.isascii() and text.isalpha()):
        raise ValueError(f"{value!r} is not an {standard} code")
    return text


def _country(value: object) -> str | None:
    return _code(value, 2, "ISO 3166-1 alpha-2 country")


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
    return _code(value, 3, "ISO 4217 currency")


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

