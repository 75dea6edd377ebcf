"""Serve a built feed directory over HTTP: a WSGI app plus a small threaded server for local use.

The app serves only what :func:`~eventscout.feeds.build.build_feeds` wrote: ``index.html`` and the
top-level ``<name>.ics`` files of public feeds, and private feeds (kept in ``private/``) only to a
request carrying the feed's token (``?token=...``, compared with :func:`hmac.compare_digest`).
Anything else is 404, whatever its encoding: the request path must be one plain file name, so
``..``, ``%2e%2e``, encoded or back slashes, NUL and sub-directories never reach the file system.
A wrong or missing token is also 404, so a stranger cannot even learn that a private feed exists.

Every answer carries a strong ``ETag`` (a hash of the bytes) and ``Last-Modified``; a conditional
request that matches gets ``304 Not Modified``. Since an unchanged build writes byte-identical
files, a client polling an unchanged feed costs one 304.

The server never fetches sources. It can call a ``rebuild`` callback on a schedule in a background
thread; the callback (the pipeline's) does the fetching and building.
"""

from __future__ import annotations

import email.utils
import hashlib
import hmac
import logging
import os
import re
import socket
import socketserver
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer
from wsgiref.simple_server import make_server as _wsgiref_make_server

from attrs import frozen

__all__ = ["FeedApp", "FeedServer", "make_app", "make_server", "serve"]

log = logging.getLogger(__name__)

PRIVATE_DIR = "private"
#: a request line longer than this is refused with 414 before anything else is read
MAX_REQUEST_LINE = 8192
_METHOD = re.compile(r"[A-Z]{1,16}")
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_TYPES = {".ics": "text/calendar; charset=utf-8", ".html": "text/html; charset=utf-8"}
_Start = Callable[..., Any]


@frozen(kw_only=True)
class _Validators:
    """What a file is known by: its ETag and Last-Modified, cached by (size, mtime)."""

    stamp: tuple[int, int]
    etag: str
    last_modified: str
    mtime: float


class FeedApp:
    """The WSGI application serving one feed directory. Thread-safe; stop() ends rebuilds."""

    def __init__(
        self,
        out_dir: str | Path,
        *,
        tokens: Mapping[str, str] | None = None,
        rebuild: Callable[[], object] | None = None,
        rebuild_every: float | None = None,
        max_age: int = 3600,
    ) -> None:
        self.root = Path(out_dir).resolve()
        self.tokens = dict(tokens or {})
        for name, token in self.tokens.items():
            if len(token) < 16:
                raise ValueError(f"token of private feed {name!r} is too short to be unguessable")
        self.max_age = max_age
        self._validators: dict[Path, _Validators] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if rebuild is not None and rebuild_every:
            if rebuild_every <= 0:
                raise ValueError("rebuild_every must be a positive number of seconds")
            self._thread = threading.Thread(
                target=self._rebuild_loop, args=(rebuild, rebuild_every),
                name="eventscout-rebuild", daemon=True,
            )
            self._thread.start()

    # -- scheduling -----------------------------------------------------------------------------

    def _rebuild_loop(self, rebuild: Callable[[], object], every: float) -> None:
        while not self._stop.wait(every):
            try:
                rebuild()
            except Exception:  # a failed rebuild keeps the last good feeds online
                log.exception("scheduled rebuild failed; serving the previous build")

    def stop(self) -> None:
        """Stop the scheduled rebuilds (the thread ends after the rebuild in progress)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    # -- WSGI -----------------------------------------------------------------------------------

    def __call__(self, environ: Mapping[str, Any], start_response: _Start) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return _plain(start_response, "405 Method Not Allowed", [("Allow", "GET, HEAD")])
        file = self._resolve(environ)
        if file is None:
            return _plain(start_response, "404 Not Found")
        try:
            # one read per request: ETag, Content-Length and body all describe these bytes, even
            # while a scheduled rebuild replaces the file
            before = file.stat()
            data = file.read_bytes()
            validators = self._validators_for(file, data, before)
        except OSError:
            return _plain(start_response, "404 Not Found")
        body = data if method == "GET" else b""
        private = file.parent != self.root
        headers = [
            ("ETag", validators.etag),
            ("Last-Modified", validators.last_modified),
            ("Cache-Control", f"{'private' if private else 'public'}, max-age={self.max_age}"),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if _not_modified(environ, validators):
            start_response("304 Not Modified", headers)
            return [b""]
        headers += [
            ("Content-Type", _TYPES[file.suffix]),
            ("Content-Length", str(len(data))),
        ]
        if private:
            headers.append(("Referrer-Policy", "no-referrer"))
        start_response("200 OK", headers)
        return [body]

    def _resolve(self, environ: Mapping[str, Any]) -> Path | None:
        """The file a request names, or None. Only one plain file name is ever accepted."""
        path = environ.get("PATH_INFO", "/") or "/"
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or ""
        if "%" in path or "\\" in path or "\x00" in path or "%2f" in raw.lower():
            return None
        if path == "/":
            path = "/index.html"
        name = path[1:] if path.startswith("/") else ""
        if not _FILE_NAME.fullmatch(name) or ".." in name:
            return None
        if Path(name).suffix not in _TYPES:
            return None
        feed = name.removesuffix(".ics")
        if name.endswith(".ics") and feed in self.tokens:
            given = parse_qs(environ.get("QUERY_STRING", "")).get("token", [""])[0]
            if not hmac.compare_digest(given.encode(), self.tokens[feed].encode()):
                return None
            file = self.root / PRIVATE_DIR / name
        else:
            file = self.root / name
        # a symlink pointing out of the directory is not followed
        if file.is_symlink() or not file.is_file():
            return None
        return file

    def _validators_for(self, file: Path, data: bytes, before: os.stat_result) -> _Validators:
        """The validators of ``data``, the bytes read from ``file`` between the ``before`` stat
        and now. The ETag is a digest of exactly those bytes; it is cached by (size, mtime) only
        when the file did not change during the read (a rebuild replacing it)."""
        status = file.stat()
        stamp = (status.st_size, status.st_mtime_ns)
        steady = stamp == (before.st_size, before.st_mtime_ns) and stamp[0] == len(data)
        with self._lock:
            known = self._validators.get(file)
            if steady and known is not None and known.stamp == stamp:
                return known
        digest = hashlib.sha256(data).hexdigest()[:32]
        validators = _Validators(
            stamp=stamp,
            etag=f'"{digest}"',
            last_modified=email.utils.formatdate(status.st_mtime, usegmt=True),
            mtime=status.st_mtime,
        )
        if steady:
            with self._lock:
                self._validators[file] = validators
        return validators


def _not_modified(environ: Mapping[str, Any], validators: _Validators) -> bool:
    """RFC 9110: If-None-Match decides when present (weak comparison); else If-Modified-Since."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or validators.etag in tags
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        return int(validators.mtime) <= when.timestamp()
    return False


