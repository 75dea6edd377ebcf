"""Can the person go? Time, status, kind, format, language, money and distance.

:class:`Practicalities` is built once per profile. :meth:`~Practicalities.exclusion` says why an
event is out (past, cancelled, kind, format, language, horizon, over budget, too far) and
:meth:`~Practicalities.place` / :meth:`~Practicalities.price` give the soft signals for the rest:

* **place** — online (or moved online): 0.7, "online: no travel needed". In person at ``d`` km
  from home: ``1 / (1 + d / 500)``, "412 km from Berlin". Location unknown: 0.4, no reason.
  A hybrid event can be joined either way: it is never too far when the profile accepts online,
  and within range it counts as online plus a tenth of its in-person value.
* **price** — free: 1.0; a known price within budget: 0.7; unknown: 0.4 and the reason "price not
  listed" (an unknown price is *not* free). Prices without a currency are read in the budget's
  currency; currencies are converted with :mod:`eventscout.rank.money`.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from decimal import Decimal

from ..errors import ProfileError
from ..model import AOE, AttendanceMode, Event, EventStatus, Price
from ..parse import country_table, find_city, haversine_km
from ..profile import CONTINENTS, Profile
from .explain import language_name
from .geocode import Geocoder
from .money import cheapest, convert

__all__ = ["DISTANCE_HALF_KM", "Practicalities", "attendance_mode", "country_of",
           "locate", "price_signal_of"]

log = logging.getLogger(__name__)

#: at this distance the place signal is half of what an event next door gets
DISTANCE_HALF_KM = 500.0

_FORMAT_WORDS = {
    AttendanceMode.IN_PERSON: "in-person", AttendanceMode.ONLINE: "online",
    AttendanceMode.HYBRID: "hybrid",
}


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount} {currency}"


_CONTINENT_WORDS = {code: name.title() for name, code in CONTINENTS.items()}


@functools.cache
def continent_of(country: str) -> str | None:
    """The GeoNames continent code ("EU", "NA", ...) of an ISO country code."""
    info = country_table().get(country.upper())
    return str(info["continentcode"]) if info else None


def country_of(event: Event) -> str | None:
    """The ISO code of the country an event is in: its own, else its city's; None if unknown."""
    location = event.location
    if location is None:
        return None
    if location.country:
        return location.country.upper()
    if location.city:
        city = find_city(location.city)
        return city.country if city else None
    return None


def attendance_mode(event: Event) -> AttendanceMode:
    """How the person would attend: moved-online events count as online."""
    if event.status is EventStatus.MOVED_ONLINE:
        return AttendanceMode.ONLINE
    return event.attendance


def locate(event: Event, geocoder: Geocoder,
           cache: dict[tuple[str, str | None], tuple[float, float] | None] | None = None,
           ) -> tuple[float, float] | None:
    """The coordinates of an event's place: its own, else its city through ``geocoder``
    (remembered in ``cache`` by city and country); None when neither is known."""
    location = event.location
    if location is None:
        return None
    if location.latitude is not None and location.longitude is not None:
        return (location.latitude, location.longitude)
    if not location.city:
        return None
    key = (location.city, location.country)
    if cache is None:
        return geocoder.locate(*key)
    if key not in cache:
        cache[key] = geocoder.locate(*key)
    return cache[key]


