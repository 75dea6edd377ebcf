"""Eventbrite: the public events of one organizer or one venue, through the v3 REST API.

Endpoints (``https://www.eventbriteapi.com/v3``)::

    GET /organizers/{organizer}/events/?status=live&order_by=start_asc&expand=venue,ticket_availability
    GET /venues/{venue}/events/?status=live&order_by=start_asc&expand=venue,ticket_availability

**Token.** A private OAuth token, from the option ``token`` or else the ``EVENTBRITE_TOKEN``
environment variable (better: it stays out of config files). It is sent as
``Authorization: Bearer ...`` and never logged or shown (``repr`` hides it; errors name the URL,
which does not hold it).

**Pages.** Each answer carries ``pagination.has_more_items`` and a ``continuation`` token that is
sent back for the next page; reading stops after ``max_pages`` pages (a Problem says so).

**Rate limits.** Every request goes through the shared fetcher, which waits out ``429`` answers
(Eventbrite's ``HIT_RATE_LIMIT``) honouring ``Retry-After`` up to its ``retry_after_max`` and
retries a bounded number of times; when the limit persists the source fails with a
:class:`~eventscout.errors.FetchError` of kind ``rate_limited`` and the run goes on.

**Fields.** ``name.text`` → title, ``description.text`` (else ``summary``) → description,
``start``/``end`` (``local`` in ``timezone``, else ``utc``) → aware datetimes, ``venue`` →
location, ``online_event`` → online, ``ticket_availability`` min/max price or ``is_free`` →
price, ``status: canceled`` → cancelled, ``id`` → source id.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

from ..errors import ItemError, SourceError
from ..model import AttendanceMode, Event, EventKind, EventStatus, Location, Price, Problem
from ..parse import choice, find_zone, guess_kind, kind_option, parse_iso_moment, strings
from ._items import each_item, read_json
from .base import FetchContext

__all__ = ["API_ROOT", "TOKEN_VARIABLE", "EventbriteSource"]

log = logging.getLogger(__name__)

API_ROOT = "https://www.eventbriteapi.com/v3"
TOKEN_VARIABLE = "EVENTBRITE_TOKEN"
EXPAND = "venue,ticket_availability"
STATUSES = ("live", "started", "ended", "completed", "canceled", "draft", "all")


def _optional_id(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text.isalnum():
        raise ValueError(f"{value!r} is not an Eventbrite id (letters and digits)")
    return text


def _status(value: object) -> str:
    return choice(value, STATUSES, option="status")


def _moment(value: object, field_name: str) -> dt.datetime:
    if not isinstance(value, Mapping):
        raise ItemError(f"{value!r} is not an Eventbrite date object", field=field_name)
    try:
        if value.get("local") and value.get("timezone"):
            zone = find_zone(value["timezone"])
            if zone is None:
                raise ValueError(f"no time zone {value['timezone']!r}")
            return _datetime(value["local"]).replace(tzinfo=zone)
        if value.get("utc"):
            return _datetime(value["utc"])
    except ValueError as error:
        raise ItemError(f"{dict(value)!r}: {error}", field=field_name) from None
    raise ItemError("neither 'local' with 'timezone' nor 'utc' is given", field=field_name)


def _datetime(value: object) -> dt.datetime:
    moment = parse_iso_moment(str(value))
    if not isinstance(moment, dt.datetime):
        raise ValueError(f"{value!r} has no time of day")
    return moment


def _text(value: object) -> str:
    if isinstance(value, Mapping):
        return str(value.get("text") or value.get("html") or "")
    return str(value or "")


def _location(venue: object) -> Location | None:
    if not isinstance(venue, Mapping):
        return None
    address = venue.get("address") if isinstance(venue.get("address"), Mapping) else {}
    assert isinstance(address, Mapping)
    latitude = address.get("latitude") or venue.get("latitude")
    longitude = address.get("longitude") or venue.get("longitude")
    if not (latitude and longitude):
        latitude = longitude = None
    line = address.get("localized_address_display") or ", ".join(
        str(part) for part in (address.get("address_1"), address.get("address_2")) if part
    )
    return Location(
        venue=venue.get("name"), address=line or None, city=address.get("city"),
        region=address.get("region"), country=address.get("country"),
        latitude=latitude, longitude=longitude,
    )


def _price(record: Mapping[str, Any]) -> Price | None:
    if record.get("is_free") is True:
        return Price.free()
    tickets = record.get("ticket_availability")
    if not isinstance(tickets, Mapping):
        return None
    low, high = tickets.get("minimum_ticket_price"), tickets.get("maximum_ticket_price")
    if not isinstance(low, Mapping) and not isinstance(high, Mapping):
        return None
    low = low if isinstance(low, Mapping) else {}
    high = high if isinstance(high, Mapping) else {}
    return Price(
        minimum=low.get("major_value"), maximum=high.get("major_value"),
        currency=low.get("currency") or high.get("currency"),
    )


@frozen(kw_only=True)
class EventbriteSource:
    """The events of one Eventbrite organizer or venue (give exactly one of the two ids)."""

    name: str
    organizer: str | None = field(default=None, converter=_optional_id)
    venue: str | None = field(default=None, converter=_optional_id)
    #: the OAuth token; unset: read from the EVENTBRITE_TOKEN environment variable
    token: str | None = field(default=None, repr=False)
    #: which events: live (default), started, ended, completed, canceled, draft, all
    status: str = field(default="live", converter=_status)
    #: at most this many pages are read (50 events each)
    max_pages: int = field(default=20, converter=int)
    #: the API's root URL (a test server or proxy may stand in)
    api_root: str = API_ROOT
    #: the kind of every event; guessed from each title when unset
    kind: EventKind | None = field(default=None, converter=kind_option)
    #: topics added to every event
    topics: tuple[str, ...] = field(default=(), converter=strings)

    def __attrs_post_init__(self) -> None:
        if (self.organizer is None) == (self.venue is None):
            raise ValueError("give exactly one of 'organizer' or 'venue' (an Eventbrite id)")
        if self.max_pages < 1:
            raise ValueError("max_pages must be at least 1")

    @property
    def endpoint(self) -> str:
        """The events URL of the configured organizer or venue."""
        if self.organizer is not None:
            return f"{self.api_root.rstrip('/')}/organizers/{self.organizer}/events/"
        return f"{self.api_root.rstrip('/')}/venues/{self.venue}/events/"

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        token = self.token or os.environ.get(TOKEN_VARIABLE)
        if not token:
            raise SourceError(
                f"no Eventbrite token: set the source's 'token' or the {TOKEN_VARIABLE} "
                "environment variable", source=self.name, url=self.endpoint,
            )
        headers = {"Authorization": f"Bearer {token}"}
        params = {"status": self.status, "order_by": "start_asc", "expand": EXPAND}
        for page in range(1, self.max_pages + 1):
            fetched = context.fetcher.get(self.endpoint, source=self.name, headers=headers,
                                          params=params)
            document = self._document(fetched.content, self.endpoint)
            yield from self._events(document, f"{self.endpoint} page {page}")
            pagination = document.get("pagination")
            more = isinstance(pagination, Mapping) and pagination.get("has_more_items") is True
            continuation = pagination.get("continuation") if isinstance(pagination, Mapping) else None
            if not more:
                return
            if not continuation:
                raise SourceError("more pages announced but no continuation token",
                                  source=self.name, url=self.endpoint)
            params = {**params, "continuation": str(continuation)}
        yield Problem(source=self.name, where=self.endpoint, field="max_pages", kept=True,
                      message=f"stopped after {self.max_pages} pages; more events are listed")

    def parse(self, content: bytes, origin: str) -> Iterator[Event | Problem]:
        """Read one page of the events endpoint's JSON (no HTTP)."""
        yield from self._events(self._document(content, origin), origin)

    def _document(self, content: bytes, origin: str) -> Mapping[str, Any]:
        document = read_json(content, Mapping, "a JSON object", source=self.name, origin=origin)
        if document.get("error"):
            raise SourceError(
                f"Eventbrite error {document['error']}: {document.get('error_description', '')}",
                source=self.name, url=origin,
            )
        if not isinstance(document.get("events"), list):
            raise SourceError("no 'events' list in the answer", source=self.name, url=origin)
        return document

    def _events(self, document: Mapping[str, Any], origin: str) -> Iterator[Event | Problem]:
        items = (
            (f"{origin} event {index} (id {_id(record)})", record)
            for index, record in enumerate(document["events"])
        )
        yield from each_item(items, self._convert, source=self.name)

    def _convert(self, _where: str, record: object) -> Iterator[Event]:
        if not isinstance(record, Mapping):
            raise ItemError(f"{type(record).__name__} is not an event object")
        title = _text(record.get("name"))
        summary = str(record.get("summary") or "")
        online = record.get("online_event") is True
        url = record.get("url") or None
        yield Event(
            title=title,
            start=_moment(record.get("start"), "start"),
            end=_moment(record.get("end"), "end") if record.get("end") else None,
            description=_text(record.get("description")) or summary,
            url=url,
            kind=self.kind or guess_kind(title, summary),
            topics=self.topics,
            location=None if online else _location(record.get("venue")),
            attendance=AttendanceMode.ONLINE if online else AttendanceMode.IN_PERSON,
            price=_price(record),
            status=(EventStatus.CANCELLED if record.get("status") == "canceled"
                    else EventStatus.SCHEDULED),
            source=self.name,
            source_id=f"eventbrite:{record['id']}" if record.get("id") else None,
            source_urls=[url] if url else [],
        )


def _id(record: object) -> str:
    return str(record.get("id") or "?") if isinstance(record, Mapping) else "?"
