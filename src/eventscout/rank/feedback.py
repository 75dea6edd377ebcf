"""The person's own verdicts: liked, attended and dismissed events move similar events.

The profile lists events by title or by identity key. An entry that is the key of an event being
ranked takes that event's title and topics. An event then gets:

* the **same event dismissed** (its key, or its exact title): excluded, signal ``dismissed``;
* **another edition** of a dismissed series: similarity 1 on the down side;
* another edition of a **liked or attended** series: similarity 1 on the up side;
* otherwise the overlap (Jaccard) of title and topic words with the nearest entry, counted when it
  reaches :data:`MIN_OVERLAP` (a liked "KubeCon" lifts "Kubernetes Community Days" a little).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from attrs import frozen

from ..model import Event
from ..profile import Profile
from ..text import normalize_name
from ._tokens import joined, text_tokens, title_tokens, topic_tokens
from .diversity import series_key

__all__ = ["MIN_OVERLAP", "Feedback", "FeedbackSignal"]

MIN_OVERLAP = 0.3
_KEY_LENGTH = 24
_COMMON = frozenset({"conf", "conference", "summit", "days", "day", "con", "the", "of", "and",
                     "in", "for", "on", "meetup"})


@frozen
class _Entry:
    label: str
    title: str
    series: str
    words: frozenset[str]
    liked: bool
    verb: str
    series_words: frozenset[str]


@frozen
class FeedbackSignal:
    """What the person's verdicts say about one event: up (liked) and down (dismissed)."""

    up: float
    up_text: str | None
    down: float
    down_text: str | None


_NONE = FeedbackSignal(0.0, None, 0.0, None)


@functools.lru_cache(maxsize=100_000)
def _words(title: str, topics: tuple[str, ...]) -> frozenset[str]:
    words = title_tokens(title).unique | text_tokens(joined(topics)).unique
    return frozenset(w for w in words if w not in _COMMON and not w.isdigit())


class Feedback:
    """The verdicts of one profile, resolved against the events being ranked."""

    def __init__(self, profile: Profile, events: Iterable[Event]) -> None:
        wanted = {*profile.liked, *profile.dismissed, *profile.attended}
        by_key = {e.key: e for e in events if e.key in wanted} if wanted else {}
        self.entries: list[_Entry] = []
        self._dismissed_keys: set[str] = set()
        self._dismissed_titles: set[str] = set()
        for names, liked, verb in ((profile.liked, True, "liked"),
                                   (profile.attended, True, "attended"),
                                   (profile.dismissed, False, "dismissed")):
            for name in names:
                event = by_key.get(name)
                if event is None and len(name) == _KEY_LENGTH and name.isalnum() and name.islower():
                    if not liked:
                        self._dismissed_keys.add(name)
                    continue  # a key of an event not in this batch: nothing to compare with
                title = event.title if event else name
                topics = event.topics if event else ()
                series = series_key(event) if event else normalize_name(name)
                self.entries.append(_Entry(name, title, series, _words(title, topics), liked, verb,
                                           frozenset(series.split())))
                if not liked:
                    self._dismissed_titles.add(title.casefold())
                    if event is not None:
                        self._dismissed_keys.add(event.key)

    def __bool__(self) -> bool:
        return bool(self.entries) or bool(self._dismissed_keys)

    @property
    def dismisses(self) -> bool:
        """Whether any event is dismissed (liked and attended ones alone dismiss none)."""
        return bool(self._dismissed_keys or self._dismissed_titles)

    def dismissed(self, event: Event) -> bool:
        """Whether the person dismissed this very event."""
        return event.key in self._dismissed_keys or event.title.casefold() in self._dismissed_titles

    def signal(self, event: Event) -> FeedbackSignal:
        """How much the verdicts lift (``up``) and lower (``down``) this event, with reasons."""
        if not self.entries:
            return _NONE
        title_words = title_tokens(event.title).unique
        series: str | None = None
        words: frozenset[str] | None = None
        best = {True: (0.0, ""), False: (0.0, "")}
        for entry in self.entries:
            same = False
            # a cheap test before the series is worked out (accents defeat it: then always work)
            if entry.series_words <= title_words or not event.title.isascii():
                if series is None:
                    series = series_key(event)
                same = bool(series) and series == entry.series
            if same:
                value, text = 1.0, f"another edition of {entry.title}, which you {entry.verb}"
            else:
                if entry.words.isdisjoint(title_words) and (
                    not event.topics or entry.words.isdisjoint(topic_tokens(event.topics).unique)
                ):
                    continue  # no word in common: no overlap to measure
                if words is None:
                    words = _words(event.title, event.topics)
                if not words or not entry.words:
                    continue
                value = len(words & entry.words) / len(words | entry.words)
                if value < MIN_OVERLAP:
                    continue
                text = f"like {entry.title}, which you {entry.verb}"
            if value > best[entry.liked][0]:
                best[entry.liked] = (value, text)
        up, down = best[True], best[False]
        if not up[0] and not down[0]:
            return _NONE
        return FeedbackSignal(up[0], up[1] or None, down[0], down[1] or None)
