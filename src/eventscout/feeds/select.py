"""Which ranked matches a feed publishes: its filters first, then its tier's share.

The ranker orders events for a person; a feed takes a slice of that order. Filters drop what a
feed must never show (too low a score, other kinds, other topics, other places, in person when
the feed is online-only); the tier then takes the best ``limit`` (``must_attend``), the ones after
the first ``after`` (``worth_a_look``), or every remaining match for its deadlines
(``deadlines``, which publishes the deadlines, not the events).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from ..export import MatchLike
from ..model import Event
from .definition import FeedDefinition, FeedFilters, Tier

__all__ = ["MatchLike", "passes", "select_matches"]

_CONTINENT_NAMES = {
    "AF": "africa", "AN": "antarctica", "AS": "asia", "EU": "europe",
    "NA": "north_america", "OC": "oceania", "SA": "south_america",
}


@functools.cache
def _continent_of_country() -> dict[str, str]:
    from ..parse import country_table

    return {
        code: _CONTINENT_NAMES[data["continentcode"]]
        for code, data in country_table().items()
        if data.get("continentcode") in _CONTINENT_NAMES
    }


def _from_sources(event: Event, sources: frozenset[str]) -> bool:
    if not sources:
        return True
    return event.source in sources or any(name in sources for _, name in event.provenance)


def passes(event: Event, score: float, filters: FeedFilters) -> bool:
    """Whether one ranked event passes a feed's filters."""
    if score < filters.min_score:
        return False
    if filters.kinds and event.kind not in filters.kinds:
        return False
    if filters.topics and not filters.topics.intersection(event.topics):
        return False
    if filters.online_only and not event.is_online:
        return False
    if (filters.countries or filters.regions) and not event.is_online:
        country = event.location.country if event.location else None
        if country is None:
            return False
        if filters.countries and country not in filters.countries:
            return False
        if filters.regions and _continent_of_country().get(country) not in filters.regions:
            return False
    return True


def _has_open_deadline(event: Event, now: dt.datetime) -> bool:
    """Whether ``event`` still has a deadline to meet at ``now`` (a CFP or registration)."""
    closes = [event.registration_deadline, event.cfp.closes if event.cfp else None]
    return any(moment is not None and moment > now for moment in closes)


def select_matches(
    definition: FeedDefinition, matches: Iterable[MatchLike], *, now: dt.datetime | None = None
) -> list[MatchLike]:
    """The matches ``definition`` publishes (or whose deadlines it publishes), best first.

    With ``now``, a deadline feed takes only the events with a deadline still open then: a CFP
    that closed months ago is no live entry, even when its event is still ahead.
    """
    kept = [
        match for match in matches
        if _from_sources(match.event, definition.sources)
        and passes(match.event, match.score, definition.filters)
    ]
    if definition.tier is Tier.DEADLINES and now is not None:
        kept = [match for match in kept if _has_open_deadline(match.event, now)]
    limit = definition.effective_limit
    if definition.tier is Tier.MUST_ATTEND:
        # the ranker's relevance floor (eventscout.rank.Match.relevant): nothing off topic
        kept = [match for match in kept if getattr(match, "relevant", True)]
    if definition.tier is Tier.WORTH_A_LOOK:
        kept = kept[definition.after:]
    return kept if limit is None else kept[:limit]
