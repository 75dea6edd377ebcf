"""The state database: snapshots per source, source status, feed items, schema, crashes, threads."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventscout.errors import StoreError, StoreSchemaError
from eventscout.model import Event
from eventscout.runner import SCHEMA_VERSION
from eventscout.store import FeedItem, SourceSnapshot, Store, default_store_path
from eventscout.testing import FIXED_NOW

T0 = FIXED_NOW


def events(n: int, *, prefix: str = "Event") -> list[Event]:
    zone = ZoneInfo("America/New_York")
    return [
        Event(
            title=f"{prefix} {i}",
            start=dt.datetime(2027, 3, 1 + i % 28, 18, tzinfo=zone),
            source="src",
            source_id=f"{prefix}-{i}",
        )
        for i in range(n)
    ]


def item(uid: str, **changes: object) -> FeedItem:
    values: dict[str, object] = {
        "feed": "main",
        "uid": uid,
        "event_key": "k-" + uid,
        "content_hash": "h-" + uid,
        "sequence": 0,
        "first_seen": T0,
        "last_seen": T0,
        "last_modified": T0,
        "dtstamp": T0,
        "body": b"BEGIN:VEVENT\r\nUID:" + uid.encode() + b"\r\nEND:VEVENT\r\n",
    }
    return FeedItem(**(values | changes))  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "state.sqlite3") as opened:
        yield opened  # type: ignore[misc]


def test_snapshot_round_trips_in_order(store: Store) -> None:
    delivered = events(5)
    store.save_source_events("meetups", delivered, fetched_at=T0)
    snapshot = store.load_source_events("meetups")
    assert snapshot == SourceSnapshot(events=tuple(delivered), fetched_at=T0)
    assert [e.key for e in snapshot.events] == [e.key for e in delivered]


def test_unknown_source_is_an_empty_snapshot(store: Store) -> None:
    assert store.load_source_events("never") == SourceSnapshot(events=(), fetched_at=None)


def test_saving_replaces_only_that_source(store: Store) -> None:
    store.save_source_events("a", events(3, prefix="A"), fetched_at=T0)
    store.save_source_events("b", events(2, prefix="B"), fetched_at=T0)
    later = T0 + dt.timedelta(hours=6)
    store.save_source_events("a", events(1, prefix="A2"), fetched_at=later)
    assert [e.title for e in store.load_source_events("a").events] == ["A2 0"]
    assert store.load_source_events("a").fetched_at == later
    assert len(store.load_source_events("b").events) == 2
    assert store.sources() == ("a", "b")


def test_an_empty_delivery_is_a_success_with_no_events(store: Store) -> None:
    store.save_source_events("a", events(3), fetched_at=T0)
    store.save_source_events("a", [], fetched_at=T0 + dt.timedelta(hours=1))
    snapshot = store.load_source_events("a")
    assert snapshot.events == () and snapshot.fetched_at == T0 + dt.timedelta(hours=1)


def test_failure_keeps_the_last_snapshot_and_is_reported(store: Store) -> None:
    store.save_source_events("a", events(3), fetched_at=T0)
    failed_at = T0 + dt.timedelta(hours=6)
    store.record_source_failure("a", at=failed_at, error="timeout after 10 s")
    snapshot = store.load_source_events("a")
    assert len(snapshot.events) == 3 and snapshot.fetched_at == T0
    status = store.source_status("a")
    assert (status.last_success, status.last_attempt) == (T0, failed_at)
    assert status.last_error == "timeout after 10 s" and status.failing
    # the next success clears the error
    store.save_source_events("a", events(1), fetched_at=failed_at + dt.timedelta(hours=1))
    assert store.source_status("a").last_error is None
    assert not store.source_status("a").failing


def test_status_of_a_source_that_never_succeeded(store: Store) -> None:
    assert store.source_status("x").last_success is None
    store.record_source_failure("x", at=T0, error="404")
    status = store.source_status("x")
    assert status.last_success is None and status.last_attempt == T0 and status.last_error == "404"
    assert store.load_source_events("x").fetched_at is None


def test_times_must_be_aware(store: Store) -> None:
    with pytest.raises(ValueError, match="fetched_at"):
        store.save_source_events("a", [], fetched_at=dt.datetime(2027, 1, 1))


def test_times_come_back_as_the_same_instant_in_utc(store: Store) -> None:
    local = dt.datetime(2027, 1, 15, 13, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    store.save_source_events("a", [], fetched_at=local)
    fetched_at = store.load_source_events("a").fetched_at
    assert fetched_at == local and fetched_at is not None and fetched_at.tzinfo == dt.UTC


def test_data_persists_across_opens_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "state.sqlite3"
    with Store(path) as store:
        store.save_source_events("a", events(2), fetched_at=T0)
        assert store.schema_version == SCHEMA_VERSION == 3
    with Store(path) as store:
        assert len(store.load_source_events("a").events) == 2
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        connection.close()


def test_a_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    Store(path).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    with pytest.raises(StoreSchemaError, match=r"schema version 99.*newer eventscout"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not SQLite, it is a shopping list\n" * 100)
    with pytest.raises(StoreError, match="not a usable"):
        Store(path)


def test_an_unreadable_stored_event_names_the_source(store: Store) -> None:
    store.save_source_events("a", events(1), fetched_at=T0)
    connection = sqlite3.connect(store.path)
    connection.execute('UPDATE source_event SET data = \'{"title": "x"}\'')
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match="source 'a'"):
        store.load_source_events("a")


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("data", '{"title": "x", "start": "2027-03-01", "provenance": [5]}', "provenance"),
        ("data", '{"title": "x", "start": "2027-03-01", "topics": 5}', "topics"),
        ("data", "[1, 2]", "expected an object"),
        ("data", "{not json", "stored event 0"),
        ("data", "[" * 100_000 + "]" * 100_000, "stored event 0"),
    ],
)
def test_a_malformed_stored_row_is_a_store_error(
    store: Store, column: str, value: str, match: str
) -> None:
    """Malformed rows written behind eventscout's back must surface as StoreError, never as a
    TypeError that would crash the run."""
    store.save_source_events("a", events(2), fetched_at=T0)
    connection = sqlite3.connect(store.path)
    with connection:
        connection.execute(f"UPDATE source_event SET {column} = ? WHERE position = 0", (value,))
    connection.close()
    with pytest.raises(StoreError, match=match) as caught:
        store.load_source_events("a")
    assert "source 'a'" in str(caught.value)


def test_an_unreadable_success_time_is_a_store_error(store: Store) -> None:
    store.save_source_events("a", events(1), fetched_at=T0)
    connection = sqlite3.connect(store.path)
    with connection:
        connection.execute("UPDATE source_state SET last_success = 'yesterday-ish'")
    connection.close()
    with pytest.raises(StoreError, match="last success of source 'a'"):
        store.load_source_events("a")


def test_default_path_is_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert default_store_path() == tmp_path / "xdg" / "eventscout" / "state.sqlite3"
    with Store() as store:
        assert store.path == default_store_path()
        assert store.path.exists()


def test_feed_items_round_trip(store: Store) -> None:
    items = [
        item("b@x", sequence=3, state="cancelled", gone_since=T0 + dt.timedelta(days=1)),
        item("a@x"),
    ]
    store.save_feed_items("main", items)
    loaded = store.load_feed_items("main")
    assert list(loaded) == ["a@x", "b@x"]
    assert loaded["b@x"] == items[0] and loaded["a@x"] == items[1]
    assert isinstance(loaded["a@x"].body, bytes)
    assert store.feeds() == ("main",)


def test_saving_feed_items_replaces_only_that_feed(store: Store) -> None:
    store.save_feed_items("main", [item("a"), item("b")])
    store.save_feed_items("deadlines", [item("c", feed="deadlines")])
    store.save_feed_items("main", {"b": item("b", sequence=1)})
    assert set(store.load_feed_items("main")) == {"b"}
    assert store.load_feed_items("main")["b"].sequence == 1
    assert set(store.load_feed_items("deadlines")) == {"c"}
    assert store.load_feed_items("nothing") == {}


def test_feed_item_validation() -> None:
    with pytest.raises(ValueError, match="state"):
        item("a", state="deleted")
    with pytest.raises(ValueError, match="aware"):
        item("a", dtstamp=dt.datetime(2027, 1, 1))


def test_a_feed_item_of_another_feed_is_refused_and_nothing_changes(store: Store) -> None:
    store.save_feed_items("main", [item("a")])
    with pytest.raises(ValueError, match="belongs to feed"):
        store.save_feed_items("main", [item("b"), item("c", feed="other")])
    assert set(store.load_feed_items("main")) == {"a"}


def test_an_error_inside_a_save_rolls_back(store: Store) -> None:
    store.save_feed_items("main", [item("a")])
    # two rows with one UID break the primary key halfway through the transaction
    with pytest.raises(StoreError, match="UNIQUE"):
        store.save_feed_items("main", [item("b"), item("c"), item("b")])
    assert set(store.load_feed_items("main")) == {"a"}


def test_threads_can_share_a_store(store: Store) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for round_ in range(10):
                store.save_source_events(f"s{n}", events(n + 1), fetched_at=T0)
                assert len(store.load_source_events(f"s{n}").events) == n + 1
                store.record_source_failure(f"s{n}", at=T0, error=f"round {round_}")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.sources() == tuple(f"s{n}" for n in range(8))


def test_two_stores_on_one_file_see_each_other(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with Store(path) as writer, Store(path) as reader:
        writer.save_source_events("a", events(2), fetched_at=T0)
        assert len(reader.load_source_events("a").events) == 2


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from eventscout.model import Event
    from eventscout.store import Store
    store = Store(sys.argv[1])
    t0 = dt.datetime(2027, 1, 15, tzinfo=dt.UTC)
    round_ = 0
    while True:
        round_ += 1
        events = [Event(title=f"Round {round_} event {i}", start=dt.date(2027, 5, 1),
                        description="x" * 2000, source_id=f"{round_}-{i}") for i in range(300)]
        store.save_source_events("busy", events, fetched_at=t0 + dt.timedelta(minutes=round_))
        if round_ == 2:
            print("ready", flush=True)
    """
)


def test_sigkill_midway_leaves_a_valid_store_with_a_complete_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with Store(path) as store:
        store.save_source_events("calm", events(4), fetched_at=T0)
    env = os.environ | {"PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.3)  # let it get into the middle of further saves
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        if writer.stdout is not None:
            writer.stdout.close()
    with Store(path) as store:
        snapshot = store.load_source_events("busy")
        assert len(snapshot.events) == 300
        rounds = {event.title.split()[1] for event in snapshot.events}
        assert len(rounds) == 1  # all 300 from one complete save, never a mix
        assert snapshot.fetched_at is not None
        assert snapshot.fetched_at == T0.replace(hour=0) + dt.timedelta(minutes=int(rounds.pop()))
        assert len(store.load_source_events("calm").events) == 4
        connection = sqlite3.connect(path)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            connection.close()
