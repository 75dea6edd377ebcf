"""Fresh documents are not read again: a re-run within their freshness replays the kept items
without opening the HTTP cache (runner/_replay.py), against a real loopback server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import eventscout.fetch._cache_storage as storage
import eventscout.sources.ical as ical
import faultserver as fs
from eventscout.fetch import Fetcher, FetchSettings
from eventscout.runner import Collection, SourceRunStatus, Store, collect
from eventscout.sources.base import FetchContext
from eventscout.sources.ical import ICalSource
from faultserver import FaultServer

NOW = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)
BODY = fs.calendar(["c1", "c2"])


class Counted:
    """Counts the real parse_calendar calls and the HTTP cache's look-ups (both still work)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parses = 0
        self.lookups = 0
        parse, stored = ical.parse_calendar, storage.HttpCache.stored

        def counted_parse(*args: object, **kwargs: object) -> object:
            self.parses += 1
            return parse(*args, **kwargs)  # type: ignore[arg-type]

        def counted_stored(cache: storage.HttpCache, url: str) -> object:
            self.lookups += 1
            return stored(cache, url)

        monkeypatch.setattr(ical, "parse_calendar", counted_parse)
        monkeypatch.setattr(storage.HttpCache, "stored", counted_stored)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counted:
    return Counted(monkeypatch)


@pytest.fixture
def source(server: FaultServer) -> ICalSource:
    """An iCalendar source on the loopback server, serving BODY with an ETag."""
    server.routes["/c.ics"] = fs.document(BODY)
    return ICalSource(name="feed", url=server.url("/c.ics"))


def _run(store: Store, source: ICalSource, cache: Path, *,
         source_settings: dict[str, dict[str, object]] | None = None,
         **settings: object) -> Collection:
    options = {"cache_dir": str(cache), "obey_robots": False, "min_delay": 0.0, **settings}
    with Fetcher(FetchSettings(**options)) as fetcher:  # type: ignore[arg-type]
        context = FetchContext(fetcher=fetcher, now=NOW, horizon_end=NOW + dt.timedelta(days=365))
        return collect([source], context, store=store, now=NOW,
                       source_settings=source_settings)


def test_a_rerun_within_the_refresh_interval_reads_no_document(
    tmp_path: Path, server: FaultServer, counted: Counted, source: ICalSource
) -> None:
    with Store(tmp_path / "state.sqlite3") as store:
        first = _run(store, source, tmp_path / "cache")
        assert (counted.parses, counted.lookups, server.hits["/c.ics"]) == (1, 1, 1)
        again = _run(store, source, tmp_path / "cache")
        # nothing asked of the server, the HTTP cache not even looked into, nothing parsed
        assert (counted.parses, counted.lookups, server.hits["/c.ics"]) == (1, 1, 1)
    assert again.events == first.events and again.problems == first.problems
    line = again.report.sources[0]
    assert (line.cache_hits, line.requests, line.bytes) == (1, 0, 0)
    assert line.bytes_saved == len(BODY)  # counted as the fresh cache hit it stands for


def test_a_forced_refresh_asks_the_server_and_renews_the_freshness(
    tmp_path: Path, server: FaultServer, counted: Counted, source: ICalSource
) -> None:
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source, tmp_path / "cache")
        forced = _run(store, source, tmp_path / "cache", force_refresh=True)
        assert server.conditional["/c.ics"] == 1  # a conditional request: 304, nothing parsed
        assert forced.report.sources[0].not_modified == 1 and counted.parses == 1
        _run(store, source, tmp_path / "cache")
    assert server.hits["/c.ics"] == 2 and counted.lookups == 2


def test_once_stale_the_document_is_asked_for_and_a_change_is_parsed(
    tmp_path: Path, server: FaultServer, counted: Counted, source: ICalSource
) -> None:
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source, tmp_path / "cache", refresh_interval=0.0)
        server.routes["/c.ics"] = fs.document(fs.calendar(["c1", "c2", "c3"]))
        changed = _run(store, source, tmp_path / "cache", refresh_interval=0.0)
    assert server.hits["/c.ics"] == 2 and counted.parses == 2
    assert len(changed.events) == 3


def test_other_cache_settings_or_options_take_the_full_path(
    tmp_path: Path, server: FaultServer, counted: Counted, source: ICalSource
) -> None:
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source, tmp_path / "cache")
        # a longer refresh interval: the kept freshness was worked out with the old one
        _run(store, source, tmp_path / "cache", refresh_interval=48 * 3600.0)
        assert counted.lookups == 2 and counted.parses == 1  # fresh in the HTTP cache: no parse
        retagged = ICalSource(name="feed", url=server.url("/c.ics"), topics=("python",))
        other = _run(store, retagged, tmp_path / "cache", refresh_interval=48 * 3600.0)
        assert counted.lookups == 3 and counted.parses == 2
        assert other.events[0].topics == ("python",)
        # without the HTTP cache nothing may be taken as fresh
        _run(store, retagged, tmp_path / "cache", http_cache=False)
    assert server.hits["/c.ics"] == 2


