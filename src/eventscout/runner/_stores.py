"""What the runner needs of a store: snapshots, and (optionally) the parsed-events cache.

:class:`~eventscout.runner.Store` is both; a test may give :func:`~eventscout.runner.collect`
another object with these methods.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ..model import Event, Problem

__all__ = ["ParsedStore", "Snapshot", "SnapshotStore"]


class Snapshot(Protocol):
    """A stored snapshot as the runner reads it: the events and when they were fetched."""

    @property
    def events(self) -> tuple[Event, ...]: ...

    @property
    def fetched_at(self) -> dt.datetime | None: ...


class SnapshotStore(Protocol):
    """What collect needs of :class:`~eventscout.runner.Store` (a test may give it another)."""

    def save_source_events(
        self, source: str, events: Sequence[Event], *, fetched_at: dt.datetime
    ) -> None: ...

    def load_source_events(self, source: str) -> Snapshot: ...

    def record_source_failure(self, source: str, *, at: dt.datetime, error: str) -> None: ...


class ParsedStore(SnapshotStore, Protocol):
    """A store that also keeps parsed items (:mod:`._replay`); :class:`~eventscout.runner.Store`
    is one. With a plain :class:`SnapshotStore` every source is parsed every run."""

    def parsed_documents(self, source: str) -> tuple[str, ...]: ...

    def load_parsed(
        self, source: str, key: str
    ) -> tuple[tuple[Event, ...], tuple[Problem, ...]] | None: ...

    def save_parsed(
        self, source: str, key: str, documents: Sequence[str],
        events: Sequence[Event], problems: Sequence[Problem],
        fresh: Mapping[str, Any] | None = None,
    ) -> None: ...

    def record_source_success(self, source: str, *, at: dt.datetime) -> None: ...
