"""The ``eventscout`` command: a thin layer over :mod:`eventscout.pipeline` and the library.

Commands: ``run`` (fetch, rank, print, write .ics), ``sources`` (list the installed adapters),
``build`` (write the subscribable feeds and their index page), ``serve`` (build, then serve them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .config import Config, load_config
from .errors import EventscoutError
from .rank import Match, Ranking

__all__ = ["main"]

log = logging.getLogger("eventscout")


def _parse_now(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date or date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is not a positive number")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventscout",
        description="Find the industry events that serve your career, ranked and explained.",
    )
    parser.add_argument("--version", action="version", version=f"eventscout {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="fetch the sources, rank the events, write an .ics")
    run.add_argument("--config", type=Path, help="config file (default: the bundled demo)")
    run.add_argument("-o", "--output", type=Path, help="the .ics file to write")
    run.add_argument("--top", type=_positive, help="how many matches to show and export")
    run.add_argument("--now", type=_parse_now, help="pretend the current time is this (ISO)")
    run.add_argument("--show-excluded", action="store_true", help="list excluded events and why")
    run.add_argument("--problems", action="store_true", help="list every skipped item")
    run.add_argument("--report-json", type=Path, help="write the run report as JSON here")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    run.add_argument("--refresh", action="store_true",
                     help="ignore refresh intervals: revalidate every source with the servers")
    run.add_argument("--store", type=Path,
                     help="state file keeping each source's last events (default: the config's, "
                          "else the user data folder)")

    commands.add_parser("sources", help="list the installed source adapters")

    build = commands.add_parser("build", help="build the subscribable feeds and their index page")
    build.add_argument("--config", type=Path, help="config file (default: the bundled demo)")
    build.add_argument("--out", type=Path, help="the folder to write (default: [output] site)")
    build.add_argument("--base-url", help="where the folder will be reachable, for subscribe links")
    build.add_argument("--now", type=_parse_now, help="pretend the current time is this (ISO)")
    build.add_argument("--store", type=Path, help="state file (keep it with the site)")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    build.add_argument("--refresh", action="store_true", help="revalidate every source")

    serve = commands.add_parser("serve", help="build the feeds, then serve them over HTTP")
    serve.add_argument("--config", type=Path, help="config file (default: the bundled demo)")
    serve.add_argument("--out", type=Path, help="the folder to build into and serve")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    serve.add_argument("--rebuild-every", type=float,
                       help="rebuild every N seconds (default: [output] rebuild_every; 0: never)")
    serve.add_argument("--store", type=Path, help="state file (keep it with the site)")
    serve.add_argument("--tokens", type=Path, help="the private feeds' token file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``eventscout`` command; returns the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.command == "sources":
            return _sources(sys.stdout)
        if args.command == "run":
            return _run(args, sys.stdout)
        if args.command == "build":
            return _build(args, sys.stdout)
        if args.command == "serve":
            return _serve(args)
    except EventscoutError as error:
        print(f"eventscout: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # e.g. the port to serve on is taken, the output folder read-only
        print(f"eventscout: error: {error.strerror or error}"
              + (f": {error.filename}" if error.filename else ""), file=sys.stderr)
        return 2
    return 2


def _sources(out: TextIO) -> int:
    from .sources.registry import available_sources

    adapters = available_sources()
    width = max((len(name) for name in adapters), default=4)
    for name, entry_point in adapters.items():
        dist = entry_point.dist.name if entry_point.dist else "?"
        print(f"{name:<{width}}  {entry_point.value}  ({dist})", file=out)
    return 0


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import run

    config = _config(args)
    output = args.output if args.output else (config.output.ics if args.config else Path("build/eventscout.ics"))
    result = run(
        config, now=args.now, output=output, top=args.top, store=args.store,
        refresh=args.refresh, quiet=args.quiet,
    )
    limit = args.top or config.output.top
    _print_matches(result.ranking, limit, out)
    report = result.collection.report
    print(report.render_table(), file=out)
    problems = result.collection.problems
    print(f"\n{len(result.collection.events)} events read, {len(result.events)} after merging, "
          f"{len(result.ranking.matches)} matched, {len(result.ranking.excluded)} excluded, "
          f"{len(problems)} items skipped.", file=out)
    if args.problems:
        for problem in problems:
            print(f"  skipped: {problem}", file=out)
    elif problems:
        print("  (--problems lists the skipped items)", file=out)
    if args.show_excluded:
        for exclusion in result.ranking.excluded:
            print(f"  excluded: {exclusion.event.title} ({exclusion.event.first_day}): {exclusion.reason}", file=out)
    if args.report_json:
        args.report_json.parent.mkdir(parents=True, exist_ok=True)
        args.report_json.write_text(report.to_json(), encoding="utf-8")
    if result.ics_path:
        print(f"Wrote {min(limit, len(result.ranking.matches))} events to {result.ics_path}", file=out)
    return report.exit_code


def _config(args: argparse.Namespace) -> Config:
    from .pipeline import demo_config

    return load_config(args.config) if args.config else demo_config()


def _build(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import build

    config = _config(args)
    site = args.out or (config.output.site if args.config else Path("build/site"))
    outcome = build(config, out_dir=site, now=args.now, base_url=args.base_url, store=args.store,
                    refresh=args.refresh, quiet=args.quiet)
    report = outcome.collection.report
    print(report.render_table(), file=out)
    for feed in outcome.result.feeds:
        print(f"{feed.name}: {feed.entries} entries -> {feed.path}", file=out)
    print(f"Index page: {outcome.result.index}", file=out)
    return report.exit_code


def _serve(args: argparse.Namespace) -> int:
    import socket

    from .pipeline import serve_feeds

    with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as probe:
        probe.bind((args.host, args.port))  # fail before a whole build when the port is taken
    config = _config(args)
    site = args.out or (config.output.site if args.config else Path("build/site"))
    serve_feeds(config, out_dir=site, host=args.host, port=args.port,
                rebuild_every=args.rebuild_every, store=args.store, tokens_path=args.tokens)
    return 0


def _when(match: Match) -> str:
    event = match.event
    if event.all_day:
        first, last = event.first_day, event.last_day
        return f"{first:%a %d %b %Y}" + (f" – {last:%d %b}" if last != first else "")
    assert isinstance(event.start, dt.datetime)
    return f"{event.start:%a %d %b %Y %H:%M} {event.start.tzname() or ''}".rstrip()


def _place(match: Match) -> str:
    event = match.event
    if event.is_online:
        return "online"
    if event.location is None:
        return ""
    parts = [p for p in (event.location.city, event.location.country) if p]
    return ", ".join(parts) or event.location.describe()


def _print_matches(ranking: Ranking, limit: int, out: TextIO) -> None:
    matches = ranking.relevant[:limit]
    below = ranking.below_floor
    floor_note = (f"{below} more matched below the relevance floor ({ranking.floor:.2f}; "
                  "set relevance_floor in the profile to change it)") if below else ""
    if not matches:
        print("No events matched the profile." + (f" {floor_note}." if floor_note else ""),
              file=out)
        return
    print(f"Top {len(matches)} events for you:\n", file=out)
    if floor_note:
        print(f"({floor_note})\n", file=out)
    for number, match in enumerate(matches, start=1):
        place = _place(match)
        print(f"{number:>2}. [{match.score:.2f}] {match.event.title}", file=out)
        print(f"    {_when(match)}" + (f" · {place}" if place else ""), file=out)
        for reason in match.reasons[:4]:
            for line in textwrap.wrap(reason.text, width=90):
                print(f"    - {line}", file=out)
        print(file=out)



if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
