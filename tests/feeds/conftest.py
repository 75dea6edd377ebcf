"""Fixtures for the feeds tests: a real HTTP server on 127.0.0.1 serving a feed directory."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from eventscout.feeds.server import FeedApp, make_app, make_server

ServeDir = Callable[..., str]


@pytest.fixture
def serve_dir() -> Iterator[ServeDir]:
    """Start ``make_app(out_dir, **options)`` on a free port; returns its base URL."""
    running: list[tuple[object, FeedApp, threading.Thread]] = []

    def start(out_dir: Path, **options: object) -> str:
        app = make_app(out_dir, **options)  # type: ignore[arg-type]
        server = make_server(app, host="127.0.0.1", port=0)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        running.append((server, app, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server, app, thread in running:
        server.shutdown()  # type: ignore[attr-defined]
        server.server_close()  # type: ignore[attr-defined]
        app.stop()
        thread.join(timeout=5)
