"""Matching: when two listings are the same event, judged pair by pair in Python.

A pair matches when the dates overlap, no one source listed the two as distinct items, the
places do not conflict, and the names are alike enough, where "enough" goes down as the places
and URLs agree more (:data:`THRESHOLDS`; ``docs/merge.md`` has the table).
"""

from __future__ import annotations

import enum

from rapidfuzz import fuzz

from ._listing import Listing
from ._names import Name
from ._places import gazetteer_city
from ._urls import UrlRelation, url_relation

__all__ = [
    "LOWEST_THRESHOLD", "NO_URL_THRESHOLD", "THRESHOLDS", "PlaceRelation", "cannot_link",
    "is_match",
]


class PlaceRelation(enum.Enum):
    """How two listings' places relate."""

    SAME = "same"
    #: too little said to tell
    UNKNOWN = "unknown"
    #: online against a city
    WEAK = "weak"
    CONFLICT = "conflict"


#: name score needed for a match, by place relation and URL relation
THRESHOLDS: dict[PlaceRelation, dict[UrlRelation, float]] = {
    PlaceRelation.SAME: {UrlRelation.SAME: 60.0, UrlRelation.RELATED: 75.0, UrlRelation.NONE: 85.0},
    PlaceRelation.UNKNOWN: {
        UrlRelation.SAME: 70.0, UrlRelation.RELATED: 80.0, UrlRelation.NONE: 90.0,
    },
    PlaceRelation.WEAK: {UrlRelation.SAME: 85.0, UrlRelation.RELATED: 90.0, UrlRelation.NONE: 101.0},
}
LOWEST_THRESHOLD = min(min(row.values()) for row in THRESHOLDS.values())
#: the least a name score must reach when the two listings have no URL site in common
NO_URL_THRESHOLD = min(row[UrlRelation.NONE] for row in THRESHOLDS.values())


def is_match(a: Listing, b: Listing) -> float | None:
    """The name score when ``a`` and ``b`` are listings of the same event, else None."""
    score = name_score(a, b)
    if score < LOWEST_THRESHOLD or _apart(a, b):
        return None
    place = place_relation(a, b)
    if place is PlaceRelation.CONFLICT:
        return None
    url = url_relation(a.urls, b.urls)
    if place is PlaceRelation.UNKNOWN and url is UrlRelation.NONE and a.first_day != b.first_day:
        return None  # no place and no URL in common: only the same first day will do
    return score if score >= THRESHOLDS[place][url] else None


def cannot_link(a: Listing, b: Listing) -> bool:
    """Facts that keep two listings apart whatever their names say: dates, ids, places."""
    return _apart(a, b) or place_relation(a, b) is PlaceRelation.CONFLICT


def _apart(a: Listing, b: Listing) -> bool:
    """Dates that do not overlap, or one source listing the two as distinct items."""
    if a.first_day > b.last_day or b.first_day > a.last_day:
        return True  # different dates: another edition, or another event
    ea, eb = a.event, b.event
    return bool(
        ea.source == eb.source and ea.source_id and eb.source_id and ea.source_id != eb.source_id
    )


# --- names ---------------------------------------------------------------------------------------


def name_score(a: Listing, b: Listing) -> float:
    """How alike two names are, 0-100, as given or with their cities taken out."""
    score = _form_score(a.full_name, b.full_name)
    if a.name is a.full_name and b.name is b.full_name:
        return score  # neither name holds its city (most): one form to compare
    return max(score, _form_score(a.name, b.name))


def _form_score(a: Name, b: Name) -> float:
    """Edit similarity, spaces ignored; a name inside the other counts; a differing word not."""
    if a.compact == b.compact:
        return 100.0
    score = max(fuzz.ratio(a.spaced, b.spaced), fuzz.ratio(a.compact, b.compact))
    shorter, longer = (a, b) if len(a.compact) <= len(b.compact) else (b, a)
    if len(shorter.compact) >= 4 and (
        shorter.words <= longer.words or _starts_with_words(longer.spaced, shorter.compact)
    ):
        return max(score, 88.0)
    only_a, only_b = a.words - b.words, b.words - a.words
    if only_a and only_b and fuzz.ratio(" ".join(sorted(only_a)), " ".join(sorted(only_b))) < 60:
        # each name has a word the other lacks: "Cloud Native AI Day" vs "Cloud Native Wasm Day"
        score = min(score, 70.0)
    return score


def _starts_with_words(name: str, compact: str) -> bool:
    """Whether ``name``'s first words, spaces removed, are ``compact``: "js nation live", "jsnation"."""
    joined = ""
    for word in name.split():
        joined += word
        if len(joined) >= len(compact):
            return joined == compact
    return False


# --- places --------------------------------------------------------------------------------------


def place_relation(a: Listing, b: Listing) -> PlaceRelation:
    """Same city (or both online), too little said, online against a city, or a conflict."""
    if a.country and b.country and a.country != b.country:
        return PlaceRelation.CONFLICT
    if a.city and b.city:
        if a.city == b.city or _within(a.city, b.place_text) or _within(b.city, a.place_text):
            return PlaceRelation.SAME  # also "Nantes" and "Lille, Lyon, Nantes, Tours"
        return PlaceRelation.SAME if _same_city(a, b) else PlaceRelation.CONFLICT
    if a.online and b.online:
        return PlaceRelation.SAME
    for one, other in ((a, b), (b, a)):
        if one.city and other.place_text:  # a city, and a place written as text
            if other.place_city == one.city or _within(one.city, other.place_text):
                return PlaceRelation.SAME
            if _other_known_city(one, other):
                return PlaceRelation.CONFLICT
            return PlaceRelation.UNKNOWN
    if a.place_text and b.place_text:
        if a.place_city == b.place_city:
            return PlaceRelation.SAME
        known_a, known_b = (gazetteer_city(x.place_city, x.country) if x.place_city else None
                            for x in (a, b))
        if known_a and known_b and known_a != known_b:
            return PlaceRelation.CONFLICT
        return PlaceRelation.UNKNOWN
    if (a.online and b.in_person and not b.online) or (b.online and a.in_person and not a.online):
        return PlaceRelation.UNKNOWN if a.unplaced or b.unplaced else PlaceRelation.WEAK
    return PlaceRelation.UNKNOWN


def _within(city: str, place_text: str) -> bool:
    return f" {city} " in f" {place_text} "


def _other_known_city(one: Listing, other: Listing) -> bool:
    """Whether ``other``'s place text starts with a real city that is not ``one``'s city."""
    assert one.city
    if not other.place_city:
        return False
    found = gazetteer_city(other.place_city, None)
    return found is not None and found != gazetteer_city(one.city, one.country)


def _same_city(a: Listing, b: Listing) -> bool:
    assert a.city and b.city
    if a.city.startswith(b.city + " ") or b.city.startswith(a.city + " "):
        return True  # "new york" and "new york city"
    found_a = gazetteer_city(a.city, a.country)
    return found_a is not None and found_a == gazetteer_city(b.city, b.country)
