"""Helpers for testing source adapters, eventscout's own and third-party ones.

Plugin authors (and eventscout's tests) use these to test an adapter the way the pipeline runs it,
without the network::

    from eventscout.testing import assert_valid_source, make_event, run_source

    def test_reads_the_listing():
        source = MySource(name="club", url="https://club.example/events.json")
        run = run_source(source, files={"https://club.example/events.json": "tests/data/events.json"})
        assert [event.title for event in run.events] == ["Spring meetup"]
        assert run.problems == ()

:func:`run_source` runs the source with a real :class:`~eventscout.Fetcher` on a real
``requests.Session``; only the transport under the session is swapped (``Session.mount``) for one
that answers from the fixture files, so redirects of ``file`` to ``http`` or encodings behave as
in production while nothing leaves the machine. A URL missing from ``files`` answers 404, so a
forgotten fixture shows as the adapter's own error handling rather than a network call.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import mimetypes
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests
from attrs import frozen
from requests.adapters import HTTPAdapter
from urllib3 import HTTPResponse

from .fetch import Fetcher, FetchSettings
from .model import Event, Problem
from .runner import take_items
from .sources import FetchContext, Source

__all__ = [
    "FIXED_NOW",
    "FIXTURE_SETTINGS",
    "FixtureAdapter",
    "SourceRun",
    "assert_valid_source",
    "fixture_fetcher",
    "make_event",
    "run_source",
]

#: the default "now" of :func:`run_source`, so that tests do not depend on the day they run
FIXED_NOW = dt.datetime(2027, 1, 15, 12, 0, tzinfo=dt.UTC)

FixtureFiles = Mapping[str, "os.PathLike[str] | str | bytes"]


def make_event(**overrides: Any) -> Event:
    """An :class:`~eventscout.Event` with plausible defaults; pass any field to change it.

    The defaults (a one-day conference in Berlin on 1 June 2027 from source ``test``) are valid,
    so a test names only the fields it is about: ``make_event(title="PyCon DE", topics=["python"])``.
    """
    values: dict[str, Any] = {
        "title": "Example Conference",
        "start": dt.date(2027, 6, 1),
        "source": "test",
    }
    values.update(overrides)
    return Event(**values)


@frozen(kw_only=True)
class SourceRun:
    """What a source produced in :func:`run_source`: its events, its problems, the URLs it read."""

    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    #: every http(s) URL the source requested, in order (fixture hits and misses alike)
    requested: tuple[str, ...] = ()

    @property
    def titles(self) -> list[str]:
        return [event.title for event in self.events]


class FixtureAdapter(HTTPAdapter):
    """A ``requests`` transport that answers from fixture files instead of the network.

    Mount it on a session for ``http://`` and ``https://``; a URL in ``files`` answers 200 with
    the file's bytes (and a Content-Type guessed from its name), any other URL answers 404. The
    answer is a real urllib3 response turned into a ``requests.Response`` by ``requests`` itself,
    so streaming, encodings and headers behave as with a server.
    """

    def __init__(self, files: FixtureFiles | None = None) -> None:
        super().__init__()
        self.files: dict[str, os.PathLike[str] | str | bytes] = dict(files or {})
        self.requested: list[str] = []

    def send(  # type: ignore[override]
        self, request: requests.PreparedRequest, **_kwargs: Any
    ) -> requests.Response:
        url = request.url or ""
        self.requested.append(url)
        found = self._lookup(url)
        headers: dict[str, str] = {}
        if found is None:
            status, reason, body = 404, "Not Found", b"no fixture for " + url.encode()
        else:
            name, body = found
            status, reason = 200, "OK"
            content_type = mimetypes.guess_type(name)[0]
            if content_type:
                headers["Content-Type"] = content_type
        headers["Content-Length"] = str(len(body))
        raw = HTTPResponse(
            body=io.BytesIO(body), headers=headers, status=status, reason=reason,
            preload_content=False, decode_content=False, request_url=url,
        )
        return self.build_response(request, raw)

    def _lookup(self, url: str) -> tuple[str, bytes] | None:
        for candidate in (url, url.rstrip("/"), url + "/"):
            if candidate in self.files:
                value = self.files[candidate]
                if isinstance(value, bytes):
                    return candidate, value
                path = Path(value)
                return path.name, path.read_bytes()
        return None


#: fetch settings for fixture runs: no pauses between requests, no retries, no disk cache, and no
#: robots.txt requests cluttering :attr:`SourceRun.requested`
FIXTURE_SETTINGS = FetchSettings(min_delay=0, retries=0, http_cache=False, obey_robots=False)


def fixture_fetcher(
    files: FixtureFiles | None = None, *, settings: FetchSettings | None = None
) -> tuple[Fetcher, FixtureAdapter]:
    """A real :class:`Fetcher` whose HTTP(S) is answered from ``files`` (local paths still read)."""
    adapter = FixtureAdapter(files)
    session = requests.Session()
    fetcher = Fetcher(settings or FIXTURE_SETTINGS, session=session)
    # mounted after the Fetcher has prepared the session, so it replaces its network transport
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return fetcher, adapter


def run_source(
    source: Source, *, now: dt.datetime | None = None, files: FixtureFiles | None = None,
    horizon_end: dt.datetime | None = None, settings: FetchSettings | None = None,
) -> SourceRun:
    """Run ``source.fetch`` to the end against fixture files and sort what it yields.

    ``files`` maps URLs to fixture paths or bytes; ``now`` defaults to :data:`FIXED_NOW`;
    ``settings`` default to :data:`FIXTURE_SETTINGS`.
    Anything yielded that is neither an Event nor a Problem fails with a TypeError naming it.
    Errors the source raises (a :class:`~eventscout.SourceError` when it cannot deliver at all)
    propagate, so a test can ``pytest.raises`` them.
    """
    fetcher, adapter = fixture_fetcher(files, settings=settings)
    context = FetchContext(fetcher=fetcher, now=now or FIXED_NOW, horizon_end=horizon_end)
    events: list[Event] = []
    problems: list[Problem] = []
    with fetcher:
        take_items(source.fetch(context), events, problems,
                   source=str(getattr(source, "name", source)))
    return SourceRun(events=tuple(events), problems=tuple(problems),
                     requested=tuple(adapter.requested))


def assert_valid_source(
    source: object, *, files: FixtureFiles | None = None, now: dt.datetime | None = None,
    unique_keys: bool = True,
) -> SourceRun | None:
    """Assert that ``source`` keeps the :class:`~eventscout.Source` contract; return its run.

    Checks the shape (a non-empty ``name``, a ``fetch(context)`` method, the protocol). With
    ``files``, also runs it and checks what it yields: only Events and Problems, every Event and
    Problem naming this source, and (unless ``unique_keys=False``, for data that really lists an
    event twice) each event's identity ``key`` unique within the run, since calendar clients drop
    events that share a UID.
    Raises AssertionError listing every broken rule.
    """
    failures: list[str] = []
    name = getattr(source, "name", None)
    if not isinstance(name, str) or not name.strip():
        failures.append(f"`name` must be a non-empty string, got {name!r}")
    fetch = getattr(source, "fetch", None)
    if not callable(fetch):
        failures.append("`fetch` must be a method taking a FetchContext")
    else:
        parameters = [
            p for p in inspect.signature(fetch).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if len(parameters) != 1:
            failures.append("`fetch` must take exactly one required argument, the FetchContext")
    if not isinstance(source, Source):
        failures.append(f"{type(source).__name__} does not implement eventscout.Source")
    if failures:
        raise AssertionError(_report(source, failures))
    if files is None:
        return None

    assert isinstance(source, Source)
    run = run_source(source, now=now, files=files)
    for event in run.events:
        if event.source != name:
            failures.append(f"event {event.title!r} says source={event.source!r}, not {name!r}")
    for problem in run.problems:
        if problem.source != name:
            failures.append(f"problem {problem} says source={problem.source!r}, not {name!r}")
        if not problem.where or not problem.message:
            failures.append(f"problem {problem!r} must say where and what")
    seen: dict[str, Event] = {}
    for event in run.events if unique_keys else ():
        if event.key in seen:
            failures.append(
                f"events {seen[event.key].title!r} and {event.title!r} share the key {event.key}"
            )
        seen[event.key] = event
    if failures:
        raise AssertionError(_report(source, failures))
    return run


def _report(source: object, failures: list[str]) -> str:
    label = getattr(source, "name", None) or type(source).__name__
    return f"source {label!r} breaks the Source contract:\n- " + "\n- ".join(failures)
