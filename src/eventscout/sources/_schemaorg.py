"""schema.org ``Event`` items (from JSON-LD or microdata) to :class:`~eventscout.model.Event`.

Both syntaxes are first turned into the same plain shape, a :class:`SchemaItem` whose ``data`` is
a JSON-LD-like dict (``{"@type": "MusicEvent", "name": ..., "location": {"@type": "Place", ...}}``),
so the mapping below is written once. The rules, stated once (docs/how-to/structured-data.md
repeats them for users):

* ``name`` → title; ``description`` → description (the model strips HTML and entities).
* ``startDate``/``endDate``: a date → an all-day event; a date-time with an offset → that instant;
  a **floating** date-time (no offset) is read in the source's ``timezone`` option, else in the
  zone of the event's city from the offline gazetteer, else the item is reported as a Problem.
  A timed start with a date-only end (a festival from 10:30 on day one to day three) ends at
  midnight after that last day; a date-only start makes the event all-day. An end before the
  start is dropped (the event is kept, the end is unknown).
* ``location``: text, ``Place`` (``name``, ``address`` as text or ``PostalAddress``, ``geo`` as
  ``GeoCoordinates``), ``VirtualLocation``, or a list of them. Country names become ISO codes.
  A virtual location makes the event online (hybrid together with a place);
  ``eventAttendanceMode`` overrides that when present.
* ``offers`` (one or a list, ``Offer`` or ``AggregateOffer``) → price range and currency;
  "free", price 0 or ``isAccessibleForFree`` → free.
* ``eventStatus`` → status (``EventRescheduled`` and unknown values count as scheduled).
* ``organizer`` → organizer name; ``inLanguage`` → language codes; ``keywords`` and ``about`` →
  topics.
* kind: words in the title decide first (eventscout.kinds); else the type: ``Hackathon`` →
  hackathon, ``EducationEvent``/``CourseInstance`` → workshop, ``BusinessEvent`` → networking,
  ``SocialEvent`` → meetup; anything else → other.
* source id: the item's ``@id`` (unless a blank node), else ``identifier``, else ``url``; when
  several items of one page share it, the start is appended so each stays distinct.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

from attrs import frozen

from ..errors import ItemError
from ..model import AttendanceMode, Event, EventKind, EventStatus, Location, web_address
from ..parse import (
    country_code,
    find_city,
    find_zone,
    guess_kind,
    localize,
    parse_iso_moment,
    place_from_text,
)
from . import _schemaorg_values as sv

__all__ = [
    "EVENT_TYPES", "SchemaItem", "event_from_item", "is_event", "item_id", "schema_types",
]

log = logging.getLogger(__name__)

#: schema.org types that are gatherings people attend: ``Event`` and its subtypes, leaving out
#: ``UserInteraction`` (deprecated counters), ``DeliveryEvent`` and ``EventSeries`` (a series,
#: not one occurrence).
EVENT_TYPES = frozenset({
    "Event", "BusinessEvent", "ChildrensEvent", "ComedyEvent", "CourseInstance", "DanceEvent",
    "EducationEvent", "ExhibitionEvent", "Festival", "FoodEvent", "Hackathon", "LiteraryEvent",
    "MusicEvent", "PublicationEvent", "BroadcastEvent", "OnDemandEvent", "SaleEvent",
    "ScreeningEvent", "SocialEvent", "SportsEvent", "TheaterEvent", "VisualArtsEvent",
})

_KIND_BY_TYPE = {
    "Hackathon": EventKind.HACKATHON,
    "EducationEvent": EventKind.WORKSHOP,
    "CourseInstance": EventKind.WORKSHOP,
    "BusinessEvent": EventKind.NETWORKING,
    "SocialEvent": EventKind.MEETUP,
}

_STATUS = {
    "eventcancelled": EventStatus.CANCELLED,
    "eventpostponed": EventStatus.POSTPONED,
    "eventmovedonline": EventStatus.MOVED_ONLINE,
    "eventscheduled": EventStatus.SCHEDULED,
    "eventrescheduled": EventStatus.SCHEDULED,
}

_ATTENDANCE = {
    "offlineeventattendancemode": AttendanceMode.IN_PERSON,
    "onlineeventattendancemode": AttendanceMode.ONLINE,
    "mixedeventattendancemode": AttendanceMode.HYBRID,
}


@frozen(kw_only=True)
class SchemaItem:
    """One schema.org item found in a page, in JSON-LD shape, and where it was found."""

    #: "json-ld" or "microdata"
    syntax: str
    data: Mapping[str, Any]
    #: where in the page, for people: "JSON-LD block 3, item 2"
    where: str

    @property
    def types(self) -> list[str]:
        return schema_types(self.data.get("@type"))

    @property
    def label(self) -> str:
        """The item's place and name, for a Problem's ``where``."""
        name = sv.first_text(self.data.get("name"))
        return f"{self.where} ({name!r})" if name else self.where


def _local_name(value: str) -> str:
    """``http://schema.org/MusicEvent``, ``schema:MusicEvent`` → ``MusicEvent``."""
    return re.split(r"[/#:]", value.strip())[-1]


