"""The year plan's limits and travel prices, declared once with the settings spec.

:data:`PLAN_SECTION` describes the ``[plan]`` table (its keys, readers, defaults and meaning);
:func:`read_plan_settings` reads a mapping against it into a frozen :class:`PlanSettings`. Money is
in the yearly budget's currency: ticket prices in other currencies are converted with the ranker's
fixed table, and the travel prices per km and per night are read in it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import field, frozen

from ..errors import ConfigError
from ..profile import PROFILE_SECTION
from ..settings import (
    Custom,
    Flag,
    Number,
    Option,
    Section,
    Text,
    Where,
    expect_table,
    relative_path,
)

__all__ = ["PLAN_SECTION", "Action", "PlanSettings", "read_plan_settings"]


class Action(enum.StrEnum):
    """What an event does for the person, the units a plan can be balanced in."""

    CONFERENCE = "conference"
    ASSOCIATION_MEETING = "association_meeting"
    ONLINE_COMMUNITY = "online_community"
    MENTORSHIP = "mentorship"
    SPEAKING = "speaking"
    MEETUP = "meetup"
    WORKSHOP = "workshop"
    CAREER_FAIR = "career_fair"
    OTHER = "other"


@frozen(kw_only=True)
class PlanSettings:
    """Limits of one year's plan; ``None`` means no limit. Money is in ``currency``."""

    yearly_budget: Decimal | None = None
    currency: str = "EUR"
    max_days_away: int | None = None
    max_events: int | None = None
    #: travel price per km of the round trip (there and back), in ``currency``
    per_km: Decimal = Decimal("0.25")
    #: price of one night away, in ``currency``
    per_night: Decimal = Decimal("120")
    #: farther than this from home, one travels the day before: one more night and day away
    overnight_beyond_km: float = 150.0
    #: an accepted talk's travel and ticket are paid by the organiser
    talk_travel_covered: bool = True
    talk_ticket_covered: bool = True
    #: the most events of each action in a plan: {conference: 3}
    balance: Mapping[Action, int] = field(factory=dict)
    #: candidate sets up to this size are solved exactly, larger ones by the heuristic
    exact_up_to: int = 40
    #: the talks file (None: ``talks.toml`` in the user data folder, see ``default_talks_path``)
    talks: Path | None = None
    #: ``eventscout build`` also writes the plan as a ``plan.ics`` feed
    feed: bool = True


#: the profile's reader of an amount with its currency: the same shape as ``budget`` there
_MONEY = PROFILE_SECTION.by_key["budget"].reader


def _price(value: object, where: Where) -> Decimal:
    return Decimal(str(Number(lo=0)(value, where)))


def _balance(value: object, where: Where) -> dict[Action, int]:
    result: dict[Action, int] = {}
    for name, count in expect_table(value, where).items():
        try:
            action = Action(name)
        except ValueError:
            allowed = ", ".join(a.value for a in Action)
            raise where.at(name).fail(f"unknown action {name!r}; actions are: {allowed}") from None
        result[action] = int(Number(lo=0, whole=True)(count, where.at(name)))
    return result


_COUNT = Number(lo=0, whole=True)


def _path(value: object, where: Where) -> Path:
    return relative_path(Text()(value, where), where)


#: every key of the ``[plan]`` table: the spec its loading and its reference docs come from
PLAN_SECTION = Section(
    title="[plan]",
    doc="Limits of the year plan (eventscout.plan): which events fit in one year's money and time.",
    noun="plan key",
    options=(
        Option(key="yearly_budget", attribute="budget",
               reader=_MONEY, default="none",
               doc="the most spent in the year on tickets and travel together"),
        Option(key="max_days_away", reader=_COUNT, default="none",
               doc="the most days away from home in the year (online events take none)"),
        Option(key="max_events", reader=_COUNT, default="none",
               doc="the most events in the plan"),
        Option(key="travel_per_km", attribute="per_km", reader=Custom(_price, "a number"),
               default="0.25", doc="travel price per km of the round trip, in the budget's currency"),
        Option(key="travel_per_night", attribute="per_night", reader=Custom(_price, "a number"),
               default="120", doc="price of a night away, in the budget's currency"),
        Option(key="overnight_beyond_km", reader=Number(lo=0, unit="km"), default="150",
               doc="farther than this, travel takes the day before: one more night and day away"),
        Option(key="talk_travel_covered", reader=Flag(), default="true",
               doc="an accepted talk's travel is paid by the organiser"),
        Option(key="talk_ticket_covered", reader=Flag(), default="true",
               doc="an accepted talk comes with a free ticket"),
        Option(key="balance", reader=Custom(_balance, "a table of whole numbers by action: "
                                            + ", ".join(a.value for a in Action)),
               default="{}", doc="the most events of each action: { conference = 3 }"),
        Option(key="exact_up_to", reader=Number(lo=0, hi=60, whole=True), default="40",
               doc="candidate sets this small are solved exactly; larger ones by a heuristic"),
        Option(key="talks", reader=Custom(_path, "a path"),
               default="talks.toml in the user data folder",
               doc="the talks and submissions file (`eventscout talk`), relative to the config file"),
        Option(key="feed", reader=Flag(), default="true",
               doc="`eventscout build` also writes the plan as the feed plan.ics, on the index page"),
    ),
)


def read_plan_settings(data: Mapping[str, Any], *, path: str | None = None,
                       key: str = "plan") -> PlanSettings:
    """Settings from a parsed ``[plan]`` table; a wrong key or value names ``path`` and the key."""
    values = PLAN_SECTION.read(data, Where(path, key, ConfigError))
    budget = values.pop("budget", None)
    if budget is not None:
        values["yearly_budget"], values["currency"] = budget.amount, budget.currency
    return PlanSettings(**values)
