"""The price signal: free, within budget, or not listed (an unknown price is not free)."""

from __future__ import annotations

from ...model import Event
from ._base import Case, WeightedPractical

__all__ = ["Price"]


class Price(WeightedPractical):
    """Free beats paid beats unknown (see ``rank/practical.py``)."""

    name = "price"
    weight_field = "price"

    def value(self, event: Event, case: Case) -> tuple[float, str | None]:
        return self._practical.price(event)
