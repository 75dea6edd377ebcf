"""The local state of eventscout: one SQLite file that outlives runs.

It keeps three things:

* **source snapshots**: the events each source delivered the last time it succeeded, so a source
  that fails today still contributes what it knew yesterday (marked with the time of that success),
  plus each source's last attempt and last error;
* **feed items**: for every event published in every feed, its UID, content hash, SEQUENCE, when it
  was first and last seen, LAST-MODIFIED, DTSTAMP, whether it is active or cancelled, and the cached
  serialized VEVENT. The feeds package owns the logic; the store only keeps rows;
* **parsed sources** (schema 3): what each source delivered, under the key of the documents and
  options it came from, so a re-run over unchanged documents does not parse them again
  (:mod:`._replay` says when a key may be trusted).

Why SQLite: atomic transactions (a run killed with SIGKILL midway leaves the last committed state),
WAL so a server can read while a build writes, and one file to back up. The schema is versioned with
``PRAGMA user_version``; older files are migrated forward, and a file from a newer eventscout fails
with :class:`~eventscout.errors.StoreSchemaError` instead of being misread.

A :class:`Store` is safe to share between threads: one connection, serialized by a lock (state
writes are small; the time goes to fetching and rendering, not here).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import ItemError, StoreError, StoreSchemaError
from ..model import Event
from ..serialize import event_from_dict, event_to_dict
from ._parsed import ParsedItems
from ._rows import (
    Decision,
    FeedItem,
    SourceSnapshot,
    SourceStatus,
    decision_from_row,
    decision_row,
    feed_item_from_row,
    feed_item_row,
    optional_time,
    utc_text,
)
from ._schema import MIGRATIONS

__all__ = ["FeedItem", "SourceSnapshot", "SourceStatus", "Store", "default_store_path"]

log = logging.getLogger(__name__)

def default_store_path() -> Path:
    """Where the store lives unless a path is given: the user data directory (platformdirs)."""
    import platformdirs  # only when no path is configured

    return platformdirs.user_data_path("eventscout", appauthor=False) / "state.sqlite3"


def _record_success(connection: sqlite3.Connection, source: str, when: str) -> None:
    connection.execute(
        "INSERT INTO source_state (source, last_success, last_attempt, last_error)"
        " VALUES (?, ?, ?, NULL) ON CONFLICT (source) DO UPDATE SET"
        " last_success = excluded.last_success, last_attempt = excluded.last_attempt,"
        " last_error = NULL",
        (source, when, when),
    )


# -- the store ------------------------------------------------------------------------------------


class Store(ParsedItems):
    """eventscout's state database (see the module docstring). Use it as a context manager::

    with Store("state.sqlite3") as store:
        store.save_source_events("pycon", events, fetched_at=now)
    """

    def __init__(self, path: str | Path | None = None, *, timeout: float = 30.0) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot open the state database {self.path}: {error}") from error
        try:
            self._connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._connection.execute("PRAGMA journal_mode = WAL")
            self._connection.execute("PRAGMA synchronous = NORMAL")
            self._connection.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            self._connection.close()
            raise StoreError(
                f"{self.path} is not a usable eventscout state database: {error}"
            ) from error
        except StoreError:
            self._connection.close()
            raise

    # -- lifecycle --

    def close(self) -> None:
        """Close the database; the store cannot be used afterwards."""
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._connection.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it (also on SIGKILL)."""
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise StoreError(f"cannot write to {self.path}: {error}") from error
            try:
                yield connection
            except sqlite3.Error as error:
                connection.execute("ROLLBACK")
                raise StoreError(f"cannot write to {self.path}: {error}") from error
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            try:
                connection.execute("COMMIT")
            except sqlite3.Error as error:
                connection.execute("ROLLBACK")
                raise StoreError(f"cannot write to {self.path}: {error}") from error

    def _read(self, sql: str, parameters: Sequence[object] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._connection.execute(sql, parameters).fetchall()
            except sqlite3.Error as error:
                raise StoreError(f"cannot read {self.path}: {error}") from error

    def _migrate(self) -> None:
        with self._transaction() as connection:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version > len(MIGRATIONS):
                raise StoreSchemaError(
                    f"{self.path} has schema version {version}, but this eventscout knows "
                    f"versions up to {len(MIGRATIONS)}: it was written by a newer eventscout. "
                    "Upgrade eventscout, or point it at another state file."
                )
            for target in range(version + 1, len(MIGRATIONS) + 1):
                log.info("migrating %s to schema version %d", self.path, target)
                for statement in MIGRATIONS[target - 1].split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {target}")

    # -- source snapshots --

    def save_source_events(
        self, source: str, events: Sequence[Event], *, fetched_at: dt.datetime
    ) -> None:
        """Replace ``source``'s snapshot with ``events`` and record a success at ``fetched_at``.

        An unchanged snapshot (the usual re-run) is compared, not rewritten: reading a source's rows
        costs a fraction of deleting and inserting them again. A rewritten snapshot drops the
        source's parsed items (:meth:`save_parsed`): they are kept only while they are the
        snapshot.
        """
        when = utc_text(fetched_at, "fetched_at")
        rows = [
            (source, position, event.key, json.dumps(event_to_dict(event), ensure_ascii=False))
            for position, event in enumerate(events)
        ]
        with self._transaction() as connection:
            stored = connection.execute(
                "SELECT data FROM source_event WHERE source = ? ORDER BY position", (source,)
            ).fetchall()
            if [data for (data,) in stored] != [row[3] for row in rows]:  # else: nothing to write
                connection.execute("DELETE FROM source_event WHERE source = ?", (source,))
                # the parsed items kept for the source described the old snapshot
                connection.execute("DELETE FROM parsed_source WHERE source = ?", (source,))
                connection.executemany(
                    "INSERT INTO source_event (source, position, key, data) VALUES (?, ?, ?, ?)",
                    rows,
                )
            _record_success(connection, source, when)

    def load_source_events(self, source: str) -> SourceSnapshot:
        """The events ``source`` delivered when it last succeeded (empty if it never did).

        A damaged snapshot (a row that is not JSON or not an event, a bad time) raises
        :class:`~eventscout.errors.StoreError` naming the source and the row: the whole snapshot,
        not a silently shorter one, so a run reports it and goes on without it.
        """
        with self._lock:
            rows = self._read(
                "SELECT position, data FROM source_event WHERE source = ? ORDER BY position",
                (source,),
            )
            state = self._read("SELECT last_success FROM source_state WHERE source = ?", (source,))
        events = []
        for position, data in rows:
            try:
                events.append(event_from_dict(json.loads(str(data))))
            except (ItemError, ValueError, RecursionError) as error:  # incl. JSONDecodeError
                raise StoreError(
                    f"{self.path}: stored event {position} of source {source!r} is unreadable:"
                    f" {error}"
                ) from error
        try:
            fetched_at = optional_time(state[0][0]) if state else None
        except (TypeError, ValueError) as error:
            raise StoreError(
                f"{self.path}: the last success of source {source!r} is unreadable: {error}"
            ) from error
        return SourceSnapshot(events=tuple(events), fetched_at=fetched_at)

    def record_source_success(self, source: str, *, at: dt.datetime) -> None:
        """Note a success at ``at`` whose events are the stored snapshot (nothing to rewrite)."""
        when = utc_text(at, "at")
        with self._transaction() as connection:
            _record_success(connection, source, when)

    def record_source_failure(self, source: str, *, at: dt.datetime, error: str) -> None:
        """Note that fetching ``source`` failed at ``at``; its last snapshot is kept as it was."""
        when = utc_text(at, "at")
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO source_state (source, last_success, last_attempt, last_error)"
                " VALUES (?, NULL, ?, ?) ON CONFLICT (source) DO UPDATE SET"
                " last_attempt = excluded.last_attempt, last_error = excluded.last_error",
                (source, when, str(error)),
            )

    def source_status(self, source: str) -> SourceStatus:
        """The last success, last attempt and last error of ``source`` (all None if unknown)."""
        rows = self._read(
            "SELECT last_success, last_attempt, last_error FROM source_state WHERE source = ?",
            (source,),
        )
        if not rows:
            return SourceStatus(source=source)
        success, attempt, error = rows[0]
        return SourceStatus(
            source=source,
            last_success=optional_time(success),
            last_attempt=optional_time(attempt),
            last_error=error,
        )

    def sources(self) -> tuple[str, ...]:
        """The names of every source the store knows, sorted."""
        rows = self._read("SELECT source FROM source_state ORDER BY source")
        return tuple(str(row[0]) for row in rows)

    # -- feed items --

    def load_feed_items(self, feed: str) -> dict[str, FeedItem]:
        """Every item of ``feed`` as last saved, by UID."""
        rows = self._read(
            "SELECT uid, event_key, content_hash, sequence, first_seen, last_seen,"
            " last_modified, dtstamp, state, gone_since, body"
            " FROM feed_item WHERE feed = ? ORDER BY uid",
            (feed,),
        )
        items: dict[str, FeedItem] = {}
        for row in rows:
            item = feed_item_from_row(feed, row)
            items[item.uid] = item
        return items

    def save_feed_items(
        self, feed: str, items: Iterable[FeedItem] | Mapping[str, FeedItem]
    ) -> None:
        """Replace every row of ``feed`` with ``items`` in one transaction."""
        values = items.values() if isinstance(items, Mapping) else items
        rows = []
        for item in values:
            if item.feed != feed:
                raise ValueError(f"item {item.uid!r} belongs to feed {item.feed!r}, not {feed!r}")
            rows.append(feed_item_row(item))
        with self._transaction() as connection:
            connection.execute("DELETE FROM feed_item WHERE feed = ?", (feed,))
            connection.executemany(
                "INSERT INTO feed_item (feed, uid, event_key, content_hash, sequence, first_seen,"
                " last_seen, last_modified, dtstamp, state, gone_since, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def feeds(self) -> tuple[str, ...]:
        """The names of every feed with saved items, sorted."""
        rows = self._read("SELECT DISTINCT feed FROM feed_item ORDER BY feed")
        return tuple(str(row[0]) for row in rows)

    # -- decisions --

    def save_decision(self, decision: Decision) -> None:
        """Keep ``decision`` for its event, replacing an earlier one."""
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO decision (event_key, verdict, title, first_day, decided_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_key) DO UPDATE SET"
                " verdict = excluded.verdict, title = excluded.title,"
                " first_day = excluded.first_day, decided_at = excluded.decided_at",
                decision_row(decision),
            )

    def forget_decision(self, event_key: str) -> bool:
        """Drop the decision on ``event_key``; False when there was none."""
        with self._transaction() as connection:
            cursor = connection.execute("DELETE FROM decision WHERE event_key = ?", (event_key,))
            return cursor.rowcount > 0

    def decisions(self) -> tuple[Decision, ...]:
        """Every decision kept, the event's first day first."""
        rows = self._read("SELECT event_key, verdict, title, first_day, decided_at FROM decision"
                          " ORDER BY first_day, event_key")
        try:
            return tuple(decision_from_row(row) for row in rows)
        except (ValueError, TypeError) as error:
            raise StoreError(f"{self.path}: a decision row is damaged: {error}") from error
