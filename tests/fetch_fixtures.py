"""Fixtures for the fetcher and runner tests: a real fault-injecting HTTP server and fast fetch
settings. ``tests/fetch/conftest.py`` and ``tests/runner/conftest.py`` import them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventscout.fetch import Fetcher, FetchSettings
from eventscout.sources.base import FetchContext
from faultserver import FaultServer


@pytest.fixture
def server() -> Iterator[FaultServer]:
    running = FaultServer().start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def settings(tmp_path: Path) -> FetchSettings:
    """Settings that keep every test fast: tiny backoff and timeouts, no pause between requests,
    a cache in the test's own folder, every run asking the server (refresh_interval 0)."""
    return FetchSettings(
        cache_dir=str(tmp_path / "http-cache"),
        connect_timeout=2.0,
        read_timeout=0.3,
        retries=2,
        backoff=0.01,
        backoff_max=0.05,
        retry_after_max=0.5,
        min_delay=0.0,
        max_concurrency=8,
        refresh_interval=0,
    )


@pytest.fixture
def fetcher(settings: FetchSettings) -> Iterator[Fetcher]:
    with Fetcher(settings) as opened:
        yield opened


@pytest.fixture
def context(fetcher: Fetcher, now: dt.datetime) -> FetchContext:
    return FetchContext(fetcher=fetcher, now=now)
