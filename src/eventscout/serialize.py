"""Events as JSON-safe dictionaries, and back, without losing anything.

The store keeps events between runs and the feeds compare them between builds, so a round trip
through :func:`event_to_dict` and :func:`event_from_dict` must give back an equal event, with the
same ``key``, the same time zones (an event in ``Europe/Berlin`` stays in ``Europe/Berlin``, not a
fixed ``+02:00``), the same prices to the cent (decimals as strings, never floats).

Time values are written as strings:

* a date: ``"2027-05-12"``;
* a datetime in an IANA zone: ``"2027-05-12T09:00:00+02:00[Europe/Berlin]"`` (RFC 9557: the
  offset fixes the instant, the bracket keeps the zone);
* a datetime with a fixed offset: ``"2027-05-12T23:59:59-12:00"``.

:func:`content_hash` is a SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8), so the
same event gives the same hash in every run and on every machine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from .errors import ItemError
from .model import AOE, CallForPapers, Event, Location, Price

__all__ = ["content_hash", "event_from_dict", "event_to_dict"]

_ZONED = re.compile(r"^(?P<instant>[^\[\]]+)\[(?P<zone>[^\[\]]+)\]$")
_FIELDS = frozenset(attribute.name for attribute in Event.__attrs_attrs__)


# -- time values ----------------------------------------------------------------------------------


def moment_to_text(value: dt.date | dt.datetime) -> str:
    """A date or aware datetime as text that keeps its zone name (see the module docstring)."""
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    zone = value.tzinfo
    if isinstance(zone, ZoneInfo) and zone.key:
        return f"{value.isoformat()}[{zone.key}]"
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"{value!r} has no time zone")
    return value.astimezone(dt.timezone(offset)).isoformat()


def moment_from_text(text: str) -> dt.date | dt.datetime:
    """The inverse of :func:`moment_to_text`."""
    match = _ZONED.match(text)
    if match:
        instant = dt.datetime.fromisoformat(match["instant"])
        try:
            zone = ZoneInfo(match["zone"])
        except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a directory
            raise ValueError(f"unknown time zone {match['zone']!r} in {text!r}") from None
        if instant.tzinfo is None:
            raise ValueError(f"{text!r} has no UTC offset")
        return instant.astimezone(zone)
    if "T" not in text:
        return dt.date.fromisoformat(text)
    instant = dt.datetime.fromisoformat(text)
    offset = instant.utcoffset()
    if offset is None:
        raise ValueError(f"{text!r} has no time zone")
    if offset == dt.timedelta(0):
        return instant.replace(tzinfo=dt.UTC)
    if offset == AOE.utcoffset(None):
        return instant.replace(tzinfo=AOE)
    return instant


def _optional_moment_text(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else moment_to_text(value)


# -- parts ----------------------------------------------------------------------------------------


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _location_to_dict(location: Location) -> dict[str, Any]:
    return {
        "venue": location.venue,
        "address": location.address,
        "city": location.city,
        "region": location.region,
        "country": location.country,
        "latitude": location.latitude,
        "longitude": location.longitude,
    }


def _price_to_dict(price: Price) -> dict[str, Any]:
    return {
        "minimum": _decimal_text(price.minimum),
        "maximum": _decimal_text(price.maximum),
        "currency": price.currency,
    }


def _cfp_to_dict(cfp: CallForPapers) -> dict[str, Any]:
    return {"url": cfp.url, "closes": _optional_moment_text(cfp.closes)}


# -- events ---------------------------------------------------------------------------------------


def event_to_dict(event: Event) -> dict[str, Any]:
    """Every field of ``event`` as JSON-safe values (str, int, float, None, lists, dicts)."""
    return {
        "title": event.title,
        "start": moment_to_text(event.start),
        "end": _optional_moment_text(event.end),
        "description": event.description,
        "url": event.url,
        "kind": event.kind.value,
        "topics": list(event.topics),
        "location": None if event.location is None else _location_to_dict(event.location),
        "attendance": event.attendance.value,
        "organizer": event.organizer,
        "price": None if event.price is None else _price_to_dict(event.price),
        "cfp": None if event.cfp is None else _cfp_to_dict(event.cfp),
        "registration_deadline": _optional_moment_text(event.registration_deadline),
        "languages": list(event.languages),
        "status": event.status.value,
        "features": sorted(event.features),
        "source": event.source,
        "source_id": event.source_id,
        "source_urls": list(event.source_urls),
        "provenance": [list(pair) for pair in event.provenance],
        "key": event.key,
    }


#: what the model's converters raise on a value of the wrong shape (``5`` for a list, ``[]`` for text)
_MALFORMED = (TypeError, ValueError, AttributeError, LookupError)
_EVENT_FIELDS = attrs.fields_dict(Event)


def _moment_field(data: Mapping[str, Any], name: str) -> dt.date | dt.datetime | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ItemError(f"expected a date or datetime string, got {value!r}", field=name)
    try:
        return moment_from_text(value)
    except ValueError as error:
        raise ItemError(str(error), field=name) from None


def _part(data: Mapping[str, Any], name: str, build: Any) -> Any:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ItemError(f"expected an object, got {value!r}", field=name)
    try:
        return build(value)
    except _MALFORMED as error:
        if isinstance(error, ItemError):
            raise
        raise ItemError(str(error), field=name) from None


def _cfp_from_dict(value: Mapping[str, Any]) -> CallForPapers:
    return CallForPapers(url=value.get("url"), closes=_moment_field(value, "closes"))


def _provenance_from_list(value: Any) -> list[tuple[str, str]]:
    """``[["title", "confstech"], ...]`` as pairs; anything else is an ItemError."""
    if not isinstance(value, list | tuple):
        raise ItemError(f"expected a list of [field, source] pairs, got {value!r}",
                        field="provenance")
    pairs = []
    for pair in value:
        if not (isinstance(pair, list | tuple) and len(pair) == 2
                and all(isinstance(part, str) for part in pair)):
            raise ItemError(f"expected a [field, source] pair of strings, got {pair!r}",
                            field="provenance")
        pairs.append((pair[0], pair[1]))
    return pairs


def _blame(values: Mapping[str, Any], error: Exception) -> ItemError:
    """The ItemError for an Event that could not be built: names the first field whose own
    converter refuses its value (run only after a failure, so a good load converts once)."""
    for name, value in values.items():
        converter = _EVENT_FIELDS[name].converter
        if not callable(converter):
            continue
        try:
            converter(value)
        except _MALFORMED as refused:
            return ItemError(str(refused) or type(refused).__name__, field=name)
    # every value is fine alone: a rule between fields failed (an end before the start)
    return ItemError(str(error) or type(error).__name__, field="start")


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """Rebuild the :class:`~eventscout.model.Event` that :func:`event_to_dict` wrote.

    Anything malformed (unknown keys, values of the wrong type or shape, invalid values) raises
    :class:`~eventscout.errors.ItemError` naming the field, never a bare TypeError: stored data
    from another version, or a damaged row, must fail loudly and catchably, not come back subtly
    different.
    """
    if not isinstance(data, Mapping):
        raise ItemError(f"expected an object, got {type(data).__name__}")
    unknown = sorted(str(name) for name in set(data) - _FIELDS)
    if unknown:
        raise ItemError(f"unknown field(s): {', '.join(unknown)}", field=unknown[0])
    for required in ("title", "start"):
        if data.get(required) is None:
            raise ItemError(f"an event needs {required!r}", field=required)
    values: dict[str, Any] = {
        name: value
        for name, value in data.items()
        if name not in {"start", "end", "registration_deadline", "location", "price", "cfp"}
        and value is not None
    }
    values["start"] = _moment_field(data, "start")
    values["end"] = _moment_field(data, "end")
    values["registration_deadline"] = _moment_field(data, "registration_deadline")
    values["location"] = _part(data, "location", lambda v: Location(**v))
    values["price"] = _part(data, "price", lambda v: Price(**v))
    values["cfp"] = _part(data, "cfp", _cfp_from_dict)
    if "provenance" in values:
        values["provenance"] = _provenance_from_list(values["provenance"])
    try:
        return Event(**values)
    except _MALFORMED as error:
        if isinstance(error, ItemError):
            raise
        raise _blame(values, error) from None


def canonical_json(event: Event) -> str:
    """The one JSON text of ``event``: sorted keys, no insignificant spaces, non-ASCII kept."""
    return json.dumps(
        event_to_dict(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def content_hash(event: Event) -> str:
    """A stable SHA-256 (hex) of the event's canonical JSON: equal events, equal hashes."""
    return hashlib.sha256(canonical_json(event).encode("utf-8")).hexdigest()