def schema_types(value: object) -> list[str]:
    """The local type names of an ``@type`` value (a string, a list, or full URIs)."""
    if isinstance(value, str):
        return [_local_name(part) for part in value.split() if part.strip()]
    if isinstance(value, list):
        return [_local_name(part) for part in value if isinstance(part, str) and part.strip()]
    return []


def is_event(data: object) -> bool:
    """Whether a JSON-LD-shaped object is a schema.org Event (or a subtype we keep)."""
    return isinstance(data, Mapping) and any(t in EVENT_TYPES for t in schema_types(data.get("@type")))


def _moment(item: SchemaItem, key: str) -> dt.date | dt.datetime | None:
    text = sv.first_text(item.data.get(key))
    if text is None:
        return None
    try:
        return parse_iso_moment(text)
    except ValueError as error:
        raise ItemError(str(error), where=item.label, field=key) from None


def _zone_for(location: Location | None) -> dt.tzinfo | None:
    if location is None or not location.city:
        return None
    name = f"{location.city}, {location.region}" if location.region else location.city
    city = find_city(name, location.country)  # "Portland, ME" is not the most populous Portland
    return find_zone(city.timezone) if city is not None else None


def _dates(
    item: SchemaItem, zone: dt.tzinfo | None, location: Location | None
) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None]:
    start = _moment(item, "startDate")
    if start is None:
        raise ItemError("the event has no startDate", where=item.label, field="startDate")
    end = _moment(item, "endDate")
    if isinstance(end, dt.datetime) and not isinstance(start, dt.datetime):
        end = end.date()
    zone = zone or _zone_for(location)
    try:
        if isinstance(start, dt.datetime):
            start = localize(start, zone)
            if end is not None and not isinstance(end, dt.datetime):
                # a timed start and a last day: the event runs to the end of that day
                end = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), start.tzinfo)
        if isinstance(end, dt.datetime):
            end = localize(end, zone)
    except ValueError as error:
        raise ItemError(str(error), where=item.label, field="startDate") from None
    if end is not None and end < start:
        log.debug("%s: endDate %s before startDate %s dropped", item.label, end, start)
        end = None
    return start, end


def _place(value: Mapping[str, Any]) -> Location | None:
    address = value.get("address")
    parts: dict[str, Any] = {"venue": sv.first_text(value.get("name"))}
    if isinstance(address, list):
        address = address[0] if address else None
    if isinstance(address, Mapping):
        country = address.get("addressCountry")
        country_text = sv.name_of(country) if isinstance(country, Mapping) else sv.first_text(country)
        parts.update(
            address=sv.first_text(address.get("streetAddress")),
            city=sv.first_text(address.get("addressLocality")),
            region=sv.first_text(address.get("addressRegion")),
            country=country_code(country_text),
        )
    elif address is not None:
        parts.update(_text_place(sv.first_text(address)))
    geo = value.get("geo")
    if isinstance(geo, Mapping):
        parts.update(latitude=sv.first_text(geo.get("latitude")),
                     longitude=sv.first_text(geo.get("longitude")))
    try:
        location = Location(**parts)
    except (TypeError, ValueError):  # unusable coordinates: keep the place without them
        parts.pop("latitude", None)
        parts.pop("longitude", None)
        location = Location(**parts)
    return location if location.describe() or location.has_coordinates else None


