"""The offline gazetteer and place lines: kept here for existing imports; the code lives in
:mod:`eventscout.parse.places`."""

from .parse.places import City, PlaceParts, country_code, find_city, haversine_km, split_place

__all__ = ["City", "PlaceParts", "country_code", "find_city", "haversine_km", "split_place"]
