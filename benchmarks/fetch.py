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
import datetime as dt
import math
import statistics
import tempfile
import time

import requests
from _loopback import ServerProcess

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


def timed_collect(sources: list[DocumentSource], settings: FetchSettings) -> tuple[float, Collection]:
    with Fetcher(settings) as fetcher:
        context = FetchContext(fetcher=fetcher, now=NOW)
        started = time.perf_counter()
        collection = collect(sources, context)
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
