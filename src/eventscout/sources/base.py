"""The one extension point: a source is anything with a ``name`` and a ``fetch(context)``.

``fetch`` yields :class:`~eventscout.model.Event` objects and, for every item it had to skip, a
:class:`~eventscout.model.Problem` saying which item and why. It raises only when the source as a
whole cannot deliver (the feed cannot be fetched or is not the format at all); the pipeline then
reports the source as failed and goes on with the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from attrs import field, frozen

from ..fetch import Fetcher
from ..model import Event, Problem

__all__ = ["FetchContext", "Source", "SourceItem"]

SourceItem = Event | Problem


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@frozen(kw_only=True)
class FetchContext:
    """What a source gets to work with: the shared fetcher and the time window of interest."""

    fetcher: Fetcher
    #: the current time; pinned in tests and the demo
    now: dt.datetime = field(factory=_utc_now)
    #: recurring events are expanded up to this instant
    horizon_end: dt.datetime | None = None

    @property
    def window_end(self) -> dt.datetime:
        return self.horizon_end or self.now + dt.timedelta(days=365)


@runtime_checkable
class Source(Protocol):
    """A place events come from. Built-in and third-party adapters both implement this."""

    name: str

    def fetch(self, context: FetchContext) -> Iterable[SourceItem]:
        """Yield the source's events, and a Problem for each item that had to be skipped."""
        ...
