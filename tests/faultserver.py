"""A real HTTP server on 127.0.0.1 that misbehaves on request, for the fetcher's fault tests.

Each path is a :data:`Route`: a function that writes a response to the handler. Ready-made routes
cover the web's faults: slow answers, resets, 500 then 200, 429 with Retry-After, truncated bodies,
redirect loops, a 50 MB body, invalid UTF-8 and a robots.txt that forbids a path. The server is
threaded and sets TCP_NODELAY (``disable_nagle_algorithm``): without it keep-alive responses wait
about 40 ms for a delayed ACK (see FACTS.md).
"""

from __future__ import annotations

import collections
import hashlib
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


def calendar(uids: Iterable[str], *, day: int = 10, summary: str = "Meetup") -> bytes:
    """A small valid iCalendar feed with one timed VEVENT per UID (February 2027, UTC)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//eventscout tests//fault server//EN"]
    for number, uid in enumerate(uids):
        lines += [
            "BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20270101T000000Z",
            f"DTSTART:202702{day + number % 15:02d}T180000Z",
            f"DTEND:202702{day + number % 15:02d}T200000Z",
            f"SUMMARY:{summary} {uid}", "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"",
         headers: dict[str, str] | None = None, *, content_type: str = "text/calendar") -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if status != 304:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if status != 304 and handler.command != "HEAD":
        handler.wfile.write(body)


def document(body: bytes, *, content_type: str = "text/calendar; charset=utf-8",
             etag: bool = True, headers: dict[str, str] | None = None) -> Route:
    """Serves ``body`` with an ETag, answering 304 to a matching If-None-Match."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'

    def route(handler: BaseHTTPRequestHandler) -> None:
        extra = dict(headers or {})
        if etag:
            extra["ETag"] = tag
            if handler.headers.get("If-None-Match") == tag:
                send(handler, 304, headers=extra, content_type=content_type)
                return
        send(handler, 200, body, extra, content_type=content_type)

    return route


def slow(seconds: float, then: Route) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        then(handler)

    return route


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection with a TCP RST before answering."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.connection.close()


def sequence(*routes: Route) -> Route:
    """The first request gets the first route, and so on; the last route answers the rest."""
    lock = threading.Lock()
    calls = [0]

    def route(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            index = min(calls[0], len(routes) - 1)
            calls[0] += 1
        routes[index](handler)

    return route


def status(code: int, headers: dict[str, str] | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        send(handler, code, f"status {code}".encode(), headers, content_type="text/plain")

    return route


def truncated(body: bytes) -> Route:
    """Announces the full length, sends half, and closes the connection."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/calendar")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    return route


def redirect_to(location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        send(handler, 302, b"", {"Location": location}, content_type="text/plain")

    return route


def huge(size: int, *, declare_length: bool) -> Route:
    """A body of ``size`` bytes, streamed; with or without a Content-Length announcing it."""
    block = b"X" * (1024 * 1024)

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/calendar")
        if declare_length:
            handler.send_header("Content-Length", str(size))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        sent = 0
        try:
            while sent < size:
                piece = block[: min(len(block), size - sent)]
                handler.wfile.write(piece)
                sent += len(piece)
        except OSError:  # the client hung up after its size cap: expected
            handler.close_connection = True

    return route


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # TCP_NODELAY
    server: FaultServer

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.record(path, self)
        route = self.server.routes.get(path)
        if route is None:
            send(self, 404, b"not found", content_type="text/plain")
        else:
            route(self)

    def log_message(self, format: str, *args: object) -> None:
        pass


class FaultServer(ThreadingHTTPServer):
    """A threaded loopback HTTP server; ``routes`` maps paths to :data:`Route` functions."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.hits: collections.Counter[str] = collections.Counter()
        self.conditional: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)

    def record(self, path: str, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.hits[path] += 1
            if handler.headers.get("If-None-Match") or handler.headers.get("If-Modified-Since"):
                self.conditional[path] += 1

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up (a size cap, a killed process) is part of the tests: stay quiet."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def url(self, path: str) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
