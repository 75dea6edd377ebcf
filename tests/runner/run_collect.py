"""Run collect() over iCalendar URLs with a store, as a separate process the tests can kill.

Usage: ``python run_collect.py STORE CACHE_DIR NAME=URL...``; prints the outcome when done.
"""

from __future__ import annotations

import sys

from eventscout.collect import collect
from eventscout.fetch import Fetcher, FetchSettings
from eventscout.sources.base import FetchContext
from eventscout.sources.ical import ICalSource
from eventscout.store import Store
from eventscout.testing import FIXED_NOW


def main(store_path: str, cache_dir: str, *pairs: str) -> None:
    sources = [ICalSource(name=name, url=url) for name, url in (p.split("=", 1) for p in pairs)]
    settings = FetchSettings(cache_dir=cache_dir, min_delay=0, refresh_interval=0, retries=0,
                             read_timeout=60)
    with Store(store_path) as store, Fetcher(settings) as fetcher:
        context = FetchContext(fetcher=fetcher, now=FIXED_NOW)
        collection = collect(sources, context, store=store)
    print(collection.report.outcome.value, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
