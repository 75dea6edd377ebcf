"""A sensible list: the top ten should not be ten editions of one series.

Maximal-marginal-relevance in its penalty form: going down the list from the best, each event's
score is multiplied by ``1 - strength × s``, where ``s`` is its greatest similarity to an event
ranked above it. Similarity is 1 for the same series (the title with years, ordinal editions and
the event's own city and country removed: "CityJS London" and "CityJS Singapore"), otherwise the
overlap (Jaccard) of the distinctive title words when it exceeds :data:`MIN_SIMILARITY`.
Only the first :data:`WINDOW` events are re-weighed; further down the order matters little.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from ..model import Event, Location
from ..text import normalize_name
from ._tokens import title_tokens

__all__ = ["MIN_SIMILARITY", "WINDOW", "most_like_above", "series_key", "similarity"]

WINDOW = 100
MIN_SIMILARITY = 0.67
_GENERIC = frozenset({
    "conf", "conference", "summit", "days", "day", "con", "meetup", "the", "of", "and", "in",
    "for", "on", "edition", "festival", "fest", "forum", "week", "world", "global", "annual",
    "international", "europe", "eu", "us", "usa", "online", "virtual", "live",
})


def _place_words(event: Event) -> frozenset[str]:
    return _location_words(event.location) if event.location is not None else frozenset()


@functools.lru_cache(maxsize=10_000)
def _location_words(location: Location) -> frozenset[str]:
    words: set[str] = set()
    for part in (location.city, location.region, location.country):
        if part:
            words.update(normalize_name(part).split())
    return frozenset(words)


@functools.lru_cache(maxsize=100_000)
def _series(title: str, places: frozenset[str]) -> str:
    words = [w for w in normalize_name(title).split() if w not in places and not w.isdigit()]
    return " ".join(words)


def series_key(event: Event) -> str:
    """The series an event belongs to: its title without years, editions or its own place."""
    return _series(event.title, _place_words(event))


def _distinctive(title: str, places: frozenset[str]) -> frozenset[str]:
    return frozenset(
        w for w in title_tokens(title).unique
        if w not in _GENERIC and w not in places and not w.isdigit()
    )


def similarity(a: Event, b: Event) -> float:
    """How alike two events are for the list's sake, in [0, 1]."""
    if series_key(a) == series_key(b) and series_key(a):
        return 1.0
    return _overlap(_distinctive(a.title, _place_words(a)), _distinctive(b.title, _place_words(b)))


def _overlap(words_a: frozenset[str], words_b: frozenset[str]) -> float:
    if not words_a or not words_b:
        return 0.0
    overlap = len(words_a & words_b) / len(words_a | words_b)
    return overlap if overlap >= MIN_SIMILARITY else 0.0


def most_like_above(events: Sequence[Event],
                    keys: Sequence[str] | None = None) -> list[tuple[float, int | None]]:
    """For each of ``events`` (best first), its greatest :func:`similarity` to an event above
    it and that event's place (the first such, ``None`` when none is alike at all); ``keys``
    are the events' :func:`series_key` when the caller has them.

    The same as comparing every pair, without doing so: each event's place words, series and
    distinctive words are made once; an event above in the same series is alike at 1.0, and
    the overlap with one above is counted from the words they share (any other pair's
    similarity is 0, and 0 never wins)."""
    places = [_place_words(event) for event in events]
    if keys is None:
        keys = [_series(event.title, where) for event, where in zip(events, places, strict=True)]
    words = [_distinctive(event.title, where) for event, where in zip(events, places, strict=True)]
    by_key: dict[str, int] = {}
    by_word: dict[str, list[int]] = {}
    found: list[tuple[float, int | None]] = []
    for place, (key, mine) in enumerate(zip(keys, words, strict=True)):
        shared: dict[int, int] = {}
        for word in mine:
            for other in by_word.get(word, ()):
                shared[other] = shared.get(other, 0) + 1
        best, like = 0.0, None
        size = len(mine)
        for other, count in shared.items():
            if key and keys[other] == key:
                continue  # the same series: alike at 1.0, below
            overlap = count / (size + len(words[other]) - count)
            if overlap >= MIN_SIMILARITY and (
                    overlap > best or (overlap == best and like is not None and other < like)):
                best, like = overlap, other
        first = by_key.get(key) if key else None
        if first is not None and (best < 1.0 or like is None or first < like):
            best, like = 1.0, first
        found.append((best, like))
        by_key.setdefault(key, place)
        for word in mine:
            by_word.setdefault(word, []).append(place)
    return found
