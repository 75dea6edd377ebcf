"""``eventscout init``: ask for (or take flags for) a profile and write a first eventscout.toml.

The command line's part only: parsing flags, asking questions on a terminal, printing what was
written. The config itself comes from :mod:`eventscout.starter`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TextIO

from .errors import ConfigError
from .profile import Goal

__all__ = ["add_init_parser", "run_init"]

EXAMPLES = """examples:
  eventscout init                      # asks a few questions
  eventscout init --name Dana --home Amsterdam --max-distance 800 \\
      --interest python --interest "data engineering=0.8" --goal visibility=0.9 \\
      --language en --language nl --budget 600EUR
"""


def _weighted(text: str) -> tuple[str, float]:
    name, _, weight = text.partition("=")
    if not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME or NAME=WEIGHT, got {text!r}")
    try:
        value = float(weight) if weight else 1.0
    except ValueError:
        raise argparse.ArgumentTypeError(f"the weight in {text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"the weight in {text!r} must be in [0, 1]")
    return name.strip(), value


def _budget(text: str) -> tuple[Decimal, str]:
    digits = text.strip().rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz").strip()
    currency = text.strip()[len(digits):].strip().upper() or "EUR"
    try:
        return Decimal(digits), currency
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"expected an amount such as 600 or 600EUR, got {text!r}") from None


def _mirror(text: str) -> tuple[str, str]:
    preset, _, url = text.partition("=")
    if not preset.strip() or not url.strip():
        raise argparse.ArgumentTypeError(f"expected PRESET=URL, got {text!r}")
    return preset.strip(), url.strip()


def add_init_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``init`` and its flags to the command line."""
    init = commands.add_parser(
        "init", help="write a first eventscout.toml from a few answers",
        description="Write a commented eventscout.toml for you: your home, interests, career goals, "
                    "languages and budget, with sources chosen from the presets. Flags answer the "
                    "questions; on a terminal, what the flags leave open is asked.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument("-o", "--output", type=Path, default=Path("eventscout.toml"),
                      help="where to write (default: ./eventscout.toml)")
    init.add_argument("--name", help="whose plan this is")
    init.add_argument("--home", help="where you live (a city), for distances")
    init.add_argument("--max-distance", type=float, metavar="KM",
                      help="leave out in-person events farther than this")
    init.add_argument("--interest", type=_weighted, action="append", default=[], metavar="NAME[=W]",
                      help="a topic you care about, weight 0..1 (default 1); repeat")
    init.add_argument("--goal", type=_weighted, action="append", default=[], metavar="GOAL[=W]",
                      help="a career goal: " + ", ".join(g.value for g in Goal) + "; repeat")
    init.add_argument("--language", action="append", default=[], metavar="CODE",
                      help="a language you follow talks in (en, de, ...); repeat")
    init.add_argument("--budget", type=_budget, metavar="AMOUNT[CUR]",
                      help="the most for one ticket, e.g. 600EUR")
    init.add_argument("--year", type=int, action="append", default=[], dest="years",
                      help="a year of conferences to read (default: this year and next); repeat")
    init.add_argument("--preset-url", type=_mirror, action="append", default=[], metavar="PRESET=URL",
                      help="read a preset from a mirror or a local copy instead of upstream; repeat")
    init.add_argument("--force", action="store_true", help="replace an existing file")
    init.add_argument("--no-input", action="store_true", help="never ask; use the flags only")


def _ask(ask: Callable[[str], str], question: str) -> str:
    return ask(f"{question}: ").strip()


def _interactive(args: argparse.Namespace, ask: Callable[[str], str]) -> None:
    """Fill what the flags left open by asking (an empty answer skips a question)."""
    args.name = args.name or _ask(ask, "Your name") or None
    args.home = args.home or _ask(ask, "Where do you live (a city)") or None
    if args.home and args.max_distance is None:
        answer = _ask(ask, "Farthest you would travel for an event, in km (empty: anywhere)")
        args.max_distance = float(answer) if answer else None
    if not args.interest:
        answer = _ask(ask, "Your interests, comma separated (e.g. python, data engineering=0.8)")
        args.interest = [_weighted(part) for part in answer.split(",") if part.strip()]
    if not args.goal:
        goals = ", ".join(g.value for g in Goal)
        answer = _ask(ask, f"Career goals, comma separated ({goals})")
        args.goal = [_weighted(part) for part in answer.split(",") if part.strip()]
    if not args.language:
        answer = _ask(ask, "Languages you follow talks in (e.g. en, de)")
        args.language = [part.strip() for part in answer.split(",") if part.strip()]
    if args.budget is None:
        answer = _ask(ask, "Most you would pay for one ticket (e.g. 600EUR; empty: no limit)")
        args.budget = _budget(answer) if answer else None


def run_init(args: argparse.Namespace, out: TextIO, *, interactive: bool,
             ask: Callable[[str], str] = input) -> int:
    """Carry out ``eventscout init``; returns the exit status."""
    from .starter import Answers, write_starter_config

    if interactive and not args.no_input:
        _interactive(args, ask)
    elif not args.no_input:
        # answers piped in would be ignored without a word: say so, and how to be asked
        print("Not asking questions: standard input is not a terminal. The flags given and "
              "the defaults are used (run it in a terminal to be asked, or pass --no-input "
              "to silence this).", file=out)
    goals = {}
    for name, weight in args.goal:
        key = name.lower().replace("-", "_").replace(" ", "_")
        if key not in {g.value for g in Goal}:
            raise ConfigError(f"unknown goal {name!r}; goals are: {', '.join(g.value for g in Goal)}",
                              key="--goal")
        goals[key] = weight
    amount, currency = args.budget if args.budget else (None, "EUR")
    answers = Answers(
        name=args.name or "me", home=args.home, max_distance_km=args.max_distance,
        interests=dict(args.interest), goals=goals, languages=tuple(args.language),
        budget=amount, currency=currency, years=tuple(args.years),
        preset_urls=dict(args.preset_url),
    )
    config = write_starter_config(args.output, answers, force=args.force)
    print(f"Wrote {config.path} with {len(config.sources)} sources:", file=out)
    for source in config.sources:
        print(f"  {source.name} ({source.type})", file=out)
    print("Next: eventscout run  (it reads ./eventscout.toml when it is there)", file=out)
    return 0