class Practicalities:
    """The practical rules of one profile at one moment ``now``."""

    def __init__(self, profile: Profile, now: dt.datetime, geocoder: Geocoder) -> None:
        self.profile = profile
        self.now = now
        self.now_utc = now.astimezone(dt.UTC)
        self.geocoder = geocoder
        self.last_day = (now + dt.timedelta(days=profile.horizon_days)).date()
        self.home_name, self.home = self._resolve_home()
        self._distances: dict[tuple[float, float], float] = {}
        #: an all-day event is past once its last day is over everywhere (Anywhere on Earth)
        self.aoe_today = now.astimezone(AOE).date()
        self._languages = frozenset(profile.languages)

    def _resolve_home(self) -> tuple[str, tuple[float, float] | None]:
        home = self.profile.home
        if home is None:
            return "home", None
        name = home.place.split(",")[0].strip() if home.place else "home"
        if home.latitude is not None and home.longitude is not None:
            return name, (home.latitude, home.longitude)
        assert home.place is not None
        found = self.geocoder.locate(home.place, home.country)
        if found is None:
            if self.profile.max_distance_km is not None:
                from ..profile import near_places

                near = near_places(home.place)
                hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
                raise ProfileError(f"{home.place!r} is not a place the geocoder knows, so "
                                   f"max_distance_km cannot be applied{hint}", key="home")
            log.warning("home %r is not in the gazetteer: distances are not ranked", home.place)
        return name, found

    # -- exclusions ---------------------------------------------------------------------------

    def exclusion(self, event: Event, mode: AttendanceMode) -> tuple[str, str] | None:
        """``(signal, reason)`` when the event is out for this profile, else None (the cheap
        rules; distance is checked by :meth:`too_far` once it is known)."""
        profile = self.profile
        if event.status is EventStatus.CANCELLED:
            return "cancelled", "the event is cancelled"
        end = event.end if event.end is not None else event.start
        # instants compare in UTC: two datetimes of one zone would compare by wall clock, and
        # misjudge the hour a clock change repeats
        if (end < self.aoe_today if type(end) is dt.date
                else event.end_instant().astimezone(dt.UTC) <= self.now_utc):
            return "past", f"it ended on {event.last_day.isoformat()}"
        start = event.start
        if (start.date() if isinstance(start, dt.datetime) else start) > self.last_day:
            return "horizon", (f"it starts on {event.first_day.isoformat()}, beyond your "
                               f"{profile.horizon_days}-day planning horizon")
        if event.kind in profile.exclude_kinds:
            return "kind", f"you excluded {event.kind.value.replace('_', ' ')} events"
        if mode is not AttendanceMode.HYBRID and mode not in profile.formats:
            return "format", f"{_FORMAT_WORDS[mode]} events are not among your formats"
        if self.unspoken(event.languages):
            return "language", (f"it is held in {', '.join(map(language_name, event.languages))}; "
                                f"you follow {', '.join(map(language_name, profile.languages))}")
        over = self._over_budget(event)
        if over:
            return "over_budget", over
        if profile.regions:
            return self._outside_regions(event, mode)
        return None

    def unspoken(self, languages: tuple[str, ...]) -> bool:
        """Whether an event held in ``languages`` is in none the person follows (an event that
        names no language, or a profile naming none, never is)."""
        return bool(self._languages and languages and self._languages.isdisjoint(languages))

    def _outside_regions(self, event: Event, mode: AttendanceMode) -> tuple[str, str] | None:
        return self.outside_regions(country_of(event), mode)

    def outside_regions(self, country: str | None,
                        mode: AttendanceMode) -> tuple[str, str] | None:
        """``("region", reason)`` when an event in ``country`` (ISO code, None when unknown)
        attended as ``mode`` is in no region the profile names.

        Online counts only when the profile names "online"; a hybrid event passes by either
        way of joining. An in-person event whose country is not known is kept: there is nothing
        to hold it against (the distance limit still applies)."""
        regions = self.profile.regions
        if "online" in regions and self.joins_online(mode):
            return None
        if mode is AttendanceMode.ONLINE:
            return "region", "online events are not among your regions"
        if country is None or country in regions or continent_of(country) in regions:
            return None
        named = sorted(_CONTINENT_WORDS.get(code, code) for code in regions)
        return "region", f"it is in {country}, outside your regions ({', '.join(named)})"

    def too_far(self, distance: float | None, mode: AttendanceMode) -> tuple[str, str] | None:
        """``("too_far", reason)`` when an event the person must travel to is out of range."""
        limit = self.profile.max_distance_km
        if distance is None or limit is None or distance <= limit or self.joins_online(mode):
            return None
        return "too_far", (f"{distance:,.0f} km from {self.home_name}, beyond your "
                           f"{limit:,.0f} km travel range")

    def joins_online(self, mode: AttendanceMode) -> bool:
        """Whether the person can join remotely (online, or hybrid when online is accepted)."""
        return mode is AttendanceMode.ONLINE or (
            mode is AttendanceMode.HYBRID and AttendanceMode.ONLINE in self.profile.formats
        )

    def _over_budget(self, event: Event) -> str | None:
        if event.price is None:
            return None
        return self.over_budget(cheapest(event.price), event.price.currency)

    def over_budget(self, amount: Decimal | None, currency: str | None) -> str | None:
        """Why a price of ``amount`` (cheapest way in) in ``currency`` is over the budget, or
        None. A price without a currency is read in the budget's."""
        budget = self.profile.budget
        if budget is None or amount is None or amount == 0:
            return None
        currency = currency or budget.currency
        converted = convert(amount, currency, budget.currency)
        if converted is None or converted <= budget.amount:
            return None
        return (f"it costs at least {_money(amount, currency)}, over your budget of "
                f"{_money(budget.amount, budget.currency)}")

    # -- soft signals -------------------------------------------------------------------------

    def spoken_in(self, languages: tuple[str, ...]) -> str | None:
        """The first of ``languages`` the person follows, when the profile names languages."""
        if not self._languages or not languages:
            return None
        return next((code for code in languages if code in self._languages), None)

    def distance_to(self, point: tuple[float, float] | None) -> float | None:
        """Kilometres from home to ``point`` (cached per point); None when either is unknown."""
        if point is None or self.home is None:
            return None
        found = self._distances.get(point)
        if found is None:
            found = self._distances[point] = haversine_km(*self.home, *point)
        return found

    def place(self, distance: float | None, mode: AttendanceMode) -> tuple[float, str | None]:
        """The place signal in [0, 1] and its reason."""
        if mode is AttendanceMode.ONLINE:
            return 0.7, "online: no travel needed"
        if distance is None:
            return 0.4, None
        score = 1.0 / (1.0 + distance / DISTANCE_HALF_KM)
        if distance < 25:
            text = f"in your area ({distance:.0f} km from {self.home_name})"
        else:
            text = f"{distance:,.0f} km from {self.home_name}"
        if (
            self.profile.max_distance_km is not None and distance > self.profile.max_distance_km
            and self.joins_online(mode)
        ):
            return 0.6, f"hybrid: join online ({text})"
        if self.joins_online(mode):
            # either way of joining: as good as online, plus a little for the trip on offer
            where = text if distance >= 25 else f"{distance:.0f} km from {self.home_name}"
            return max(score, 0.7) + 0.1 * score, f"hybrid: join online or travel ({where})"
        return score, text

    def price(self, event: Event) -> tuple[float, str | None]:
        """The price signal in [0, 1] and its reason (unknown is not free)."""
        return price_signal_of(event.price)


def price_signal_of(price: Price | None) -> tuple[float, str | None]:
    """The price signal of an event with ``price``, in [0, 1], and its reason: the same for
    every profile."""
    if price is None or cheapest(price) is None:
        return 0.4, "price not listed: check before you plan"
    if price.is_free:
        return 1.0, "free to attend"
    return 0.7, None
