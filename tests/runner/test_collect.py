"""collect(): parallel, order-independent, bounded, reported, and nothing lost."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import faultserver as fs
from eventscout.collect import collect
from eventscout.errors import ConfigError, SourceError
from eventscout.fetch import Fetcher, FetchSettings
from eventscout.model import Event, Problem
from eventscout.run_report import Outcome, SourceRunStatus
from eventscout.sources.base import FetchContext
from eventscout.sources.html_listing import HtmlListingSource
from eventscout.sources.ical import ICalSource
from eventscout.store import Store
from faultserver import FaultServer

START = dt.datetime(2027, 2, 1, 18, tzinfo=dt.UTC)


@attrs.frozen(kw_only=True)
class Scripted:
    """A source that waits (at a barrier with the others, or for another source to finish), then
    yields its events and problems, or raises."""

    name: str
    events: int = 1
    problems: tuple[str, ...] = ()
    error: Exception | None = None
    gauge: list[int] = attrs.field(factory=list, eq=False)
    lock: threading.Lock = attrs.field(factory=threading.Lock, eq=False)
    barrier: threading.Barrier | None = attrs.field(default=None, eq=False)
    wait_for: threading.Event | None = attrs.field(default=None, eq=False)
    finished: threading.Event = attrs.field(factory=threading.Event, eq=False)
    #: where the source writes its name when it finishes (before it lets the next one go)
    done: list[str] | None = attrs.field(default=None, eq=False)

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        with self.lock:
            self.gauge.append(1)
        if self.barrier is not None:
            self.barrier.wait()  # raises BrokenBarrierError if its parties never run together
        if self.wait_for is not None:
            assert self.wait_for.wait(timeout=10), f"{self.name} waited in vain"
        try:
            for number in range(self.events):
                yield Event(title=f"{self.name} {number}", start=START, source=self.name,
                            source_id=f"{self.name}-{number}")
            for message in self.problems:
                yield Problem(source=self.name, where="item", message=message)
            with self.lock:
                self.gauge.append(-1)
            if self.error is not None:
                raise self.error
        finally:
            if self.done is not None:
                self.done.append(self.name)
            self.finished.set()


def _names(events: tuple[Event, ...]) -> list[str]:
    return [event.source_id or "" for event in events]


def test_output_follows_configured_order_not_completion(context: FetchContext) -> None:
    """Each source waits for the next one to finish, so they finish last to first."""
    sources: list[Scripted] = []
    finished: list[str] = []
    for n in reversed(range(5)):
        after = sources[0].finished if sources else None
        sources.insert(0, Scripted(name=f"s{n}", events=2, wait_for=after, done=finished))
    reported: list[str] = []
    forward = collect(sources, context, progress=lambda line, *_: reported.append(line.name))
    backward = collect(list(reversed(sources)), context)
    assert sorted(reported) == sorted(finished[:5])  # progress hears of each source once
    assert finished[:5] == [f"s{n}" for n in reversed(range(5))]
    assert _names(forward.events) == [f"s{n}-{i}" for n in range(5) for i in range(2)]
    assert [s.name for s in forward.report.sources] == [f"s{n}" for n in range(5)]
    assert sorted(_names(backward.events)) == sorted(_names(forward.events))
    assert [s.name for s in backward.report.sources] == [f"s{n}" for n in reversed(range(5))]


def test_sources_run_in_parallel_bounded_by_max_workers(context: FetchContext) -> None:
    """Eight sources, four workers: every source waits at a barrier of four, which only opens
    when four run at once (two waves, not eight one after the other), and never more than four
    are counted running."""
    gauge: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(4, timeout=10)
    sources = [Scripted(name=f"s{n}", gauge=gauge, lock=lock, barrier=barrier) for n in range(8)]
    report = collect(sources, context, max_workers=4).report
    running = peak = 0
    for step in gauge:
        running += step
        peak = max(peak, running)
    assert peak == 4
    assert [line.status for line in report.sources] == [SourceRunStatus.OK] * 8
    assert not barrier.broken


def test_a_broken_adapter_does_not_stop_the_others(context: FetchContext) -> None:
    sources = [Scripted(name="fine", events=3),
               Scripted(name="buggy", events=1, error=ZeroDivisionError("oops")),
               Scripted(name="down", events=0, error=SourceError("gone", source="down"))]
    collection = collect(sources, context)
    report = collection.report
    assert report.source("fine").status is SourceRunStatus.OK
    assert report.source("buggy").status is SourceRunStatus.FAILED
    assert report.source("buggy").fault == "ZeroDivisionError"
    assert report.source("down").error == "source 'down': gone"
    assert report.outcome is Outcome.SOME and report.exit_code == 3
    # with no earlier snapshot, what a failing source read before failing is still delivered
    assert "buggy-0" in _names(collection.events)
    assert {p.source for p in collection.problems if p.where == "source"} == {"buggy", "down"}


def test_rejected_items_are_counted_with_reasons(context: FetchContext) -> None:
    source = Scripted(name="s", events=2, problems=("no date", "no date", "bad url"))
    line = collect([source], context).report.source("s")
    assert (line.items, line.rejected) == (2, 3)
    assert line.reasons == (("no date", 2), ("bad url", 1))


def test_none_succeeded_is_exit_code_4(context: FetchContext) -> None:
    report = collect([Scripted(name="x", error=SourceError("no"))], context).report
    assert report.outcome is Outcome.NONE and report.exit_code == 4


def test_duplicate_source_names_are_refused(context: FetchContext) -> None:
    with pytest.raises(ConfigError, match="twin"):
        collect([Scripted(name="twin"), Scripted(name="twin")], context)


def test_a_failed_source_delivers_its_last_events_marked_stale(
    context: FetchContext, tmp_path: Path
) -> None:
    with Store(tmp_path / "state.sqlite") as store:
        before = context.now
        collect([Scripted(name="s", events=3)], context, store=store)
        failing = Scripted(name="s", events=1, error=SourceError("down"))
        collection = collect([failing], context, store=store)
        status = store.source_status("s")
    line = collection.report.source("s")
    assert line.status is SourceRunStatus.STALE and line.items == 3
    assert line.stale_since is not None and line.stale_since >= before - dt.timedelta(seconds=1)
    assert _names(collection.events) == ["s-0", "s-1", "s-2"]  # the snapshot, not the partial read
    assert status.last_error and "down" in status.last_error


def test_a_success_replaces_the_snapshot(context: FetchContext, tmp_path: Path) -> None:
    with Store(tmp_path / "state.sqlite") as store:
        collect([Scripted(name="s", events=3)], context, store=store)
        collect([Scripted(name="s", events=1)], context, store=store)
        assert len(store.load_source_events("s").events) == 1


def test_source_settings_tables_are_layered_over_the_fetcher(
    server: FaultServer, context: FetchContext
) -> None:
    server.routes["/a.ics"] = fs.status(500)
    source = ICalSource(name="a", url=server.url("/a.ics"))
    report = collect([source], context, source_settings={"a": {"retries": 0}}).report
    assert report.source("a").retries == 0 and server.hits["/a.ics"] == 1
    with pytest.raises(ConfigError, match="max_workers"):
        collect([source], context, source_settings={"a": {"max_workers": 2}})


def test_http_sources_report_bytes_and_cache_use(server: FaultServer, settings: FetchSettings,
                                                 context: FetchContext) -> None:
    body = fs.calendar(["u1", "u2"])
    server.routes["/a.ics"] = fs.document(body)
    source = ICalSource(name="a", url=server.url("/a.ics"))
    first = collect([source], context).report.source("a")
    second = collect([source], context).report.source("a")
    assert (first.status, first.items, first.bytes, first.requests) == (
        SourceRunStatus.OK, 2, len(body), 1)
    assert (second.status, second.not_modified, second.bytes, second.bytes_saved) == (
        SourceRunStatus.NOT_MODIFIED, 1, 0, len(body))


def test_progress_is_told_about_every_source_as_it_finishes(context: FetchContext) -> None:
    seen: list[tuple[str, int, int]] = []
    sources = [Scripted(name=f"s{n}", events=n) for n in range(3)]
    collection = collect(sources, context,
                         progress=lambda line, done, total: seen.append((line.name, done, total)))
    assert sorted(name for name, _done, _total in seen) == ["s0", "s1", "s2"]
    assert [(done, total) for _name, done, total in seen] == [(1, 3), (2, 3), (3, 3)]
    assert [line.name for line in collection.report.sources] == ["s0", "s1", "s2"]


def test_the_run_is_dated_by_the_given_now(context: FetchContext, tmp_path: Path) -> None:
    """collect reads no wall clock for dates: the run and its snapshots carry ``now``."""
    then = dt.datetime(2031, 5, 6, 7, 8, tzinfo=dt.UTC)
    with Store(tmp_path / "state.sqlite") as store:
        report = collect([Scripted(name="s")], context, store=store, now=then).report
        default = collect([Scripted(name="t")], context, store=store).report
        assert store.load_source_events("s").fetched_at == then
        assert store.load_source_events("t").fetched_at == context.now
    assert report.started_at == then and default.started_at == context.now


def test_the_report_renders_as_json_and_a_table(context: FetchContext, tmp_path: Path) -> None:
    with Store(tmp_path / "state.sqlite") as store:
        collect([Scripted(name="ok", events=2), Scripted(name="bad")], context, store=store)
        report = collect([Scripted(name="ok", events=2, problems=("no title",)),
                          Scripted(name="bad", error=SourceError("HTTP 503", source="bad"))],
                         context, store=store).report
    data = json.loads(report.to_json())
    assert data["outcome"] == "some" and data["exit_code"] == 3
    assert [s["status"] for s in data["sources"]] == ["ok", "stale"]
    assert data["sources"][1]["stale_since"] is not None
    assert data["sources"][0]["reasons"] == [{"reason": "no title", "count": 1}]
    table = report.render_table()
    assert table.splitlines()[0].split()[:3] == ["source", "status", "items"]
    assert "stale" in table and "last success" in table and "HTTP 503" in table
    assert table.splitlines()[-1].startswith("1 of 2 sources succeeded (some)")


def test_a_forced_refresh_outranks_a_source_table(server: FaultServer, settings: FetchSettings,
                                                  context: FetchContext) -> None:
    server.routes["/a.ics"] = fs.document(fs.calendar(["u1"]))
    source = ICalSource(name="a", url=server.url("/a.ics"))
    collect([source], context)
    forced = Fetcher(attrs.evolve(settings, force_refresh=True))
    with forced:
        report = collect([source], FetchContext(fetcher=forced, now=context.now),
                         source_settings={"a": {"refresh_interval": "1d"}}).report
    assert report.source("a").not_modified == 1 and server.conditional["/a.ics"] == 1


def test_local_files_count_their_bytes(context: FetchContext, tmp_path: Path) -> None:
    path = tmp_path / "feed.ics"
    path.write_bytes(fs.calendar(["l1", "l2"]))
    line = collect([ICalSource(name="local", url=str(path))], context).report.source("local")
    assert (line.status, line.items, line.bytes, line.requests) == (
        SourceRunStatus.OK, 2, path.stat().st_size, 0)


def _listing(*titles: str) -> bytes:
    items = "".join(f'<article class="event"><h2>{t}</h2><p class="date">March 4, 2027</p>'
                    "</article>" for t in titles)
    return f"<html><body><main>{items}</main></body></html>".encode()


def _redesigned() -> bytes:
    return b'<html><body><div class="card"><h3>Meetup</h3></div></body></html>'


def _html_source(server: FaultServer) -> HtmlListingSource:
    return HtmlListingSource(name="council", url=server.url("/events"), item="article.event",
                             title="h2", date=".date")


def _serve_html(server: FaultServer, body: bytes) -> None:
    server.routes["/events"] = fs.document(body, content_type="text/html; charset=utf-8")


def test_an_empty_success_with_problems_keeps_the_last_events(
    server: FaultServer, context: FetchContext, tmp_path: Path
) -> None:
    """Run 1 reads one event; the site is redesigned, so run 2's item selector matches nothing
    and the source yields only a Problem: the stored event must be delivered (stale), not lost."""
    source = _html_source(server)
    with Store(tmp_path / "state.sqlite") as store:
        _serve_html(server, _listing("Budget hearing"))
        first = collect([source], context, store=store)
        saved_at = store.load_source_events("council").fetched_at
        _serve_html(server, _redesigned())
        second = collect([source], context, store=store)
        third = collect([source], context, store=store)  # still broken: still the old events
        kept = store.load_source_events("council")
        status = store.source_status("council")
    assert first.report.source("council").status is SourceRunStatus.OK
    line = second.report.source("council")
    assert (line.status, line.items, line.rejected, line.fault) == (
        SourceRunStatus.STALE, 1, 1, "empty")
    assert line.stale_since == saved_at
    assert line.error == "delivered no events and 1 problem(s)"
    assert line.notes == (f"delivered no events and 1 problem(s); kept the 1 events of "
                          f"{saved_at.isoformat() if saved_at else ''}",)
    assert [e.title for e in second.events] == ["Budget hearing"]
    assert [p.field for p in second.problems] == ["item"]  # the reason is still reported
    assert second.report.outcome is Outcome.NONE and second.report.exit_code == 4
    assert [e.title for e in third.events] == ["Budget hearing"]
    assert third.report.source("council").stale_since == saved_at
    assert [e.title for e in kept.events] == ["Budget hearing"] and kept.fetched_at == saved_at
    assert status.failing and status.last_error == "delivered no events and 1 problem(s)"
    assert server.hits["/events"] == 3


def test_an_empty_listing_without_problems_is_saved(
    server: FaultServer, context: FetchContext, tmp_path: Path
) -> None:
    """Zero events and zero problems is a listing that is really empty: it replaces the snapshot."""
    source = ICalSource(name="club", url=server.url("/club.ics"))
    with Store(tmp_path / "state.sqlite") as store:
        server.routes["/club.ics"] = fs.document(fs.calendar(["u1", "u2"]))
        collect([source], context, store=store)
        server.routes["/club.ics"] = fs.document(fs.calendar([]))
        line = collect([source], context, store=store).report.source("club")
        snapshot = store.load_source_events("club")
    assert (line.status, line.items, line.rejected) == (SourceRunStatus.OK, 0, 0)
    assert snapshot.events == () and not line.notes


def test_nothing_but_problems_and_nothing_stored_is_a_failure(
    server: FaultServer, context: FetchContext, tmp_path: Path
) -> None:
    """Issue 11: a source that yields only rejected items (a broken file, a redesigned page) on its
    first run is a failure (exit status 4, not a silent 0), and nothing is saved in its name."""
    _serve_html(server, _redesigned())
    with Store(tmp_path / "state.sqlite") as store:
        collection = collect([_html_source(server)], context, store=store)
        line = collection.report.source("council")
        snapshot = store.load_source_events("council")
    assert (line.status, line.items, line.rejected, line.fault) == (
        SourceRunStatus.FAILED, 0, 1, "empty")
    assert line.error == "delivered no events and 1 problem(s)"
    assert collection.report.exit_code == 4
    assert snapshot.events == () and snapshot.fetched_at is None


def test_a_smaller_listing_with_problems_replaces_the_snapshot(
    server: FaultServer, context: FetchContext, tmp_path: Path
) -> None:
    """A sharp drop is saved as delivered (listings shrink as events end); only nothing is kept."""
    source = _html_source(server)
    with Store(tmp_path / "state.sqlite") as store:
        _serve_html(server, _listing(*(f"Hearing {n}" for n in range(10))))
        collect([source], context, store=store)
        _serve_html(server, _listing("Hearing 0") + b'<article class="event"><h2>x</h2></article>')
        line = collect([source], context, store=store).report.source("council")
        assert [e.title for e in store.load_source_events("council").events] == ["Hearing 0"]
    assert (line.status, line.items, line.rejected) == (SourceRunStatus.OK, 1, 1)


def _corrupt_first_row(path: Path, data: str) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE source_event SET data = ? WHERE position = 0", (data,))
    connection.close()


@pytest.mark.parametrize("data", ['{"title": "x", "start": "2027-03-01", "provenance": [5]}',
                                  "[1, 2]", "not json"])
def test_a_corrupt_stored_row_is_reported_and_the_run_goes_on(
    server: FaultServer, context: FetchContext, tmp_path: Path, data: str
) -> None:
    path = tmp_path / "state.sqlite"
    with Store(path) as store:
        _serve_html(server, _listing("Budget hearing"))
        collect([_html_source(server), Scripted(name="other", events=2)], context, store=store)
        _corrupt_first_row(path, data)
        server.routes["/events"] = fs.status(404)
        collection = collect([_html_source(server), Scripted(name="other", events=2)], context,
                             store=store)
    line = collection.report.source("council")
    assert line.status is SourceRunStatus.FAILED and line.fault == "http"
    assert any("store unreadable" in note and "stored event 0 of source 'council'" in note
               for note in line.notes)
    assert collection.report.source("other").status is SourceRunStatus.OK
    assert _names(collection.events) == ["other-0", "other-1"]


def test_a_corrupt_stored_row_does_not_crash_an_empty_success(
    server: FaultServer, context: FetchContext, tmp_path: Path
) -> None:
    path = tmp_path / "state.sqlite"
    with Store(path) as store:
        _serve_html(server, _listing("Budget hearing"))
        collect([_html_source(server)], context, store=store)
        _corrupt_first_row(path, '{"title": "x", "start": "2027-03-01", "provenance": 7}')
        _serve_html(server, _redesigned())
        line = collect([_html_source(server)], context, store=store).report.source("council")
    assert (line.status, line.items) == (SourceRunStatus.OK, 0)
    assert line.notes and "the store is unreadable" in line.notes[0]


@attrs.frozen
class _Noting:
    """One event kept with a note, one item skipped."""

    name: str = "noting"

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        yield Problem(source=self.name, where="item 1", message="the CFP link is no link",
                      field="cfp.link", kept=True)
        yield Event(title="Kept", start=START, source=self.name, source_id="kept")
        yield Problem(source=self.name, where="item 2", message="no date")


def test_items_kept_with_a_note_are_not_counted_as_rejected(context: FetchContext) -> None:
    """Issue 11: 'kept with a note' is told apart from 'skipped'."""
    collection = collect([_Noting()], context)
    line = collection.report.source("noting")
    assert (line.items, line.rejected, line.noted) == (1, 1, 1)
    assert line.reasons == (("no date", 1),)
    assert line.noted_reasons == (("the CFP link is no link", 1),)
    table = collection.report.render_table()
    assert "noting: rejected 1× no date" in table
    assert "noting: kept 1× with a note: the CFP link is no link" in table
    assert line.to_dict()["noted"] == 1