def _plain(
    start_response: _Start, status: str, extra: list[tuple[str, str]] | None = None
) -> list[bytes]:
    """A short error answer that says only the status: no path, no file name, no trace."""
    body = (status.split(" ", 1)[1] + "\n").encode()
    start_response(status, [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("X-Content-Type-Options", "nosniff"),
        *(extra or []),
    ])
    return [body]


def make_app(
    out_dir: str | Path,
    *,
    tokens: Mapping[str, str] | None = None,
    rebuild: Callable[[], object] | None = None,
    rebuild_every: float | None = None,
) -> FeedApp:
    """The WSGI app serving ``out_dir`` (usable under gunicorn or waitress as well).

    ``tokens`` maps private feed names to their tokens (see
    :func:`~eventscout.feeds.tokens.load_tokens`). With ``rebuild`` and ``rebuild_every``
    (seconds), ``rebuild()`` is called on that schedule in a background thread.
    """
    return FeedApp(out_dir, tokens=tokens, rebuild=rebuild, rebuild_every=rebuild_every)


# -- the local server ---------------------------------------------------------------------------


class _Handler(WSGIRequestHandler):
    """wsgiref's handler, hardened: short request lines, no version banner, no echo, logging."""

    server_version = "eventscout"
    #: answer malformed lines with a status line (http.server assumes HTTP/0.9 and sends none)
    default_request_version = "HTTP/1.0"
    sys_version = ""
    error_message_format = "%(code)d %(message)s\n"
    error_content_type = "text/plain; charset=utf-8"

    def setup(self) -> None:
        super().setup()
        # Nagle + delayed ACK would add ~40 ms per response (FACTS.md)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self) -> None:
        self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.requestline = ""
            self.request_version = ""
            self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        if not _METHOD.fullmatch(self.command):
            self.send_error(400)
            return
        # Hand the already-read request to wsgiref's ServerHandler, as its handle() does.
        handler = ServerHandler(
            self.rfile, self.wfile, self.get_stderr(), self.get_environ(),  # type: ignore[arg-type]
            multithread=True,
        )
        handler.server_software = self.server_version
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # never echo the request line back (http.server puts it in the message)
        super().send_error(code, None, None)

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # log the path without the query string: a private feed's token must not reach the log
        path = str(getattr(self, "path", "-")).split("?", 1)[0]
        log.info("%s %s %s %s", self.address_string(), self.command, path, code)


class FeedServer(socketserver.ThreadingMixIn, WSGIServer):
    """A threaded WSGI server for local use; ``server_port`` tells the port when 0 was asked."""

    daemon_threads = True
    allow_reuse_address = True


def make_server(app: FeedApp, *, host: str = "127.0.0.1", port: int = 8080) -> FeedServer:
    """A ready, not yet running server: call ``serve_forever()`` (and ``shutdown()`` to stop)."""
    server = _wsgiref_make_server(host, port, app, server_class=FeedServer, handler_class=_Handler)
    assert isinstance(server, FeedServer)
    return server


def serve(app: FeedApp, *, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve ``app`` until interrupted (Ctrl-C), then stop its scheduled rebuilds."""
    server = make_server(app, host=host, port=port)
    log.info("serving feeds at http://%s:%d/", host, server.server_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.stop()
