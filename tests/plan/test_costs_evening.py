"""An evening meetup near home takes no day away; a daytime or far event does."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from eventscout.model import Event, Location
from eventscout.plan import PlanSettings, cost_event

BERLIN = ZoneInfo("Europe/Berlin")
HOME = (52.52, 13.405)


def meetup(hour: int, hours: int, city: str = "Berlin", country: str = "DE") -> Event:
    start = dt.datetime(2027, 3, 10, hour, tzinfo=BERLIN)
    return Event(title="Python meetup", start=start, end=start + dt.timedelta(hours=hours),
                 source="t", location=Location(city=city, country=country))


def test_an_evening_meetup_near_home_takes_no_day_away():
    assert cost_event(meetup(18, 3), 0.5, PlanSettings(), home=HOME).days_away == 0


def test_a_daytime_or_long_or_far_event_takes_days():
    settings = PlanSettings()
    assert cost_event(meetup(10, 3), 0.5, settings, home=HOME).days_away == 1
    assert cost_event(meetup(18, 6), 0.5, settings, home=HOME).days_away == 1
    assert cost_event(meetup(18, 3, "Munich"), 0.5, settings, home=HOME).days_away == 2
