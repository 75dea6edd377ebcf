"""Cached re-run benchmark: ``eventscout run`` end to end over ~2,000 events that did not change.

A loopback server (in its own process) serves 20 iCalendar sources of 100 events each, varied in
topic, month and city. The command is run as a user runs it, in a fresh interpreter, with a store
and an HTTP cache in a temporary folder:

1. a first run (empty cache and store), to fill them;
2. a **cached re-run** inside the refresh interval: every document comes from the cache, no request
   reaches the server;
3. a **forced re-run** (``--refresh``): every source answers ``304 Not Modified``;
4. the **start-up** alone: a fresh interpreter importing what ``eventscout run`` imports, and
   ``python -c pass`` (the floor no command goes under);
5. the **phases** of one more cached re-run, in a fresh interpreter calling the stages one by one
   as ``eventscout.pipeline.run`` does: imports, collect (cache lookups, parsing, store), merge,
   rank, export.

Every figure is the median of ``--repeats`` rounds measured in this run, wall time and the CPU
time of the child process (on a machine shared with other work the CPU time varies much less).
The target is a cached re-run of at most 1.5 s of wall time (docs/fetching.md, "Where the time
of a re-run goes").

Run: ``.venv/bin/python benchmarks/rerun.py [--sources 20] [--events 100] [--repeats 5]``.
The last line is ``rerun: cached=<s> cached_cpu=<s> forced=<s> startup=<s> python=<s>
cached_vs_target=<ratio> cached_vs_python=<ratio>`` (the cached re-run's wall time over the
target, and over ``python -c pass`` measured in the same run).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of a child process, and what it printed."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n"
                         f"{done.stderr}")
    return seconds, _children_cpu() - cpu, done.stdout


def phases(config_path: str) -> None:
    """The child of step 5: time each stage of a run, and print the figures as JSON."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    import datetime as dt

    from eventscout.collect import collect  # the paths of every version, to compare with older
    from eventscout.config import load_config
    from eventscout.export import write_ics
    from eventscout.fetch import Fetcher
    from eventscout.merge import merge_events
    from eventscout.pipeline import build_sources
    from eventscout.rank import rank_events
    from eventscout.sources.base import FetchContext
    from eventscout.store import Store

    figures = {"imports": time.perf_counter() - started}
    cpu = {"imports": time.process_time() - cpu_started}
    now = dt.datetime.fromisoformat(NOW)
    config = load_config(config_path)
    mark, cpu_mark = time.perf_counter(), time.process_time()
    with Store(config.output.store) as store, Fetcher(config.fetch_settings()) as fetcher:
        context = FetchContext(fetcher=fetcher, now=now,
                               horizon_end=now + dt.timedelta(days=config.profile.horizon_days))
        collection = collect(build_sources(config), context, store=store,
                             source_settings={s.name: s.fetch for s in config.sources})
    figures["collect"] = time.perf_counter() - mark
    cpu["collect"] = time.process_time() - cpu_mark
    mark, cpu_mark = time.perf_counter(), time.process_time()
    events = merge_events(collection.events)
    figures["merge"] = time.perf_counter() - mark
    cpu["merge"] = time.process_time() - cpu_mark
    mark, cpu_mark = time.perf_counter(), time.process_time()
    ranking = rank_events(events, config.profile, now=now)
    figures["rank"] = time.perf_counter() - mark
    cpu["rank"] = time.process_time() - cpu_mark
    mark, cpu_mark = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as folder:
        write_ics(ranking.matches[:config.output.top], Path(folder) / "out.ics",
                  profile=config.profile, now=now)
    figures["export"] = time.perf_counter() - mark
    cpu["export"] = time.process_time() - cpu_mark
    print(json.dumps({**figures, **{f"{stage} CPU": seconds for stage, seconds in cpu.items()}}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    server = ServerProcess(args.sources, 0.0, events=args.events, places=True)
    cli = [sys.executable, "-m", "eventscout.cli"]
    wall: dict[str, list[float]] = {name: [] for name in ("first", "cached", "forced", "startup",
                                                            "python")}
    cpu: dict[str, list[float]] = {name: [] for name in wall}
    stages: dict[str, list[float]] = {}
    try:
        for _ in range(args.repeats):
            with tempfile.TemporaryDirectory() as folder:
                root = Path(folder)
                env = {**os.environ, "XDG_CACHE_HOME": str(root / "xdg-cache"),
                       "XDG_DATA_HOME": str(root / "xdg-data")}
                # as installed for a user: modules compiled once, not on every start
                env.pop("PYTHONDONTWRITEBYTECODE", None)
                config = _config(root, server, args.sources)
                run = [*cli, "run", "--config", str(config), "--now", NOW, "--quiet",
                       "-o", str(root / "out.ics")]
                steps = {
                    "first": run, "cached": run, "forced": [*run, "--refresh"],
                    "startup": [sys.executable, "-c", "import eventscout.cli, eventscout.pipeline"],
                    "python": [sys.executable, "-c", "pass"],
                }
                for name, command in steps.items():
                    server.reset_counts()
                    seconds, used, _out = _timed(command, env)
                    wall[name].append(seconds)
                    cpu[name].append(used)
                    counts = server.counts()
                    if name == "cached":
                        assert not counts, f"the cached re-run asked the server: {counts}"
                    if name == "forced":
                        assert counts["304"] == args.sources, counts
                _seconds, _used, out = _timed([sys.executable, __file__, "--phases", str(config)],
                                              env)
                for stage, seconds in json.loads(out).items():
                    stages.setdefault(stage, []).append(seconds)
    finally:
        server.stop()
    median = {name: statistics.median(values) for name, values in wall.items()}
    print(f"{args.sources} sources x {args.events} events = {args.sources * args.events} events; "
          f"medians of {args.repeats} rounds, each in a fresh interpreter (wall / CPU)")
    for name, values in wall.items():
        print(f"{name + ':':9} {median[name]:6.3f} s / {statistics.median(cpu[name]):6.3f} s CPU"
              f"  (wall rounds: {' '.join(f'{v:.3f}' for v in values)})")
    print("phases of a cached re-run (wall, then CPU): " + ", ".join(
        f"{stage} {statistics.median(values):.3f} s" for stage, values in stages.items()))
    print(f"rerun: cached={median['cached']:.3f} cached_cpu={statistics.median(cpu['cached']):.3f} "
          f"forced={median['forced']:.3f} startup={median['startup']:.3f} "
          f"python={median['python']:.3f} cached_vs_target={median['cached'] / TARGET:.2f} "
          f"cached_vs_python={median['cached'] / median['python']:.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--phases"]:
        phases(sys.argv[2])
    else:
        main()
