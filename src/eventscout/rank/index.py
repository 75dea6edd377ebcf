"""A :class:`RankIndex`: the work of ranking that does not depend on the profile, done once.

Ranking the same events for several profiles (the feeds of a team, a profile being tuned) need not
work out every event's attendance mode and coordinates again: :meth:`RankIndex.build` resolves them
once (through the geocoder it is given), and :meth:`RankIndex.rank` or
``rank_events(index, profile)`` ranks any profile over them. Text is cut into words once as well:
the tokeniser caches by the text itself (``rank/_tokens.py``), so a second profile reuses every cut;
and the events' columns and word postings (:attr:`RankIndex.columns`) are made once, on the first
ranking, and reused by every later one. :meth:`RankIndex.prepare` makes them for every event
ahead of any ranking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..model import AttendanceMode, Event
from .geocode import GazetteerGeocoder, Geocoder
from .practical import attendance_mode, locate

if TYPE_CHECKING:
    from ..profile import Profile
    from ._types import Ranking
    from .busy import BusyPeriod
    from .columns import IndexColumns
    from .signals import SignalFactory

__all__ = ["RankIndex"]


class RankIndex:
    """Events with what every profile needs of them: attendance mode and coordinates.

    Immutable once built: :attr:`events`, :attr:`modes` and :attr:`points` are tuples in the
    events' order, and :attr:`geocoder` is the one that resolved the points (profiles ranked over
    the index resolve their home through it too, unless given another)."""

    __slots__ = ("_columns", "events", "geocoder", "modes", "points")

    def __init__(self, events: Sequence[Event], modes: Sequence[AttendanceMode],
                 points: Sequence[tuple[float, float] | None], geocoder: Geocoder) -> None:
        if not len(events) == len(modes) == len(points):
            raise ValueError("an index needs one mode and one point per event")
        self.events: tuple[Event, ...] = tuple(events)
        self.modes: tuple[AttendanceMode, ...] = tuple(modes)
        self.points: tuple[tuple[float, float] | None, ...] = tuple(points)
        self.geocoder = geocoder
        self._columns: IndexColumns | None = None

    @property
    def columns(self) -> IndexColumns:
        """The events as columns for array-speed ranking (made on first use, then kept)."""
        if self._columns is None:
            from .columns import IndexColumns

            self._columns = IndexColumns(self.events, self.modes, self.points)
        return self._columns

    @classmethod
    def build(cls, events: Iterable[Event], *, geocoder: Geocoder | None = None) -> RankIndex:
        """Index ``events``: resolve each one's mode and place (``geocoder`` defaults to a new
        offline :class:`~eventscout.rank.GazetteerGeocoder`)."""
        geocoder = geocoder or GazetteerGeocoder()
        items = tuple(events)
        cache: dict[tuple[str, str | None], tuple[float, float] | None] = {}
        modes = tuple(map(attendance_mode, items))
        points = tuple(locate(event, geocoder, cache) for event in items)
        return cls(items, modes, points, geocoder)

    def __len__(self) -> int:
        return len(self.events)

    def prepare(self) -> RankIndex:
        """Do now, for every event, the profile-independent work rankings do on demand for the
        events they reach: the columns, every event's word postings, the goal evidence, the tie
        order. Returns the index.

        A ranking files the words of the events it still holds, so the first ranking of a
        profile with wider limits than the ones before also files the rest (at 100,000 events,
        most of a second). A server ranking many profiles over one index prepares it once, after
        which no profile pays for events an earlier one excluded. Rankings of a prepared index
        are the same as of one left to fill itself."""
        from ._columnar import prepare  # NumPy loads only for the columnar path

        prepare(self)
        return self

    def rank(
        self,
        profile: Profile,
        *,
        now: dt.datetime | None = None,
        busy: Sequence[BusyPeriod] | None = None,
        signals: SignalFactory | None = None,
    ) -> Ranking:
        """:func:`~eventscout.rank.rank_events` of this index's events for ``profile``."""
        from ._ranker import rank_events  # the ranker imports this module

        return rank_events(self, profile, now=now, busy=busy, signals=signals)
