"""The year plan wired from a config: which year, the talks file, the plan, and its feed.

:func:`eventscout.pipeline.plan_year` and :func:`eventscout.pipeline.build` call these after
ranking; they are apart so that the pipeline module stays one job (fetch, merge, rank, export).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from .config import Config
from .model import Event
from .profile import Profile
from .rank import BusyPeriod, Match

if TYPE_CHECKING:
    from .feeds import ChosenFeed
    from .plan import Plan as YearPlan
    from .plan import TalkBook
    from .runner import Decision

__all__ = ["default_plan_year", "load_talk_book", "plan_feed", "year_plan"]


def _home_point(profile: Profile) -> tuple[float, float] | None:
    """The profile's home as (latitude, longitude), for travel costs; None when unknown."""
    from .parse import find_city

    home = profile.home
    if home is None:
        return None
    if home.latitude is not None and home.longitude is not None:
        return (home.latitude, home.longitude)
    city = find_city(home.place, home.country) if home.place else None
    return (city.latitude, city.longitude) if city is not None else None


def _keys_named(names: Sequence[str], events: Sequence[Event]) -> set[str]:
    """The keys of the events a profile list names, by key or by exact title (case aside)."""
    wanted = {name.casefold() for name in names}
    return {e.key for e in events if e.key.casefold() in wanted or e.title.casefold() in wanted}


def default_plan_year(now: dt.datetime) -> int:
    """The year ``eventscout plan`` plans without ``--year``: the one holding most of the next
    twelve months."""
    return now.year if now.month <= 6 else now.year + 1


def load_talk_book(config: Config) -> TalkBook:
    """The talks and submissions of ``config``'s talks file (``[plan] talks``, else
    ``talks.toml`` in the user data folder); an empty book when there is none."""
    from .plan import default_talks_path, load_talks

    return load_talks(config.plan.talks or default_talks_path())


def year_plan(config: Config, matches: Sequence[Match], *, year: int,
              busy: Sequence[BusyPeriod], decisions: Sequence[Decision],
              talks: TalkBook) -> YearPlan:
    """The year's plan from the ranked ``matches``: going and dismissed from the decisions and the
    profile, accepted talks from the talks file (their events count as speaking, travel and
    ticket covered as ``[plan]`` says)."""
    from .decisions import going_keys
    from .plan import make_plan

    events = [match.event for match in matches]
    return make_plan(
        matches, config.plan, year=year,
        home=_home_point(config.profile), busy=busy, going=going_keys(decisions),
        dismissed=_keys_named(config.profile.dismissed, events)
        | {d.event_key for d in decisions if d.verdict == "dismissed"},
        talks=talks.accepted_at(events),
    )


def plan_feed(plan: YearPlan, matches: Sequence[Match]) -> ChosenFeed:
    """The year plan as a feed: its chosen events, each with what it takes of the year first
    (no count of days from today: a feed entry must stay true for weeks)."""
    from .feeds import ChosenFeed, FeedDefinition
    from .plan import money
    from .rank import Reason

    by_key = {match.event.key: match for match in matches}
    currency = plan.settings.currency
    chosen = []
    for entry in plan.chosen:
        spend = entry.candidate
        why = ("you marked it going" if spend.going else "your talk is accepted there"
               if spend.talk else "chosen for its score")
        text = (f"in your {plan.year} plan ({why}): costs {money(spend.cost, currency)}, "
                f"days away from home: {spend.days_away}")
        match = by_key[entry.event.key]
        reason = Reason(signal="plan", contribution=0.0, text=text)
        chosen.append(attrs.evolve(match, reasons=(reason, *match.reasons)))
    definition = FeedDefinition(
        name="plan", title=f"Year plan {plan.year}", limit=None,
        description=f"The events chosen for {plan.year} within your [plan] limits; it follows "
                    "the plan as it changes.",
    )
    return ChosenFeed(definition=definition, matches=tuple(chosen), label="Plan")
