"""The store's parsed-events cache: what each source parsed, under the key of its documents.

Mixed into :class:`~eventscout.runner.Store`, whose one SQLite file holds the ``parsed_source``
table (schema 3). A row's ``items`` are the pickled ``(events, problems, freshness)`` this
eventscout version wrote (:mod:`._replay` says what the key and the freshness hold); a row of
another version, or a damaged one, is a miss: the source is parsed again and the row replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import pickle
import sqlite3
from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from ..model import Event, Problem

__all__ = ["ParsedItems"]

log = logging.getLogger(__name__)


class ParsedItems:
    """The parsed-events cache methods of a store that gives ``_read`` and ``_transaction``."""

    def _read(self, sql: str, parameters: Sequence[object] = ()) -> list[Any]:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def parsed_documents(self, source: str) -> tuple[str, ...]:
        """The URLs ``source`` read when its parsed items were kept (none: nothing kept)."""
        rows = self._read("SELECT documents FROM parsed_source WHERE source = ?", (source,))
        try:
            return tuple(str(url) for url in json.loads(rows[0][0])) if rows else ()
        except (ValueError, TypeError):
            return ()

    def load_parsed(
        self, source: str, key: str
    ) -> tuple[tuple[Event, ...], tuple[Problem, ...]] | None:
        """The items kept for ``source`` under ``key``; None for another key or a damaged row
        (a miss: the source is parsed again, which also replaces the row)."""
        rows = self._read("SELECT key, items FROM parsed_source WHERE source = ?", (source,))
        if not rows or rows[0][0] != key:
            return None
        found = self._unpickled(source, rows[0][1])
        return None if found is None else found[:2]

    def load_fresh(
        self, source: str, fresh_keys: Collection[str], now: dt.datetime
    ) -> tuple[tuple[Event, ...], tuple[Problem, ...], dict[str, Any]] | None:
        """The items kept for ``source`` if they were kept with one of ``fresh_keys`` and their
        documents are still fresh in the HTTP cache at ``now``; with the kept freshness (the
        documents' digests, bytes and notes). None otherwise (the full path)."""
        rows = self._read("SELECT items FROM parsed_source WHERE source = ?", (source,))
        found = self._unpickled(source, rows[0][0]) if rows else None
        if found is None:
            return None
        events, problems, fresh = found
        until = None if fresh is None else _until(fresh)
        if fresh is None or until is None or fresh["key"] not in fresh_keys or now >= until:
            return None
        return events, problems, fresh

    @staticmethod
    def _unpickled(source: str, blob: bytes) -> tuple[
            tuple[Event, ...], tuple[Problem, ...], dict[str, Any] | None] | None:
        try:
            kept = pickle.loads(blob)
            events, problems = kept[:2]
            fresh = kept[2] if len(kept) > 2 else None
        except Exception:  # a damaged row, or classes of another version: parse again
            log.info("the parsed items of %s are unreadable; parsing again", source, exc_info=True)
            return None
        if not all(isinstance(e, Event) for e in events) or not all(
            isinstance(p, Problem) for p in problems
        ) or not (fresh is None or isinstance(fresh, dict)):
            return None
        return tuple(events), tuple(problems), fresh

    def save_parsed(
        self, source: str, key: str, documents: Sequence[str],
        events: Sequence[Event], problems: Sequence[Problem],
        fresh: Mapping[str, Any] | None = None,
    ) -> None:
        """Keep ``source``'s items under ``key`` (replacing what was kept before); ``fresh``
        says until when its documents stay fresh in the HTTP cache (``runner/_replay.py``)."""
        items = pickle.dumps((tuple(events), tuple(problems), dict(fresh) if fresh else None),
                             protocol=pickle.HIGHEST_PROTOCOL)
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO parsed_source (source, key, documents, items) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (source) DO UPDATE SET key = excluded.key,"
                " documents = excluded.documents, items = excluded.items",
                (source, key, json.dumps(list(documents)), items),
            )

    def forget_parsed(self, source: str) -> None:
        """Drop the parsed items kept for ``source`` (its next run parses again)."""
        with self._transaction() as connection:
            connection.execute("DELETE FROM parsed_source WHERE source = ?", (source,))



def _until(fresh: Mapping[str, Any]) -> dt.datetime | None:
    """Until when kept freshness holds, if it has all this version reads; else None."""
    try:
        until = dt.datetime.fromisoformat(fresh["until"])
        well_formed = (isinstance(fresh["key"], str) and isinstance(fresh["bytes"], int)
                       and isinstance(fresh["documents"], dict)
                       and isinstance(fresh["notes"], list))
    except (KeyError, TypeError, ValueError):  # kept by another version: the full path
        return None
    return until if well_formed and until.tzinfo is not None else None
