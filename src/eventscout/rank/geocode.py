"""Where a place is: the pluggable :class:`Geocoder` protocol and the offline default.

The ranker measures distance from home, so it needs coordinates for place names. The default
:class:`GazetteerGeocoder` looks names up in the gazetteer eventscout ships
(:mod:`eventscout.parse`, GeoNames cities over 5,000 inhabitants): no network, no key. Anything
with a ``locate`` method can replace it (a company's office list, a web geocoder with its own cache).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..parse import find_city

__all__ = ["GazetteerGeocoder", "Geocoder"]


@runtime_checkable
class Geocoder(Protocol):
    """Turns a place name (and an optional ISO country code) into (latitude, longitude)."""

    def locate(self, place: str, country: str | None = None) -> tuple[float, float] | None:
        """Coordinates of ``place``, or None when it is not known."""
        ...


class GazetteerGeocoder:
    """The offline default: the most populous city of that name in the packaged gazetteer."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str | None], tuple[float, float] | None] = {}

    def locate(self, place: str, country: str | None = None) -> tuple[float, float] | None:
        key = (place, country)
        if key not in self._cache:
            city = find_city(place, country)
            self._cache[key] = (city.latitude, city.longitude) if city else None
        return self._cache[key]
