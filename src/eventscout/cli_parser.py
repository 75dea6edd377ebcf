"""The ``eventscout`` command line's grammar: every command, its options, help and examples.

:mod:`eventscout.cli` carries the commands out; this module only describes them, so the help a
person reads and the options the code gets come from one place.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from .cli_init import add_init_parser
from .cli_talk import add_talk_parser

__all__ = ["build_parser"]


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


_EXIT_CODES = """exit status:
  0  every source delivered
  2  a configuration or usage error (the message names the file and the key)
  3  some sources failed (their last good events were used)
  4  no source delivered
  5  no source is configured
"""


class _Version(argparse.Action):
    """``--version``: reads the installed version (package metadata) only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0,
                         help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from . import __version__

        print(f"eventscout {__version__}")
        parser.exit()


def _add_run_options(command: argparse.ArgumentParser, *, store: str) -> None:
    """The options of every command that runs the sources: config, time, state, progress."""
    command.add_argument("--config", type=Path,
                         help="config file (default: ./eventscout.toml, else the bundled demo)")
    command.add_argument("--now", type=_parse_now, help="pretend the current time is this (ISO)")
    command.add_argument("--store", type=Path, help=store)
    command.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    command.add_argument("--refresh", action="store_true",
                         help="ignore refresh intervals: revalidate every source with the servers")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventscout",
        description="Find the industry events that serve your career, ranked and explained.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run", help="fetch the sources, rank the events, write an .ics",
        description="Fetch every configured source (cached, politely), merge the listings of one "
                    "event, rank them against your profile with the reasons, print the top and "
                    "write them to an .ics file.",
        epilog=_EXIT_CODES + "\nexamples:\n  eventscout run\n"
               "  eventscout run --config eventscout.toml -o build/events.ics --top 15\n"
               "  eventscout run --show-excluded --problems",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("-o", "--output", type=Path, help="the .ics file to write")
    run.add_argument("--top", type=_positive, help="how many matches to show and export")
    run.add_argument("--show-excluded", action="store_true",
                     help="summarise the excluded events by rule, with why")
    run.add_argument("--problems", action="store_true", help="list every skipped item")
    run.add_argument("--report-json", type=Path, help="write the run report as JSON here")
    _add_run_options(run, store="state file keeping each source's last events (default: the "
                                "config's, else the user data folder)")

    sources = commands.add_parser(
        "sources", help="list the installed source adapters and the source presets",
        description="List the installed source adapters, or the presets of well-known public "
                    "sources, or the options of one adapter or preset.",
        epilog="examples:\n  eventscout sources\n  eventscout sources --presets\n"
               "  eventscout sources confstech\n  eventscout sources confs.tech",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sources.add_argument("name", nargs="?", help="an adapter type or preset: show its options")
    sources.add_argument("--presets", action="store_true",
                         help="list the presets of well-known public sources")

    add_init_parser(commands)

    from .cli_people import add_met_parser, add_people_parser  # keeping in touch: met, people

    add_met_parser(commands, _parse_now)
    add_people_parser(commands, _parse_now)

    mark = commands.add_parser(
        "mark", help="keep a decision on an event: going, interested, dismissed, attended",
        description="Keep your decision on an event in the store, so that it sticks: the ranking "
                    "reads it as feedback, the plan always takes events you are going to and "
                    "never dismissed ones. EVENT is its key, its calendar UID, or a title (or part "
                    "of one) that matches one event the sources last delivered.",
        epilog="examples:\n  eventscout mark \"PyCon DE & PyData 2027\" going\n"
               "  eventscout mark pycon-de-2027-darmstadt dismissed\n"
               "  eventscout mark \"EuroPython 2027\" none    # forget the decision",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    mark.add_argument("event", help="a key, a UID or a title")
    mark.add_argument("verdict", choices=["going", "interested", "dismissed", "attended", "none"])
    mark.add_argument("--config", type=Path, help="config file (for its [output] store)")
    mark.add_argument("--store", type=Path, help="state file (default: the config's)")
    mark.add_argument("--now", type=_parse_now, help="pretend the current time is this (ISO)")

    decisions = commands.add_parser(
        "decisions", help="list the decisions kept on events",
        description="List every decision kept in the store (going, interested, dismissed, "
                    "attended), by the event's first day.",
        epilog="examples:\n  eventscout decisions\n  eventscout decisions --store state.sqlite",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    decisions.add_argument("--config", type=Path, help="config file (for its [output] store)")
    decisions.add_argument("--store", type=Path, help="state file (default: the config's)")

    plan = commands.add_parser(
        "plan", help="choose the year's events within your budget and days away",
        description="Rank the events like `eventscout run`, then choose the set that scores most in "
                    "total within the [plan] limits (yearly budget for tickets and travel, days "
                    "away, number of events), with no two overlapping and none clashing with your "
                    "busy calendar; print it with the reason for every event in or out and write "
                    "plan.ics.",
        epilog=_EXIT_CODES + "\nexamples:\n  eventscout plan\n"
               "  eventscout plan --year 2027 -o build/plan.ics",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plan.add_argument("--year", type=int, help="the year to plan (default: this year until June, then next year)")
    plan.add_argument("-o", "--output", type=Path, default=Path("build/plan.ics"),
                      help="the plan's .ics file (default: build/plan.ics)")
    _add_run_options(plan, store="state file (default: the config's)")

    build = commands.add_parser(
        "build", help="build the subscribable feeds and their index page",
        description="Run like `eventscout run`, then write the subscribable calendar feeds "
                    "(must-attend, worth-a-look, deadlines, or your [[feeds]]) and an index.html "
                    "to subscribe from, keeping UIDs and SEQUENCE stable between builds.",
        epilog=_EXIT_CODES + "\nexamples:\n  eventscout build --out build/site\n"
               "  eventscout build --base-url https://me.example.org/events/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("--out", type=Path, help="the folder to write (default: [output] site)")
    build.add_argument("--base-url", help="where the folder will be reachable, for subscribe links")
    _add_run_options(build, store="state file (keep it with the site)")

    serve = commands.add_parser(
        "serve", help="build the feeds, then serve them over HTTP",
        description="Build the feeds, then serve them (with ETag and Last-Modified) and rebuild "
                    "them on a schedule; subscribe with webcal://HOST:PORT/must-attend.ics.",
        epilog="examples:\n  eventscout serve --port 8080\n"
               "  eventscout serve --host 0.0.0.0 --rebuild-every 21600",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--config", type=Path, help="config file (default: ./eventscout.toml, else the bundled demo)")
    serve.add_argument("--out", type=Path, help="the folder to build into and serve")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    serve.add_argument("--rebuild-every", type=float,
                       help="rebuild every N seconds (default: [output] rebuild_every; 0: never)")
    serve.add_argument("--store", type=Path, help="state file (keep it with the site)")
    serve.add_argument("--tokens", type=Path, help="the private feeds' token file")

    add_talk_parser(commands)
    return parser
