"""Fetching benchmark: 100 iCalendar sources on a loopback server, each answering after 100 ms.

Measured in one run, so the ratios hold across machines:

1. the first run (empty cache) against the ideal for the configured concurrency,
   ``ceil(sources / in_flight) × latency``;
2. a plain sequential ``requests`` loop over the same URLs (the baseline a naive fetcher gets);
3. a second run inside the refresh interval, served from the cache without asking the server;
4. a forced refresh (``--refresh``): conditional requests only, every one answered 304, with the
   bytes saved.

Run: ``.venv/bin/python benchmarks/fetch.py [--sources 100] [--latency 0.1] [--in-flight 16]``.
The last line is ``fetch: first_vs_ideal=<ratio> sequential_vs_first=<ratio> second_run_speedup=<ratio>``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import math
import multiprocessing
import multiprocessing.connection
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from eventscout.collect import Collection, collect
from eventscout.fetch import Fetcher, FetchSettings
from eventscout.model import Event
from eventscout.sources.base import FetchContext

NOW = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)


class DocumentSource:
    """A source that fetches one document and yields one event for it: the fetch path alone.

    Parsing is left out on purpose (the iCalendar adapter spends ~0.5 ms per event in
    icalendar, which the parser benchmarks measure); this benchmark is about the network.
    """

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.url = url

    def fetch(self, context: FetchContext) -> list[Event]:
        fetched = context.fetcher.get(self.url, source=self.name)
        return [Event(title=f"{self.name}: {len(fetched.content)} bytes", start=NOW,
                      source=self.name, source_id=self.url)]


def calendar(index: int, events: int = 20) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//eventscout//benchmark//EN"]
    for number in range(events):
        day = 1 + (index + number) % 28
        lines += ["BEGIN:VEVENT", f"UID:s{index}-e{number}@bench", "DTSTAMP:20270101T000000Z",
                  f"DTSTART:202703{day:02d}T180000Z", f"DTEND:202703{day:02d}T200000Z",
                  f"SUMMARY:Meetup {index}.{number}", f"DESCRIPTION:{'Talks and networking. ' * 8}",
                  "END:VEVENT"]
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


def _serve(port: multiprocessing.connection.Connection, sources: int, latency: float) -> None:
    """The server process: answers documents, and counts on request ("counts", "reset", "stop")."""
    server = Server({f"/s{i}.ics": calendar(i) for i in range(sources)}, latency)
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

    def __init__(self, sources: int, latency: float) -> None:
        self._port, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(target=_serve, args=(child, sources, latency),
                                                daemon=True)
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


def timed_collect(sources: list[DocumentSource], settings: FetchSettings) -> tuple[float, Collection]:
    with Fetcher(settings) as fetcher:
        context = FetchContext(fetcher=fetcher, now=NOW)
        started = time.perf_counter()
        collection = collect(sources, context, quiet=True)
        return time.perf_counter() - started, collection


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--in-flight", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    server = ServerProcess(args.sources, args.latency)
    sources = [DocumentSource(f"s{i}", server.url(f"/s{i}.ics")) for i in range(args.sources)]
    ideal = math.ceil(args.sources / args.in_flight) * args.latency
    print(f"{args.sources} sources answering after {args.latency * 1000:.0f} ms, "
          f"{args.in_flight} in flight: ideal first run {ideal:.3f} s; "
          f"medians of {args.repeats} rounds, each with an empty cache")
    firsts, seconds, forceds = [], [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as cache_dir:
            settings = FetchSettings(cache_dir=cache_dir, max_workers=args.in_flight,
                                     max_concurrency=args.in_flight, min_delay=0)
            first, first_run = timed_collect(sources, settings)
            assert first_run.report.outcome == "all", first_run.report.render_table()
            server.reset_counts()
            second, second_run = timed_collect(sources, settings)
            hits = sum(line.cache_hits for line in second_run.report.sources)
            asked = sum(server.counts().values())
            assert len(second_run.events) == len(first_run.events)
            server.reset_counts()
            forced, forced_run = timed_collect(
                sources, FetchSettings.from_mapping({"force_refresh": True}, base=settings))
            counts = server.counts()
            assert len(forced_run.events) == len(first_run.events)
        firsts.append(first)
        seconds.append(second)
        forceds.append(forced)
    first, second = statistics.median(firsts), statistics.median(seconds)
    saved = sum(line.bytes_saved for line in forced_run.report.sources)
    downloaded = sum(line.bytes for line in forced_run.report.sources)
    print(f"first run:      {first:6.3f} s  (rounds: {_list(firsts)})")
    print(f"second run:     {second:6.3f} s  (rounds: {_list(seconds)}); {hits} cache hits, "
          f"{asked} requests reached the server")
    print(f"forced refresh: {statistics.median(forceds):6.3f} s  (rounds: {_list(forceds)}); "
          f"{counts['conditional']} conditional requests of "
          f"{counts['conditional'] + counts['200']}, {counts['304']} answered 304; "
          f"{saved} bytes saved, {downloaded} downloaded")

    with requests.Session() as session:
        started = time.perf_counter()
        for source in sources:
            session.get(source.url, timeout=10).raise_for_status()
        sequential = time.perf_counter() - started
    print(f"sequential:     {sequential:6.3f} s  (a plain requests loop, one at a time)")
    server.stop()
    print(f"fetch: first_vs_ideal={first / ideal:.2f} sequential_vs_first={sequential / first:.2f} "
          f"second_run_speedup={first / second:.2f}")


def _list(values: list[float]) -> str:
    return " ".join(f"{value:.3f}" for value in values)

if __name__ == "__main__":
    main()
