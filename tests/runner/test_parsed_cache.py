"""The parsed-events cache: unchanged documents are not parsed again, and nothing else is served."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

import eventscout.sources.ical as ical
from eventscout.fetch import Fetcher, FetchSettings
from eventscout.runner import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Collection,
    SourceRunStatus,
    Store,
    _replay,
    collect,
)
from eventscout.sources.base import FetchContext
from eventscout.sources.ical import ICalSource

NOW = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)


def _calendar(*titles: str, rule: bool = False) -> str:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:e{number}@test\r\nSUMMARY:{title}\r\n"
        f"DTSTART:2027030{number + 1}T180000Z\r\nDTEND:2027030{number + 1}T200000Z\r\n"
        + ("RRULE:FREQ=WEEKLY;COUNT=60\r\n" if rule else "")
        + "END:VEVENT\r\n"
        for number, title in enumerate(titles)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n"


class Parses:
    """Counts the calls of the real parse_calendar (which still does the work)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = ical.parse_calendar

        def counted(*args: object, **kwargs: object) -> object:
            self.count += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(ical, "parse_calendar", counted)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Parses:
    return Parses(monkeypatch)


def _run(store: Store, *sources: ICalSource, now: dt.datetime = NOW) -> Collection:
    with Fetcher(FetchSettings(http_cache=False)) as fetcher:
        context = FetchContext(fetcher=fetcher, now=now, horizon_end=now + dt.timedelta(days=365))
        return collect(list(sources), context, store=store, now=now)


def _titles(collection: Collection) -> list[str]:
    return [event.title for event in collection.events]


def test_an_unchanged_document_is_served_from_the_cache_without_parsing(
    tmp_path: Path, parses: Parses
) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_text(_calendar("PyCon", "KubeCon"), encoding="utf-8")
    source = ICalSource(name="feed", url=str(feed), topics=("python",))
    with Store(tmp_path / "state.sqlite3") as store:
        first = _run(store, source)
        assert parses.count == 1
        again = _run(store, source)
        assert parses.count == 1  # the hit: nothing parsed
        assert again.events == first.events and again.problems == first.problems
        assert again.report.sources[0].status is SourceRunStatus.OK
        assert again.report.sources[0].items == 2
        assert store.source_status("feed").last_success == NOW


def test_a_changed_document_is_parsed_again(tmp_path: Path, parses: Parses) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_text(_calendar("PyCon", "KubeCon"), encoding="utf-8")
    source = ICalSource(name="feed", url=str(feed))
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source)
        feed.write_text(_calendar("PyCon", "KubeCon EU"), encoding="utf-8")
        changed = _run(store, source)
        assert parses.count == 2
        assert _titles(changed) == ["PyCon", "KubeCon EU"]
        assert store.load_source_events("feed").events == changed.events


def test_changed_adapter_options_are_parsed_again(tmp_path: Path, parses: Parses) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_text(_calendar("PyCon"), encoding="utf-8")
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, ICalSource(name="feed", url=str(feed), topics=("python",)))
        other = _run(store, ICalSource(name="feed", url=str(feed), topics=("rust",)))
        assert parses.count == 2
        assert other.events[0].topics == ("rust",)


def test_another_eventscout_version_parses_again(
    tmp_path: Path, parses: Parses, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_text(_calendar("PyCon"), encoding="utf-8")
    source = ICalSource(name="feed", url=str(feed))
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source)
        monkeypatch.setattr(_replay, "__version__", "999.0")
        _run(store, source)
        assert parses.count == 2
        _run(store, source)
        assert parses.count == 2  # kept again under the new version's key


def test_a_recurring_series_is_parsed_again_for_another_window(
    tmp_path: Path, parses: Parses
) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_text(_calendar("Weekly meetup", rule=True), encoding="utf-8")
    source = ICalSource(name="feed", url=str(feed))
    with Store(tmp_path / "state.sqlite3") as store:
        first = _run(store, source)
        later = _run(store, source, now=NOW + dt.timedelta(days=60))
        assert parses.count == 2
        # the series was expanded in the new window, not served from the old one
        assert later.events[0].start > first.events[0].start
        assert later.events != first.events


def test_a_failing_source_still_delivers_its_last_events(tmp_path: Path, parses: Parses) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_text(_calendar("PyCon", "KubeCon"), encoding="utf-8")
    source = ICalSource(name="feed", url=str(feed))
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source)
        _run(store, source)
        feed.unlink()
        failed = _run(store, source, now=NOW + dt.timedelta(hours=1))
        line = failed.report.sources[0]
        assert line.status is SourceRunStatus.STALE and line.stale_since == NOW
        assert _titles(failed) == ["PyCon", "KubeCon"]


def test_a_rewritten_snapshot_drops_the_parsed_items(tmp_path: Path, parses: Parses) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_text(_calendar("PyCon"), encoding="utf-8")
    source = ICalSource(name="feed", url=str(feed))
    with Store(tmp_path / "state.sqlite3") as store:
        first = _run(store, source)
        store.save_source_events("feed", (), fetched_at=NOW)
        assert store.parsed_documents("feed") == ()
        again = _run(store, source)
        assert parses.count == 2 and again.events == first.events


def test_a_damaged_parsed_row_is_a_miss(tmp_path: Path, parses: Parses) -> None:
    feed = tmp_path / "feed.ics"
    feed.write_text(_calendar("PyCon"), encoding="utf-8")
    source = ICalSource(name="feed", url=str(feed))
    path = tmp_path / "state.sqlite3"
    with Store(path) as store:
        first = _run(store, source)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE parsed_source SET items = x'00ff'")
    with Store(path) as store:
        again = _run(store, source)
    assert parses.count == 2 and again.events == first.events


def test_a_version_2_store_is_migrated_and_keeps_its_snapshots(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    connection = sqlite3.connect(path)
    for version, script in enumerate(MIGRATIONS[:2], start=1):
        connection.executescript(script)
        connection.execute(f"PRAGMA user_version = {version}")
    connection.execute("INSERT INTO source_state VALUES ('feed', '2027-01-01T00:00:00+00:00',"
                       " '2027-01-01T00:00:00+00:00', NULL)")
    connection.commit()
    connection.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        assert store.source_status("feed").last_success == dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
        assert store.parsed_documents("feed") == ()
        assert store.load_parsed("feed", "any") is None
