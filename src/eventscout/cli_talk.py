"""``eventscout talk``: the CFP pipeline from the command line, a thin layer over
:mod:`eventscout.plan` (``TalkBook``, ``load_talks``/``save_talks``, ``cfp_deadlines``).

``talk add`` adds a talk, ``talk list`` shows the talks and where each stands, ``talk submit`` puts
a talk in an event's pipeline (the event is found like ``eventscout mark`` finds it, among the
events the sources last delivered), ``talk set`` moves a submission along idea → drafting →
submitted → accepted / rejected / withdrawn, and ``talk cfps`` lists the open calls for papers
that fit each talk. The talks file is ``--talks``, else the config's ``[plan] talks``, else
``talks.toml`` in the user data folder; every change rewrites it atomically.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .config import Config
    from .model import Event
    from .plan import TalkBook

__all__ = ["add_talk_parser", "run_talk"]

#: the states a submission can be put in when it enters the pipeline
_START_STATES = ("idea", "drafting", "submitted")
_STATES = ("idea", "drafting", "submitted", "accepted", "rejected", "withdrawn")


def _common(command: argparse.ArgumentParser, *, store: bool = False, now: bool = False) -> None:
    command.add_argument("--config", type=Path,
                         help="config file, for [plan] talks and [output] store "
                              "(default: ./eventscout.toml, else the bundled demo)")
    command.add_argument("--talks", type=Path,
                         help="the talks file (default: [plan] talks, else talks.toml in the "
                              "user data folder)")
    if store:
        command.add_argument("--store", type=Path,
                             help="state file holding the events the sources last delivered "
                                  "(default: the config's)")
    if now:
        from .cli_parser import _parse_now  # the one --now of every command (imported late:
        # cli_parser imports this module)

        command.add_argument("--now", type=_parse_now,
                             help="pretend the current time is this (ISO)")


def add_talk_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``talk`` and its subcommands to the command line."""
    talk = commands.add_parser(
        "talk", help="your talks and where you submit them: the CFP pipeline",
        description="Keep your talks (title, abstract file, tags) and their submissions to "
                    "events in a TOML file: idea -> drafting -> submitted -> accepted, rejected "
                    "or withdrawn. The plan counts accepted talks (travel covered by default); "
                    "the deadlines feed reminds you of open calls that fit a talk's tags.",
        epilog="examples:\n"
               "  eventscout talk add \"Plans that fit\" --abstract talks/plans.md --tag python\n"
               "  eventscout talk submit \"Plans that fit\" --to \"EuroPython 2027\"\n"
               "  eventscout talk set \"Plans that fit\" \"EuroPython 2027\" drafting\n"
               "  eventscout talk cfps\n  eventscout talk list",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = talk.add_subparsers(dest="talk_command", required=True, metavar="ACTION")

    add = actions.add_parser(
        "add", help="add a talk",
        description="Add a talk to the talks file: its title, the file holding its abstract "
                    "(kept relative to the talks file when it lies beside it) and the tags it "
                    "fits, which are matched against the topics of events with an open call for "
                    "papers.",
        epilog="examples:\n"
               "  eventscout talk add \"Plans that fit\" --abstract talks/plans.md --tag python "
               "--tag optimisation\n"
               "  eventscout talk add \"Feeds that stay right\" --tag python --tag calendars",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add.add_argument("title", help="the talk's title")
    add.add_argument("--abstract", type=Path, help="the file holding the abstract")
    add.add_argument("--tag", dest="tags", action="append", default=[], metavar="TAG",
                     help="a topic the talk fits (repeat for more)")
    _common(add)

    listing = actions.add_parser(
        "list", help="list the talks and their submissions",
        description="List every talk with its tags and abstract file, and each of its "
                    "submissions with its state and when that last changed.",
        epilog="examples:\n  eventscout talk list\n  eventscout talk list --talks talks.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(listing)

    submit = actions.add_parser(
        "submit", help="put a talk in an event's pipeline",
        description="Put TALK in the pipeline of the event --to names: its key, its calendar UID, "
                    "or a title (or part of one) that matches one event the sources last "
                    "delivered (run `eventscout run` first). It starts as an idea unless --state "
                    "says it is further along; `talk set` moves it on.",
        epilog="examples:\n"
               "  eventscout talk submit \"Plans that fit\" --to \"EuroPython 2027\"\n"
               "  eventscout talk submit plans --to europython-2027-prague --state submitted",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    submit.add_argument("talk", help="the talk's title (or a part of it that names one talk)")
    submit.add_argument("--to", dest="event", required=True, help="a key, a UID or a title")
    submit.add_argument("--state", choices=_START_STATES, default="idea",
                        help="where it stands already (default: idea)")
    _common(submit, store=True, now=True)

    move = actions.add_parser(
        "set", help="move a submission to its next state",
        description="Move the submission of TALK at EVENT (the event's key, or a title or part "
                    "of one among that talk's submissions) to STATE. The legal moves: idea -> "
                    "drafting -> submitted -> accepted or rejected; withdrawn from any open state, "
                    "an accepted one too. Anything else is refused with what is allowed.",
        epilog="examples:\n"
               "  eventscout talk set \"Plans that fit\" \"EuroPython 2027\" drafting\n"
               "  eventscout talk set plans europython submitted\n"
               "  eventscout talk set plans europython accepted",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    move.add_argument("talk", help="the talk's title (or a part that names one talk)")
    move.add_argument("event", help="the event's key or title (or a part of it)")
    move.add_argument("state", choices=_STATES, metavar="STATE", help=", ".join(_STATES))
    _common(move, now=True)

    cfps = actions.add_parser(
        "cfps", help="the open calls for papers that fit your talks",
        description="List the calls for papers still open whose event's topics share a tag with "
                    "one of your talks, soonest first, with the closing time and the days left; "
                    "a talk already submitted there is left out. The events are those the sources "
                    "last delivered (run `eventscout run` or `eventscout build` first).",
        epilog="examples:\n  eventscout talk cfps\n"
               "  eventscout talk cfps --now 2027-01-15 --store state.sqlite",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(cfps, store=True, now=True)


def _config(args: argparse.Namespace) -> Config:
    """The --config file, else ./eventscout.toml, else the bundled demo (like the other commands)."""
    from .config import load_config
    from .pipeline import demo_config

    if args.config is not None:
        return load_config(args.config)
    local = Path("eventscout.toml")
    return load_config(local) if local.is_file() else demo_config()


def _talks_file(args: argparse.Namespace, config: Config) -> Path:
    from .plan import default_talks_path

    return Path(args.talks or config.plan.talks or default_talks_path())


def _abstract(given: Path | None, talks_file: Path) -> str | None:
    """The abstract's path as the talks file keeps it: relative to that file's folder when it
    lies there, else absolute (a path typed relative to the current folder would break)."""
    if given is None:
        return None
    absolute = given.expanduser().absolute()
    folder = talks_file.expanduser().absolute().parent
    return (absolute.relative_to(folder) if absolute.is_relative_to(folder) else absolute).as_posix()


def _events(args: argparse.Namespace, config: Config) -> list[Event]:
    from .decisions import stored_events
    from .runner import Store

    with Store(args.store or config.output.store) as store:
        return stored_events(store)


def run_talk(args: argparse.Namespace, out: TextIO) -> int:
    """Carry out ``eventscout talk ACTION``; returns the exit status (errors propagate)."""
    from .plan import load_talks, save_talks

    config = _config(args)
    path = _talks_file(args, config)
    book = load_talks(path)
    today = (getattr(args, "now", None) or dt.datetime.now(dt.UTC)).date()
    if args.talk_command == "list":
        _list(book, path, out)
        return 0
    if args.talk_command == "cfps":
        _cfps(book, _events(args, config), getattr(args, "now", None) or dt.datetime.now(dt.UTC),
              out)
        return 0
    if args.talk_command == "add":
        from .plan import Talk

        talk = Talk(title=args.title.strip(), abstract=_abstract(args.abstract, path),
                    tags=args.tags)
        book = book.add_talk(talk)
        missing = (talk.abstract and not (path.parent / talk.abstract).exists())
        note = " (the abstract file does not exist yet)" if missing else ""
        message = (f"Added {talk.title!r}" + (f" [{', '.join(talk.tags)}]" if talk.tags else "")
                   + note)
    elif args.talk_command == "submit":
        from .decisions import find_event

        talk = book.find_talk(args.talk)
        event = find_event(_events(args, config), args.event)
        book = book.propose(talk.title, event.title, event_key=event.key, on=today)
        for state in _START_STATES[1:_START_STATES.index(args.state) + 1]:
            book = book.move(talk.title, event.key, state, on=today)
        message = f"{talk.title!r} at {event.title} ({event.first_day}): {args.state}"
    else:
        submission = book.find_submission(args.talk, args.event)
        book = book.move(submission.talk, submission.event_key or submission.event, args.state,
                         on=today)
        message = f"{submission.talk!r} at {submission.event}: {submission.state} -> {args.state}"
    save_talks(book, path)
    print(f"{message}. Saved {path}", file=out)
    return 0


def _list(book: TalkBook, path: Path, out: TextIO) -> None:
    if not book.talks:
        print(f"No talks in {path} yet: `eventscout talk add TITLE --tag TOPIC` adds one.", file=out)
        return
    print(f"Talks in {path}:", file=out)
    for talk in book.talks:
        tags = f"  [{', '.join(talk.tags)}]" if talk.tags else ""
        abstract = f"  abstract: {talk.abstract}" if talk.abstract else ""
        print(f"\n{talk.title}{tags}{abstract}", file=out)
        mine = [s for s in book.submissions if s.talk == talk.title]
        for submission in mine:
            since = f"  since {submission.updated}" if submission.updated else ""
            print(f"    {submission.state.value:<10} {submission.event}{since}", file=out)
        if not mine:
            print("    not submitted anywhere yet", file=out)


def _cfps(book: TalkBook, events: Sequence[Event], now: dt.datetime, out: TextIO) -> None:
    from .model import AOE
    from .plan import cfp_deadlines

    if not book.talks:
        print("No talks yet: `eventscout talk add TITLE --tag TOPIC` adds one.", file=out)
        return
    found = cfp_deadlines(book, events, now)
    if not found:
        print(f"No open call for papers fits your talks' tags among the {len(events)} events the "
              "sources last delivered.", file=out)
        return
    print(f"Open calls for papers that fit your talks ({len(found)}):", file=out)
    for deadline in found:
        zone = "AoE" if deadline.closes.utcoffset() == AOE.utcoffset(None) else "UTC"
        closes = deadline.closes if zone == "AoE" else deadline.closes.astimezone(dt.UTC)
        left = deadline.days_left(now)
        days = "closes today" if left < 1 else f"{left} day{'s' if left != 1 else ''} left"
        url = deadline.event.cfp.url if deadline.event.cfp and deadline.event.cfp.url else ""
        print(f"  {closes:%Y-%m-%d %H:%M} {zone}  {days:>13}  {deadline.event.title}: "
              f"{deadline.talk.title!r} ({', '.join(deadline.tags)})" + (f"  {url}" if url else ""),
              file=out)
