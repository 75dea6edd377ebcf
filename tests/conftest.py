"""Shared fixtures: the project's own test data and the real third-party data beside the project."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventscout.testing import FIXED_NOW

TESTS = Path(__file__).parent
PROJECT = TESTS.parent
SHARED_DATA = PROJECT.parent / "shared" / "data"
SHARED_TOOLS = PROJECT.parent / "shared" / "tools"


@pytest.fixture
def data_dir() -> Path:
    """``tests/data``: fixtures the project wrote itself."""
    return TESTS / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``: real public datasets and pages (see its PROVENANCE.md).

    Tests that read it skip with a reason when it is absent (e.g. a clone without the shared folder).
    """
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real third-party data not found at ../shared/data (looked in {SHARED_DATA})")
    return SHARED_DATA


@pytest.fixture
def now() -> dt.datetime:
    """The pinned 'now' of every test, so none depends on the day it runs.

    It is :data:`eventscout.testing.FIXED_NOW` (2027-01-15 12:00 UTC), the one definition: test
    modules that need it outside a fixture import it from there.
    """
    return FIXED_NOW


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the default store and HTTP cache of every test (and its subprocesses) out of $HOME."""
    root = tmp_path_factory.mktemp("user-folders")
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(root / "state"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


@pytest.fixture
def shared_site(shared_data: Path) -> Iterator[str]:
    """``../shared/data`` served on 127.0.0.1, as the real sites would serve those files."""
    handler = functools.partial(_QuietHandler, directory=str(shared_data))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
