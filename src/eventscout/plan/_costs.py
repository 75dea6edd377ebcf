"""What one event would cost the year: ticket, travel, nights, days away, and its action.

Travel is an estimate from the distance between home and the event: the round trip in km times
``per_km``, plus ``per_night`` for each night away. An event of ``d`` days needs ``d - 1`` nights,
and one more night and day away when it is farther than ``overnight_beyond_km`` (one travels the
day before). Online events (and events moved online) cost their ticket only and take no day
away; hybrid events are counted as attended in person, the dearer way. When the distance cannot be
known (no home, no place), the event is counted as a far one without the km price, and the
candidate says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from attrs import frozen

from ..model import Event, EventKind
from ..parse import find_city, haversine_km
from ..rank.money import cheapest, convert
from ._settings import Action, PlanSettings

__all__ = ["Candidate", "Period", "action_of", "cost_event", "day_span"]

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_CENT = Decimal("0.01")


class Period(Protocol):
    """A busy time: anything with aware ``start``/``end`` and a ``summary`` (the ranker's
    ``BusyPeriod`` is one)."""

    @property
    def start(self) -> dt.datetime: ...

    @property
    def end(self) -> dt.datetime: ...

    @property
    def summary(self) -> str: ...


@frozen(kw_only=True)
class Candidate:
    """An event with what it costs the year. ``ticket`` is None when the price is unknown (it is
    then counted as 0, and ``notes`` say so)."""

    event: Event
    score: float
    action: Action
    ticket: Decimal | None
    travel: Decimal
    distance_km: float | None
    nights: int
    days_away: int
    going: bool = False
    talk: bool = False
    notes: tuple[str, ...] = ()

    @property
    def cost(self) -> Decimal:
        """Ticket (0 when unknown) plus travel."""
        return (self.ticket or Decimal(0)) + self.travel

    @property
    def days(self) -> int:
        """How many calendar days the event itself covers."""
        return (self.event.last_day - self.event.first_day).days + 1


def day_span(event: Event) -> tuple[float, float]:
    """The event's time as ``[begin, end)`` in days since year 1 (all-day events: whole days)."""
    if isinstance(event.start, dt.datetime):
        end = event.end if isinstance(event.end, dt.datetime) else event.start
        begin = event.start.timestamp() / 86400 + _EPOCH_ORDINAL
        return begin, max(end.timestamp() / 86400 + _EPOCH_ORDINAL, begin + 1 / 24)
    return float(event.first_day.toordinal()), float(event.last_day.toordinal() + 1)


def clashes(event: Event, busy: Iterable[Period]) -> list[Period]:
    """The busy periods that share time with the event (all-day events cover whole UTC days)."""
    if isinstance(event.start, dt.datetime):
        begin = event.start
        end = event.end if isinstance(event.end, dt.datetime) else begin + dt.timedelta(hours=1)
    else:
        begin = dt.datetime.combine(event.first_day, dt.time(0), tzinfo=dt.UTC)
        end = dt.datetime.combine(event.last_day + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC)
    return [period for period in busy if period.start < end and begin < period.end]


def action_of(event: Event, *, talk: bool = False) -> Action:
    """The action an event stands for: speaking when a talk is accepted there, else by kind;
    an online meetup or networking event is an online community."""
    if talk:
        return Action.SPEAKING
    if event.is_online and event.kind in (EventKind.MEETUP, EventKind.NETWORKING):
        return Action.ONLINE_COMMUNITY
    try:
        return Action(event.kind.value)
    except ValueError:
        return Action.OTHER


def _distance(event: Event, home: tuple[float, float] | None) -> float | None:
    if home is None or event.location is None:
        return None
    location = event.location
    if location.latitude is not None and location.longitude is not None:
        lat, lon = location.latitude, location.longitude
    else:
        city = find_city(location.city, location.country) if location.city else None
        if city is None:
            return None
        lat, lon = city.latitude, city.longitude
    return haversine_km(home[0], home[1], lat, lon)


def _ticket(event: Event, currency: str) -> tuple[Decimal | None, str | None]:
    if event.price is None:
        return None, "ticket price unknown, counted as 0"
    amount = cheapest(event.price)
    if amount is None:
        return None, "ticket price unknown, counted as 0"
    given = event.price.currency or currency
    converted = convert(amount, given, currency)
    if converted is None:
        return None, f"ticket in {given}, which cannot be converted to {currency}; counted as 0"
    return converted.quantize(_CENT, ROUND_HALF_UP), None


#: a timed event nearby this short takes an evening, not a day away from work
EVENING = dt.timedelta(hours=4)


def _an_evening(event: Event) -> bool:
    """A timed event of at most :data:`EVENING` that starts at 17:00 or later, local time (a
    meetup after work): it costs no day away."""
    start, end = event.start, event.end
    if not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
        return False
    return end - start <= EVENING and start.hour >= 17


def cost_event(event: Event, score: float, settings: PlanSettings, *,
               home: tuple[float, float] | None = None, going: bool = False,
               talk: bool = False) -> Candidate:
    """The candidate for ``event``: its ticket and travel in the budget's currency, its nights
    and days away, its action (``talk``: the person speaks there, with an accepted talk).
    An evening event near home (:func:`_an_evening`) takes no day away."""
    notes: list[str] = []
    ticket, note = _ticket(event, settings.currency)
    if talk and settings.talk_ticket_covered:
        ticket, note = Decimal(0), "speaker's ticket covered"
    if note:
        notes.append(note)
    days = (event.last_day - event.first_day).days + 1
    if event.is_online:
        return Candidate(event=event, score=score, action=action_of(event, talk=talk),
                         ticket=ticket, travel=Decimal(0), distance_km=0.0, nights=0,
                         days_away=0, going=going, talk=talk, notes=tuple(notes))
    distance = _distance(event, home)
    far = distance is None or distance > settings.overnight_beyond_km
    nights = days - 1 + (1 if far else 0)
    days_away = 0 if not far and _an_evening(event) else days + (1 if far else 0)
    travel = Decimal(nights) * settings.per_night
    if distance is None:
        notes.append("distance unknown: travel counted as nights only")
    else:
        travel += Decimal(str(round(2 * distance))) * settings.per_km
    if talk and settings.talk_travel_covered:
        travel = Decimal(0)
        notes.append("travel covered for the speaker")
    return Candidate(event=event, score=score, action=action_of(event, talk=talk), ticket=ticket,
                     travel=travel.quantize(_CENT, ROUND_HALF_UP), distance_km=distance,
                     nights=nights, days_away=days_away, going=going, talk=talk,
                     notes=tuple(notes))
