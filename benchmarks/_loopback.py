"""A loopback HTTP server for the benchmarks: iCalendar documents with ETags, an optional latency.

It runs in its own process (so its threads do not share the client's GIL), sets ``TCP_NODELAY``
(without it, Nagle and delayed ACKs add about 40 ms to every keep-alive response), answers
``If-None-Match`` with ``304 Not Modified`` and counts what it answered.
"""

from __future__ import annotations

import collections
import hashlib
import multiprocessing
import multiprocessing.connection
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["ServerProcess", "calendar"]


#: cities the events of :func:`calendar` take place in, when it is asked for places
CITIES = ("Berlin", "Hamburg", "Munich", "Vienna", "Zurich", "Amsterdam", "Paris", "Prague",
          "Warsaw", "Copenhagen", "London", "Lisbon")
TOPICS = ("Python", "Kubernetes", "Data engineering", "DevOps", "Rust", "Cloud native",
          "Machine learning", "Security")


def calendar(index: int, events: int = 20, *, places: bool = False) -> bytes:
    """An iCalendar document of ``events`` evening meetups, in March 2027 (or over the year, with
    varied topics and a city each, when ``places`` is true: what a real re-run ranks)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//eventscout//benchmark//EN"]
    for number in range(events):
        day = 1 + (index + number) % 28
        month = 1 + (index * 7 + number) % 12 if places else 3
        summary = (f"{TOPICS[(index + number) % len(TOPICS)]} meetup {index}.{number}" if places
                   else f"Meetup {index}.{number}")
        lines += ["BEGIN:VEVENT", f"UID:s{index}-e{number}@bench", "DTSTAMP:20270101T000000Z",
                  f"DTSTART:2027{month:02d}{day:02d}T180000Z",
                  f"DTEND:2027{month:02d}{day:02d}T200000Z",
                  f"SUMMARY:{summary}", f"DESCRIPTION:{'Talks and networking. ' * 8}"]
        if places:
            lines.append(f"LOCATION:{CITIES[(index * 3 + number) % len(CITIES)]}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, documents: dict[str, bytes], latency: float) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.documents = documents
        self.tags = {path: '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                     for path, body in documents.items()}
        self.latency = latency
        self.counts: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    def count(self, what: str) -> None:
        with self.lock:
            self.counts[what] += 1

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # TCP_NODELAY: no 40 ms delayed-ACK stall per response
    server: Server

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self.answer(200, b"User-agent: *\nAllow: /\n", "text/plain")
            return
        body = self.server.documents.get(self.path)
        if body is None:
            self.answer(404, b"", "text/plain")
            return
        time.sleep(self.server.latency)
        tag = self.server.tags[self.path]
        if self.headers.get("If-None-Match"):
            self.server.count("conditional")
        if self.headers.get("If-None-Match") == tag:
            self.server.count("304")
            self.send_response(304)
            self.send_header("ETag", tag)
            self.end_headers()
            return
        self.server.count("200")
        self.answer(200, body, "text/calendar; charset=utf-8", tag)

    def answer(self, status: int, body: bytes, kind: str, tag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if tag:
            self.send_header("ETag", tag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(port: multiprocessing.connection.Connection, sources: int, latency: float,
           events: int, places: bool) -> None:
    """The server process: answers documents, and counts on request ("counts", "reset", "stop")."""
    documents = {f"/s{i}.ics": calendar(i, events, places=places) for i in range(sources)}
    server = Server(documents, latency)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    port.send(server.server_address[1])
    while True:
        command = port.recv()
        if command == "counts":
            port.send(dict(server.counts))
        elif command == "reset":
            server.counts.clear()
            port.send(None)
        else:
            server.shutdown()
            port.send(None)
            return


class ServerProcess:
    """The loopback server in its own process, so its threads do not share the client's GIL."""

    def __init__(self, sources: int, latency: float, *, events: int = 20,
                 places: bool = False) -> None:
        self._port, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(
            target=_serve, args=(child, sources, latency, events, places), daemon=True)
        self._process.start()
        self.port = self._port.recv()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _ask(self, command: str) -> Any:
        self._port.send(command)
        return self._port.recv()

    def counts(self) -> collections.Counter[str]:
        return collections.Counter(self._ask("counts"))

    def reset_counts(self) -> None:
        self._ask("reset")

    def stop(self) -> None:
        self._ask("stop")
        self._process.join(timeout=5)
