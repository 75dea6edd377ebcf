"""Places in comparison form: a location's city key, its text, and whether it says "online".

"Phoenix, AZ" and "Phoenix" are one city key ("phoenix"); a place given only as text ("Paris
(France)") keeps its folded text and the city it starts with; "Online" or "Virtual" in place of a
city says the event is online. Different spellings of one city ("Bangalore", "Bengaluru") are
told apart only by the offline gazetteer, loaded when two of them must be compared.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from ..model import Location

__all__ = ["NOWHERE", "Place", "fold", "gazetteer_city", "read_place"]

_ONLINE_WORDS = frozenset({"online", "virtual", "remote", "worldwide", "web", "internet"})


class Place(NamedTuple):
    """What a location says for matching, worked out once per distinct location."""

    #: the comparison form of its city (None when missing or an online word such as "Online")
    city: str | None
    #: the one-line description, folded ("" when it says the event is online)
    place_text: str
    #: the city a place written as text starts with ("Paris (France)" -> "paris")
    place_city: str | None
    country: str | None
    #: no city, and the description says "online", "virtual"...
    says_online: bool
    #: the block label of the city
    label: str | None


NOWHERE = Place(None, "", None, None, False, None)


def fold(text: str) -> str:
    """Lower case, accents removed, everything but letters and digits as single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@functools.lru_cache(maxsize=65536)
def city_key(city: str) -> str:
    """The comparison form of a city: its first part ("Phoenix, AZ" -> "phoenix")."""
    return fold(re.split(r"[,(/]", city, maxsplit=1)[0])


@functools.lru_cache(maxsize=4096)
def gazetteer_city(city: str, country: str | None) -> tuple[str, str] | None:
    """The gazetteer's name and country for a city key ("bangalore" -> Bengaluru, IN)."""
    from ..parse import find_city  # loaded only when two spellings of a place must be compared

    found = find_city(city, country)
    return (found.name, found.country) if found else None


def read_place(location: Location) -> Place:
    """The comparison form of ``location``."""
    city = city_key(location.city) if location.city else None
    described = location.describe()
    place_text = fold(described)
    if city in _ONLINE_WORDS:
        city = None
    says_online = bool(not city and place_text and set(place_text.split()) & _ONLINE_WORDS)
    if says_online:
        place_text = ""
    return Place(
        city=city, place_text=place_text,
        place_city=city or (city_key(described) if place_text else None) or None,
        country=location.country, says_online=says_online,
        label=f"city:{city}" if city else None,
    )
