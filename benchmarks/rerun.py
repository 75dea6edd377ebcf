"""Cached re-run benchmark: ``eventscout run`` end to end over ~2,000 events that did not change.

A loopback server (in its own process) serves 20 iCalendar sources of 100 events each, varied in
topic, month and city. The command is run as a user runs it, in a fresh interpreter, with a store
and an HTTP cache in a temporary folder:

1. a first run (empty cache and store), to fill them;
2. a **cached re-run** inside the refresh interval: every document comes from the cache, no request
   reaches the server;
3. a **forced re-run** (``--refresh``): every source answers ``304 Not Modified``;
4. the **start-up** alone: a fresh interpreter importing what ``eventscout run`` imports, and
   ``python -c pass`` (the floor no command goes under).

Every figure is the median of ``--repeats`` rounds measured in this run. The target is a cached
re-run of at most 1.5 s of wall time (docs/fetching.md, "Where the time of a re-run goes").

Run: ``.venv/bin/python benchmarks/rerun.py [--sources 20] [--events 100] [--repeats 5]``.
The last line is ``rerun: cached=<s> forced=<s> startup=<s> python=<s> cached_vs_target=<ratio>``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _loopback import ServerProcess

TARGET = 1.5
NOW = "2027-01-15T12:00:00Z"


def _config(folder: Path, server: ServerProcess, sources: int) -> Path:
    lines = [
        '[profile]', 'name = "benchmark"', 'home = "Berlin"', 'horizon_days = 365',
        '[profile.interests]', 'python = 1.0', '"cloud native" = 0.8', 'devops = 0.6',
        '[fetch]', f'cache_dir = "{(folder / "cache").as_posix()}"', 'min_delay = 0',
        'max_concurrency = 16', 'refresh_interval = "1d"',
    ]
    for number in range(sources):
        lines += ['[[sources]]', 'type = "ical"', f'name = "s{number}"',
                  f'url = "{server.url(f"/s{number}.ics")}"']
    lines += ['[output]', f'store = "{(folder / "state.sqlite").as_posix()}"', 'top = 25']
    path = folder / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n"
                         f"{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    server = ServerProcess(args.sources, 0.0, events=args.events, places=True)
    cli = [sys.executable, "-m", "eventscout.cli"]
    figures: dict[str, list[float]] = {"first": [], "cached": [], "forced": [], "startup": [],
                                       "python": []}
    try:
        for _ in range(args.repeats):
            with tempfile.TemporaryDirectory() as folder:
                root = Path(folder)
                env = {**os.environ, "XDG_CACHE_HOME": str(root / "xdg-cache"),
                       "XDG_DATA_HOME": str(root / "xdg-data")}
                config = _config(root, server, args.sources)
                run = [*cli, "run", "--config", str(config), "--now", NOW, "--quiet",
                       "-o", str(root / "out.ics")]
                figures["first"].append(_timed(run, env))
                server.reset_counts()
                figures["cached"].append(_timed(run, env))
                asked = sum(server.counts().values())
                assert asked == 0, f"the cached re-run asked the server {asked} times"
                figures["forced"].append(_timed([*run, "--refresh"], env))
                counts = server.counts()
                assert counts["304"] == args.sources, counts
                figures["startup"].append(_timed(
                    [sys.executable, "-c", "import eventscout.cli, eventscout.pipeline"], env))
                figures["python"].append(_timed([sys.executable, "-c", "pass"], env))
    finally:
        server.stop()
    median = {name: statistics.median(values) for name, values in figures.items()}
    print(f"{args.sources} sources x {args.events} events = {args.sources * args.events} events; "
          f"medians of {args.repeats} rounds, each in a fresh interpreter")
    for name, values in figures.items():
        print(f"{name + ':':9} {median[name]:6.3f} s  (rounds: "
              f"{' '.join(f'{v:.3f}' for v in values)})")
    print(f"rerun: cached={median['cached']:.3f} forced={median['forced']:.3f} "
          f"startup={median['startup']:.3f} python={median['python']:.3f} "
          f"cached_vs_target={median['cached'] / TARGET:.2f}")


if __name__ == "__main__":
    main()
