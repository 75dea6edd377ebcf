"""Benchmark: events per second for every source adapter on the real data, and the 100k merge.

Run from the project root after ``make test``'s set-up: ``python benchmarks/sources.py``.

Each adapter runs the way the pipeline runs it, through ``fetch`` with a real Fetcher
(``eventscout.testing.run_source``) on the real files in ``../shared/data`` (read from disk, so
parsing dominates), three times; the best run counts. Adapters are found through the entry
points, so a new built-in adapter is picked up as soon as it has a recipe in ``RECIPES`` below;
an installed adapter with no recipe, or a recipe whose data is missing, is listed as skipped.
The last line is ``sources: <adapter>=<events/s> ... merge_100k_s=<seconds>``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from eventscout.sources import available_sources, load_adapter  # noqa: E402
from eventscout.testing import run_source  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
DEV = SHARED / "scraly-developers-conferences-agenda"
HTML = SHARED / "html"


def _ical() -> dict[str, Any]:
    return {"url": str(DEV / "developer-conference-2023.ics")}


def _html() -> dict[str, Any]:
    # the Detroit Great Lakes Water Authority listing (The Events Calendar list view)
    return {
        "url": str(HTML / "city-bureau-city-scrapers-det" / "det_great_lakes_water_authority.html"),
        "item": "article.type-tribe_events, .tribe-events-calendar-list__event",
        "title": "h3 a, .tribe-events-calendar-list__event-title a",
        "date": "time",
        "date_attribute": "datetime",
        "link": "h3 a, .tribe-events-calendar-list__event-title a",
        "timezone": "America/Detroit",
    }


def _schemaorg() -> dict[str, Any]:
    pages = sorted(str(p) for p in HTML.rglob("*.html"))
    return {"urls": pages, "max_pages": len(pages)}


#: adapter type -> (options on the real data, files served over HTTP by the fixture transport)
RECIPES: Mapping[str, Callable[[], dict[str, Any]]] = {
    "ical": _ical,
    "confstech": lambda: {"url": str(SHARED / "tech-conferences-conference-data" / "conferences")},
    "schemaorg": _schemaorg,
    "html": _html,
    "feed": lambda: {"url": str(DEV / "feed-events.xml")},
    "devevents": lambda: {"url": str(DEV / "all-events.json")},
    "deadlines": lambda: {
        "url": str(SHARED / "paperswithcode-ai-deadlines" / "_data" / "conferences.yml"),
    },
}
#: API adapters, measured with their ``parse(content, origin)`` on recorded answers (no HTTP):
#: adapter type -> (options, the recorded pages)
RECORDED: Mapping[str, Callable[[], tuple[dict[str, Any], list[Path]]]] = {
    "eventbrite": lambda: (
        {"organizer": "1", "token": "recorded"},
        sorted((ROOT / "tests" / "data" / "eventbrite").glob("*-events*.json")),
    ),
}


def measure_adapter(type_name: str, repeat: int = 3) -> tuple[float, int] | str:
    """(events per second, events) for one adapter, or why it was skipped."""
    pages: list[Path] = []
    if type_name in RECIPES:
        options = RECIPES[type_name]()
    elif type_name in RECORDED:
        options, pages = RECORDED[type_name]()
        if not pages:
            return "skipped (no recorded answers)"
    else:
        return "skipped (no recipe in benchmarks/sources.py)"
    factory = load_adapter(type_name)
    try:
        source = factory(name=f"bench-{type_name}", **options)
    except (TypeError, ValueError) as error:
        return f"skipped (options rejected: {error})"
    contents = [(str(page), page.read_bytes()) for page in pages]
    best = float("inf")
    events = 0
    for _ in range(repeat):
        started = time.perf_counter()
        if contents:
            events = sum(
                1 for content in contents
                for item in source.parse(content[1], content[0]) if not hasattr(item, "where")
            )
        else:
            events = len(run_source(source).events)
        best = min(best, time.perf_counter() - started)
    if not events:
        return "skipped (no events read)"
    return events / best, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--merge-events", type=int, default=100_000)
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"real data not found at {SHARED}")
    import merge as merge_benchmark  # benchmarks/merge.py

    rates: dict[str, float] = {}
    names = list(available_sources())
    for name in [*names, *(n for n in RECORDED if n not in names)]:
        if name not in names:
            print(f"{name:<11} absent (adapter not installed)")
            continue
        if name == "sample":
            continue  # the demo's built-in sample, not a real-data adapter
        result = measure_adapter(name)
        if isinstance(result, str):
            print(f"{name:<11} {result}")
            continue
        rate, events = result
        rates[name] = rate
        print(f"{name:<11} {events:>6} events  {rate:>10,.0f} events/s")

    figures = merge_benchmark.measure(args.merge_events)
    seconds = figures["merge_s"]
    print(f"merge       {figures['events']:.0f} synthetic events (10% duplicates) in {seconds:.2f} s, "
          f"{seconds / figures['floor_s']:.1f}x an exact-grouping pass; precision "
          f"{figures['precision']:.4f}, recall {figures['recall']:.4f}")
    parts = " ".join(f"{name}={rate:.0f}" for name, rate in rates.items())
    print(f"sources: {parts} merge_{args.merge_events // 1000}k_s={seconds:.2f}")


if __name__ == "__main__":
    main()
