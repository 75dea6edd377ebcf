"""A run killed with SIGKILL midway leaves the store and the HTTP cache valid: the next run
succeeds and loses nothing the previous completed run had."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import faultserver as fs
from eventscout.collect import collect
from eventscout.fetch import Fetcher, FetchSettings
from eventscout.run_report import SourceRunStatus
from eventscout.sources.base import FetchContext
from eventscout.sources.ical import ICalSource
from eventscout.store import Store
from faultserver import FaultServer

SCRIPT = Path(__file__).with_name("run_collect.py")
NAMES = [f"k{n}" for n in range(6)]


def _uids(name: str, version: int) -> list[str]:
    return [f"{name}-v{version}-{i}" for i in range(40 if version == 1 else 60)]


def _serve(server: FaultServer, version: int, *, stagger: float = 0.0) -> None:
    for number, name in enumerate(NAMES):
        route = fs.document(fs.calendar(_uids(name, version)))
        server.routes[f"/{name}.ics"] = fs.slow(stagger * number, route) if stagger else route


def _saved_again(store_path: Path, name: str) -> bool:
    with Store(store_path) as store:
        return any("-v2-" in (e.source_id or "") for e in store.load_source_events(name).events)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_run_killed_midway_loses_nothing(server: FaultServer, settings: FetchSettings,
                                           context: FetchContext, tmp_path: Path) -> None:
    store_path = tmp_path / "state.sqlite"
    sources = [ICalSource(name=name, url=server.url(f"/{name}.ics")) for name in NAMES]
    _serve(server, 1)
    with Store(store_path) as store:
        completed = collect(sources, context, store=store)
    assert completed.report.outcome == "all"
    had = {event.key for event in completed.events}

    # the killed run: new versions arrive one after another; the last source hangs
    _serve(server, 2, stagger=0.25)
    server.routes["/k5.ics"] = fs.slow(30, fs.status(200))
    pairs = [f"{s.name}={s.url}" for s in sources]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, str(SCRIPT), str(store_path), settings.cache_dir or "",
                              *pairs], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while not _saved_again(store_path, "k0") and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)  # some sources saved, others arriving, one hanging
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL

    with sqlite3.connect(store_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(store_path) as store:  # killed midway: early sources saved, the hanging one not
        assert {e.source_id for e in store.load_source_events("k0").events} == set(_uids("k0", 2))
        assert {e.source_id for e in store.load_source_events("k5").events} == set(_uids("k5", 1))

    # the next run: one source is down now; everything the completed run had is still there
    _serve(server, 2)
    server.routes["/k5.ics"] = fs.status(500)
    with Store(store_path) as store, Fetcher(settings) as fetcher:
        after = collect(sources, FetchContext(fetcher=fetcher, now=context.now), store=store)
    report = after.report
    assert report.source("k5").status is SourceRunStatus.STALE
    assert all(report.source(name).status.succeeded for name in NAMES[:5])
    keys = {event.key for event in after.events}
    assert {e.key for e in completed.events if e.source == "k5"} <= keys
    assert len(keys) == 5 * 60 + 40
    assert had - keys == {e.key for e in completed.events if e.source != "k5"} - keys