def test_items_kept_by_an_earlier_version_take_the_full_path(
    tmp_path: Path, server: FaultServer, counted: Counted, source: ICalSource
) -> None:
    """A row without freshness (kept before it was recorded) still replays after a look-up."""
    with Store(tmp_path / "state.sqlite3") as store:
        first = _run(store, source, tmp_path / "cache")
        key = store._read("SELECT key FROM parsed_source", ())[0][0]
        store.save_parsed("feed", key, store.parsed_documents("feed"), first.events,
                          first.problems)  # no freshness, as an earlier version kept it
        again = _run(store, source, tmp_path / "cache")
        assert counted.lookups == 2 and counted.parses == 1 and again.events == first.events
        _run(store, source, tmp_path / "cache")  # the full path renewed the freshness
    assert counted.lookups == 2


def test_a_miss_reads_each_document_once(
    tmp_path: Path, server: FaultServer, counted: Counted, source: ICalSource
) -> None:
    """The cache check fetches the documents; on a miss the adapter reads those, not the
    server again (the recorder used to be handed a copy of them, made before the check)."""
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source, tmp_path / "cache", http_cache=False)
        server.routes["/c.ics"] = fs.document(fs.calendar(["c1", "c2", "c3"]))
        changed = _run(store, source, tmp_path / "cache", http_cache=False)
    assert server.hits["/c.ics"] == 2 and counted.parses == 2 and len(changed.events) == 3


def test_a_document_another_source_downloaded_anew_is_read_again(
    tmp_path: Path, server: FaultServer, counted: Counted, source: ICalSource
) -> None:
    """The HTTP cache is shared by URL: when another source (refreshing on its own terms)
    stores a changed document, the kept items of the first are not served (found in review)."""
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source, tmp_path / "cache")
        server.routes["/c.ics"] = fs.document(fs.calendar(["c1", "c2", "c3"]))
        other = ICalSource(name="other", url=server.url("/c.ics"), topics=("python",))
        _run(store, other, tmp_path / "cache", source_settings={"other": {"force_refresh": True}})
        again = _run(store, source, tmp_path / "cache")
    assert len(again.events) == 3  # the cache's bytes, not the kept items of the old ones


def test_another_or_emptied_cache_folder_takes_the_full_path(
    tmp_path: Path, server: FaultServer, counted: Counted, source: ICalSource
) -> None:
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source, tmp_path / "cache")
        server.routes["/c.ics"] = fs.document(fs.calendar(["c1", "c2", "c3"]))
        elsewhere = _run(store, source, tmp_path / "other-cache")
    assert len(elsewhere.events) == 3 and server.hits["/c.ics"] == 2
    assert elsewhere.report.sources[0].cache_hits == 0  # no hit is claimed that did not happen


def test_a_broken_document_a_refresh_brought_is_not_hidden(
    tmp_path: Path, server: FaultServer, counted: Counted, source: ICalSource
) -> None:
    """After --refresh stored a document the adapter cannot read, the next run inside the old
    freshness reads it again and reports the source stale, as the full path does."""
    with Store(tmp_path / "state.sqlite3") as store:
        _run(store, source, tmp_path / "cache")
        server.routes["/c.ics"] = fs.document(b"not a calendar", content_type="text/calendar")
        _run(store, source, tmp_path / "cache", force_refresh=True)
        later = _run(store, source, tmp_path / "cache")
    line = later.report.sources[0]
    assert line.status is SourceRunStatus.STALE and line.fault is not None
    assert len(later.events) == 2  # the last good events, as the full path delivers them


def test_a_replay_keeps_the_notes_reading_the_documents_gave(
    tmp_path: Path, server: FaultServer, counted: Counted
) -> None:
    broken = BODY.replace(b"Meetup", b"Meetup \xff")
    server.routes["/c.ics"] = fs.document(broken)
    source = ICalSource(name="feed", url=server.url("/c.ics"))
    with Store(tmp_path / "state.sqlite3") as store:
        first = _run(store, source, tmp_path / "cache")
        again = _run(store, source, tmp_path / "cache")
    assert counted.lookups == 1  # replayed without a read
    assert first.report.sources[0].notes and again.report.sources[0].notes == \
        first.report.sources[0].notes
