"""Benchmark: build a 10,000-event feed, then rebuild it after 1% of the events changed.

Run from the project root: ``python benchmarks/feeds.py [--events N] [--repeat R]``.

Measured in one run, so the ratios hold across machines (medians of ``--repeat`` runs):

1. the baseline: icalendar's own serialisation of the same events (the exporter's
   ``build_calendar(...).to_ical()``: one VEVENT per event, VTIMEZONEs, no bookkeeping);
2. a full feed build from an empty store: the same serialisation plus content hashes, the
   state rules, the store transaction, the atomic write and the index page;
3. a rebuild in which 1% of the events changed: the other 99% are published from the bytes
   cached in the store, so only the changed ones are serialised.

Ranking is not part of this (a pass-through ranker is used): it is measured in rank_speed.py.
The last line is ``feeds: full_vs_icalendar=<ratio> rebuild_vs_full=<ratio>``; the goals are
full_vs_icalendar < 1.5 (bookkeeping adds less than 50%) and rebuild_vs_full far below 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs

from eventscout.export import UnrankedMatch, build_calendar
from eventscout.feeds import FeedDefinition, build_feeds
from eventscout.model import CallForPapers, Event, Location
from eventscout.profile import Profile
from eventscout.store import Store

NOW = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)
ZONES = [ZoneInfo(name) for name in ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")]
CITIES = [("Berlin", "DE"), ("Paris", "FR"), ("New York", "US"), ("Tokyo", "JP"), ("Lagos", "NG")]
WORDS = ["python", "data", "cloud", "security", "devops", "frontend", "rust", "go", "ai", "testing", "design", "product"]


def synthetic_events(count: int, seed: int = 7) -> list[Event]:
    """``count`` realistic events: timed in four zones or all-day, some with a CFP."""
    rng = random.Random(seed)
    events = []
    for i in range(count):
        day = dt.date(2027, 2, 1) + dt.timedelta(days=rng.randrange(700))
        city, country = rng.choice(CITIES)
        topics = rng.sample(WORDS, 2)
        options: dict[str, object] = {}
        if rng.random() < 0.5:
            zone = rng.choice(ZONES)
            start = dt.datetime.combine(day, dt.time(rng.randrange(8, 19), 30), tzinfo=zone)
            options.update(start=start, end=start + dt.timedelta(hours=rng.choice((2, 3, 8))))
        else:
            options.update(start=day, end=day + dt.timedelta(days=rng.randrange(3)))
        if rng.random() < 0.3:
            options["cfp"] = CallForPapers(url=f"https://conf{i}.example/cfp",
                                           closes=day - dt.timedelta(days=60))
        events.append(Event(
            title=f"{topics[0].capitalize()} {topics[1]} summit number {i}", source_id=f"bench-{i}",
            description=f"Talks and workshops on {topics[0]} and {topics[1]}. " * 3,
            url=f"https://conf{i}.example/", topics=topics, source="bench",
            location=Location(city=city, country=country), **options,  # type: ignore[arg-type]
        ))
    return events


def passthrough(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[UnrankedMatch]:
    return [UnrankedMatch(event=event, score=0.5) for event in events]


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    events = synthetic_events(options.events)
    matches = passthrough(events, Profile(), NOW)
    rng = random.Random(11)
    changed_at = set(rng.sample(range(len(events)), max(1, len(events) // 100)))
    changed = [
        attrs.evolve(event, description=event.description + " Updated programme.")
        if i in changed_at else event
        for i, event in enumerate(events)
    ]
    # no reminders: the baseline has none, and they are content, not bookkeeping
    feed = FeedDefinition(name="bench", limit=len(events), reminders={})
    baseline, full, rebuild = [], [], []
    sizes = set()
    for _ in range(options.repeat):
        baseline.append(timed(lambda: build_calendar(matches, now=NOW, dtstamp=NOW).to_ical()))
        folder = Path(tempfile.mkdtemp(prefix="eventscout-bench-"))
        try:
            with Store(folder / "state.db") as store:
                def build(items: list[Event], now: dt.datetime, store: Store = store,
                          folder: Path = folder) -> None:
                    build_feeds([feed], items, store=store, out_dir=folder / "out", now=now,
                                profile=Profile(), ranker=passthrough)
                full.append(timed(lambda: build(events, NOW)))
                sizes.add((folder / "out" / "bench.ics").stat().st_size)
                rebuild.append(timed(lambda: build(changed, NOW + dt.timedelta(hours=1))))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    b, f, r = (statistics.median(x) for x in (baseline, full, rebuild))
    print(f"events: {len(events)}, changed in the rebuild: {len(changed_at)}, "
          f"feed size: {max(sizes) / 1e6:.1f} MB, medians of {options.repeat} runs")
    print(f"icalendar serialisation (baseline): {b:.2f} s  ({b / len(events) * 1e6:.0f} µs/event)")
    print(f"full feed build:                    {f:.2f} s  ({f / len(events) * 1e6:.0f} µs/event)")
    print(f"rebuild with 1% changed:            {r:.2f} s  ({r / len(events) * 1e6:.0f} µs/event)")
    print(f"feeds: full_vs_icalendar={f / b:.2f} rebuild_vs_full={r / f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
