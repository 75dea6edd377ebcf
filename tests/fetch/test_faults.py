"""The web's faults, injected by a real server on 127.0.0.1: every run completes, the report names
the fault, the other sources' events all arrive, and the faulty source's earlier events are kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import faultserver as fs
from eventscout.collect import collect
from eventscout.run_report import SourceRunStatus
from eventscout.sources.base import FetchContext
from eventscout.sources.ical import ICalSource
from eventscout.store import Store
from faultserver import FaultServer, Route

HEALTHY = {"alpha": ["a1", "a2", "a3"], "beta": ["b1", "b2"], "gamma": ["g1"]}
FAULTY_UIDS = ["f1", "f2"]
BIG = 50 * 1024 * 1024


def _uids(events: object) -> set[str]:
    return {event.source_id for event in events}  # type: ignore[attr-defined]


def _serve_all(server: FaultServer) -> list[ICalSource]:
    for name, uids in HEALTHY.items():
        server.routes[f"/{name}.ics"] = fs.document(fs.calendar(uids))
    server.routes["/faulty.ics"] = fs.document(fs.calendar(FAULTY_UIDS))
    server.routes["/robots.txt"] = fs.document(b"User-agent: *\nAllow: /\n", etag=False,
                                               content_type="text/plain")
    names = [*HEALTHY, "faulty"]
    return [ICalSource(name=name, url=server.url(f"/{name}.ics")) for name in names]


def _robots_forbid(server: FaultServer) -> Route:
    # robots.txt is read once per run (per fetcher); a new run reads the changed file
    server.routes["/robots.txt"] = fs.document(
        b"User-agent: *\nDisallow: /faulty.ics\n", etag=False, content_type="text/plain")
    return fs.document(fs.calendar(FAULTY_UIDS))


# fault name -> (route for /faulty.ics, expected status, expected fault kind or note fragment)
FAULTS: dict[str, tuple[Callable[[FaultServer], Route], SourceRunStatus, str]] = {
    "timeout": (lambda s: fs.slow(2.0, fs.status(200)), SourceRunStatus.STALE, "timeout"),
    "connection reset": (lambda s: fs.reset, SourceRunStatus.STALE, "connection"),
    "truncated body": (lambda s: fs.truncated(fs.calendar(FAULTY_UIDS * 20)),
                       SourceRunStatus.STALE, "truncated"),
    "redirect loop": (lambda s: fs.redirect_to("/faulty.ics"), SourceRunStatus.STALE,
                      "redirects"),
    "50 MB body, announced": (lambda s: fs.huge(BIG, declare_length=True),
                              SourceRunStatus.STALE, "too_large"),
    "50 MB body, streamed": (lambda s: fs.huge(BIG, declare_length=False),
                             SourceRunStatus.STALE, "too_large"),
    "429 asking for too long": (lambda s: fs.status(429, {"Retry-After": "3600"}),
                                SourceRunStatus.STALE, "rate_limited"),
    "500 every time": (lambda s: fs.status(500), SourceRunStatus.STALE, "http"),
    "robots.txt disallow": (_robots_forbid, SourceRunStatus.STALE, "robots"),
    # faults the fetcher gets over: the source succeeds and the report says what happened
    "500 then 200": (lambda s: fs.sequence(fs.status(500), fs.document(fs.calendar(FAULTY_UIDS))),
                     SourceRunStatus.OK, "HTTP 500"),
    "429 with Retry-After then 200": (
        lambda s: fs.sequence(fs.status(429, {"Retry-After": "0"}),
                              fs.document(fs.calendar(FAULTY_UIDS))),
        SourceRunStatus.OK, "HTTP 429"),
    "invalid UTF-8": (
        lambda s: fs.document(fs.calendar(FAULTY_UIDS).replace(b"Meetup f1", b"Meetup \xff\xfe f1")),
        SourceRunStatus.OK, "invalid utf-8"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_fault_is_reported_and_nothing_is_lost(
    fault: str, server: FaultServer, context: FetchContext, tmp_path: Path
) -> None:
    make_route, expected_status, named = FAULTS[fault]
    sources = _serve_all(server)
    with Store(tmp_path / "state.sqlite") as store:
        first = collect(sources, context, store=store)
        assert first.report.outcome == "all"
        before = _uids(e for e in first.events if e.source == "faulty")
        assert before == set(FAULTY_UIDS)

        server.routes["/faulty.ics"] = make_route(server)
        second_context = FetchContext(fetcher=type(context.fetcher)(context.fetcher.settings),
                                      now=context.now)
        with second_context.fetcher:
            second = collect(sources, second_context, store=store)

    line = second.report.source("faulty")
    if expected_status is SourceRunStatus.OK:  # unchanged content may also be "not_modified"
        assert line.status.succeeded, line
    else:
        assert line.status is expected_status, line
    mentioned = " ".join(filter(None, [line.fault, line.error, *line.notes])).lower()
    assert named.lower() in mentioned
    for name, uids in HEALTHY.items():
        assert _uids(e for e in second.events if e.source == name) == set(uids)
        assert second.report.source(name).status.succeeded
    assert before <= _uids(e for e in second.events if e.source == "faulty")
    if expected_status is SourceRunStatus.STALE:
        assert line.items == len(FAULTY_UIDS)
        assert line.stale_since is not None
        assert second.report.outcome == "some" and second.report.exit_code == 3
        assert any(p.source == "faulty" and p.where == "source" for p in second.problems)
    else:
        assert second.report.outcome == "all"


def test_a_robots_forbidden_source_without_history_is_skipped_not_empty(
    server: FaultServer, context: FetchContext
) -> None:
    sources = _serve_all(server)
    _robots_forbid(server)
    collection = collect(sources, context)
    line = collection.report.source("faulty")
    assert line.status is SourceRunStatus.SKIPPED
    assert line.fault == "robots" and "robots.txt" in (line.error or "")
    assert server.hits["/faulty.ics"] == 0
    assert collection.report.source("alpha").status is SourceRunStatus.OK


def test_a_failing_source_without_history_fails_and_the_run_goes_on(
    server: FaultServer, context: FetchContext
) -> None:
    sources = _serve_all(server)
    server.routes["/faulty.ics"] = fs.status(503)
    collection = collect(sources, context)
    assert collection.report.source("faulty").status is SourceRunStatus.FAILED
    assert collection.report.source("faulty").retries == context.fetcher.settings.retries
    assert _uids(collection.events) == {uid for uids in HEALTHY.values() for uid in uids}
