"""The place signal: online, near home, far, or hybrid (see ``rank/practical.py``)."""

from __future__ import annotations

from ...model import Event
from ._base import Case, WeightedPractical

__all__ = ["Place"]


class Place(WeightedPractical):
    """Closer is better; online needs no travel; an unknown place counts a little, silently."""

    name = "distance"
    weight_field = "place"

    def value(self, event: Event, case: Case) -> tuple[float, str | None]:
        return self._practical.place(case.distance, case.mode)
