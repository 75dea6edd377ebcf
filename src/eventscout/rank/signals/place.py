"""The place signal: online, near home, far, or hybrid (see ``rank/practical.py``).

Joining online needs no travel, and for learning or speaking it is nearly as good as being there
(0.7 of an event next door). Jobs, mentors and partners are met in the hallway, at the booths and
over lunch, which an online stream does not have: the more of a profile's goal weight is on those
goals (:data:`PEOPLE_GOALS`), the less joining online counts, down to :data:`ONLINE_FOR_PEOPLE`
for a profile whose goals are all about meeting people. A hybrid event joined online counts the
same way. A profile that does not attend in person keeps the full online value: online is how it
takes part in everything.
"""

from __future__ import annotations

from ...model import AttendanceMode, Event
from ...profile import Goal
from ..practical import DISTANCE_HALF_KM
from ._base import Case, RankContext, WeightedPractical

__all__ = ["ONLINE", "ONLINE_FOR_PEOPLE", "PEOPLE_GOALS", "Place", "online_value"]

#: what joining online counts (an event next door counts 1)
ONLINE = 0.7
#: what it counts for a profile whose goals are all about meeting people
ONLINE_FOR_PEOPLE = 0.3
#: the goals met face to face: employers at their booths, mentors and partners in the hallway
PEOPLE_GOALS = frozenset({Goal.JOB_OPPORTUNITIES, Goal.MENTORSHIP, Goal.PARTNERSHIPS})
#: a hybrid event beyond the travel range counts this share of the online value (0.6 of 0.7)
_FAR_HYBRID_SHARE = 0.6 / 0.7


def online_value(context: RankContext) -> float:
    """What joining online counts for this profile: :data:`ONLINE`, less the share of its goal
    weight on :data:`PEOPLE_GOALS` times (:data:`ONLINE` − :data:`ONLINE_FOR_PEOPLE`)."""
    formats = context.profile.formats
    if AttendanceMode.IN_PERSON not in formats and AttendanceMode.HYBRID not in formats:
        return ONLINE
    goals = context.goals.goals
    total = sum(goals.values())
    if not total:
        return ONLINE
    share = sum(weight for goal, weight in goals.items() if goal in PEOPLE_GOALS) / total
    return ONLINE - (ONLINE - ONLINE_FOR_PEOPLE) * share


class Place(WeightedPractical):
    """Closer is better; online needs no travel but meets fewer people; an unknown place counts
    a little, silently."""

    name = "distance"
    weight_field = "place"

    def __init__(self, context: RankContext, *, people_goals: bool = True) -> None:
        super().__init__(context)
        #: ``people_goals=False`` keeps the full online value whatever the goals (the ranker
        #: before issue 9's second round, which the evaluation measures against)
        self._online = online_value(context) if people_goals else ONLINE

    def value(self, event: Event, case: Case) -> tuple[float, str | None]:
        return self.at(case.distance, case.mode)

    def at(self, distance: float | None, mode: AttendanceMode) -> tuple[float, str | None]:
        """The value and reason of an event ``distance`` km away (None: unknown or online)
        attended as ``mode``: the place signal depends on nothing else."""
        value, text = self._practical.place(distance, mode)
        if self._online == ONLINE or mode is AttendanceMode.IN_PERSON:
            return value, text
        if mode is AttendanceMode.ONLINE:
            return self._online, text
        if distance is None or not self._practical.joins_online(mode):
            return value, text
        limit = self._practical.profile.max_distance_km
        if limit is not None and distance > limit:
            return self._online * _FAR_HYBRID_SHARE, text
        near = 1.0 / (1.0 + distance / DISTANCE_HALF_KM)
        return max(near, self._online) + 0.1 * near, text