def _text_place(text: str | None) -> dict[str, Any]:
    """``"Memphis, TN, US"``: the whole as address; city (when the gazetteer knows it), region
    and country as :func:`~eventscout.parse.place_from_text` reads them."""
    location = place_from_text(text, known_city=True)[0]
    if location is None:
        return {}
    return {"address": location.address, "city": location.city, "region": location.region,
            "country": location.country}


def _location(data: Mapping[str, Any]) -> tuple[Location | None, bool, bool]:
    """(place, has a physical place, has a virtual location)."""
    place: Location | None = None
    physical = virtual = False
    for value in sv.values(data.get("location")):
        if isinstance(value, Mapping):
            if "VirtualLocation" in schema_types(value.get("@type")):
                virtual = True
                continue
            found = _place(value)
        else:
            parts = _text_place(sv.first_text(value))
            found = Location(**parts) if parts else None
        if found is not None:
            physical = True
            place = place or found
    return place, physical, virtual


def _attendance(data: Mapping[str, Any], physical: bool, virtual: bool) -> AttendanceMode:
    mode = sv.first_text(data.get("eventAttendanceMode"))
    if mode:
        found = _ATTENDANCE.get(_local_name(mode).lower())
        if found is not None:
            return found
    if virtual:
        return AttendanceMode.HYBRID if physical else AttendanceMode.ONLINE
    return AttendanceMode.IN_PERSON


def _status(data: Mapping[str, Any]) -> EventStatus:
    text = sv.first_text(data.get("eventStatus"))
    if not text:
        return EventStatus.SCHEDULED
    return _STATUS.get(_local_name(text).lower(), EventStatus.SCHEDULED)


def _absolute(value: object, base: str) -> str | None:
    text = sv.first_text(value)
    if not text or text.startswith(("javascript:", "mailto:", "#")):
        return None
    return urljoin(base, text)


def item_id(item: SchemaItem, base: str) -> str | None:
    """The item's own identifier: ``@id`` unless a blank node, else ``identifier``, else url."""
    node_id = item.data.get("@id")
    if isinstance(node_id, str) and node_id.strip() and not node_id.startswith("_:"):
        return urljoin(base, node_id.strip())
    identifier = item.data.get("identifier")
    if isinstance(identifier, Mapping):
        identifier = identifier.get("value")
    text = sv.first_text(identifier)
    return text or _absolute(item.data.get("url"), base)


def _kind(title: str, types: Iterable[str]) -> EventKind:
    by_type = next((_KIND_BY_TYPE[t] for t in types if t in _KIND_BY_TYPE), EventKind.OTHER)
    return guess_kind(title, default=by_type)


def event_from_item(
    item: SchemaItem,
    *,
    source: str,
    page_url: str,
    zone: dt.tzinfo | None = None,
    source_id: str | None = None,
    topics: Iterable[str] = (),
) -> Event:
    """The model event for one schema.org Event item; ItemError naming the item and field."""
    data = item.data
    title = sv.first_text(data.get("name"))
    if not title:
        raise ItemError("the event has no name", where=item.where, field="name")
    location, physical, virtual = _location(data)
    start, end = _dates(item, zone, location)
    virtual_url = next(
        (
            web_address(_absolute(value.get("url"), page_url))
            for value in sv.values(data.get("location"))
            if isinstance(value, Mapping) and "VirtualLocation" in schema_types(value.get("@type"))
        ),
        None,
    )
    url = web_address(_absolute(data.get("url"), page_url)) or virtual_url
    try:
        return Event(
            title=title,
            start=start,
            end=end,
            description=sv.first_text_block(data.get("description")),
            url=url,
            kind=_kind(title, item.types),
            topics=[*topics, *sv.topics(data)],
            location=location,
            attendance=_attendance(data, physical, virtual),
            organizer=sv.name_of(data.get("organizer")),
            price=sv.price(data),
            languages=sv.languages(data.get("inLanguage")),
            status=_status(data),
            source=source,
            source_id=source_id,
            source_urls=[page_url],
        )
    except (TypeError, ValueError) as error:
        raise ItemError(str(error), where=item.label) from None


