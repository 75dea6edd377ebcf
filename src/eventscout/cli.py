"""The ``eventscout`` command: a thin layer over :mod:`eventscout.pipeline` and the library.

Commands: ``init`` (write a first eventscout.toml), ``run`` (fetch, rank, print, write .ics),
``sources`` (list the installed adapters and presets), ``mark`` and ``decisions`` (decisions on
events), ``plan`` (the year plan), ``build`` (write the subscribable feeds and their index page),
``serve`` (build, then serve them), ``talk`` (the CFP pipeline, :mod:`eventscout.cli_talk`),
``met`` and ``people`` (keeping in touch, :mod:`eventscout.cli_people`). The grammar is in
:mod:`eventscout.cli_parser`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import sys
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .cli_init import run_init
from .cli_parser import build_parser
from .errors import EventscoutError

if TYPE_CHECKING:
    from .config import Config
    from .rank import Exclusion, Match, Ranking
    from .runner import Progress, SourceReport

__all__ = ["main"]

log = logging.getLogger("eventscout")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``eventscout`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.command == "init":
            return run_init(args, sys.stdout, interactive=sys.stdin.isatty())
        if args.command == "sources":
            return _sources(args, sys.stdout)
        if args.command == "run":
            return _run(args, sys.stdout)
        if args.command in ("mark", "decisions"):
            return _decisions(args, sys.stdout)
        if args.command in ("met", "people"):  # keeping in touch: cli_people
            from .cli_people import run_met, run_people

            return (run_met if args.command == "met" else run_people)(args, sys.stdout)
        if args.command == "plan":
            return _plan(args, sys.stdout)
        if args.command == "build":
            return _build(args, sys.stdout)
        if args.command == "serve":
            return _serve(args)
        if args.command == "talk":
            from .cli_talk import run_talk

            return run_talk(args, sys.stdout)
    except EventscoutError as error:
        print(f"eventscout: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # e.g. the port to serve on is taken, the output folder read-only
        print(f"eventscout: error: {error.strerror or error}"
              + (f": {error.filename}" if error.filename else ""), file=sys.stderr)
        return 2
    return 2


def _sources(args: argparse.Namespace, out: TextIO) -> int:
    from .presets import PRESETS
    from .settings import render_plain
    from .sources.registry import adapter_options, available_sources

    adapters = available_sources()
    if args.name:
        if args.name in PRESETS:
            preset = PRESETS[args.name]
            print(f"preset {preset.name}: {preset.description}\n", file=out)
            print(render_plain(preset.options), file=out)
            return 0
        section = adapter_options(args.name)  # an unknown name raises SourceNotFound
        print(render_plain(section) if section else f"{args.name}: no option list", file=out)
        return 0
    if args.presets:
        width = max(len(name) for name in PRESETS)
        for preset in PRESETS.values():
            print(f"{preset.name:<{width}}  {preset.description}", file=out)
        return 0
    width = max((len(name) for name in adapters), default=4)
    for name, entry_point in adapters.items():
        dist = entry_point.dist.name if entry_point.dist else "?"
        print(f"{name:<{width}}  {entry_point.value}  ({dist})", file=out)
    return 0


@contextlib.contextmanager
def _progress_bar(quiet: bool) -> Iterator[Progress | None]:
    """A progress bar on stderr while the sources are fetched: only on a terminal, never quiet.

    The bar is drawn from the first finished source on, when the number of sources is known.
    """
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    bars: list[tqdm[None]] = []

    def advance(line: SourceReport, done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, unit="source", desc="fetching", leave=False,
                             file=sys.stderr))
        bars[0].update(done - bars[0].n)

    try:
        yield advance
    finally:
        for bar in bars:
            bar.close()


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import run

    config = _config(args)
    output = args.output if args.output else (config.output.ics if args.config else Path("build/eventscout.ics"))
    with _progress_bar(args.quiet) as progress:
        result = run(
            config, now=args.now, output=output, top=args.top, store=args.store,
            refresh=args.refresh, progress=progress,
        )
    limit = args.top or config.output.top
    _print_matches(result.ranking, limit, out)
    report = result.collection.report
    print(report.render_table(), file=out)
    problems = result.collection.problems
    # an item kept with a note reached the events; only the others were skipped
    skipped = [problem for problem in problems if not problem.kept]
    kept = len(problems) - len(skipped)
    noted = f", {kept} kept with a note" if kept else ""
    print(f"\n{len(result.collection.events)} events read, {len(result.events)} after merging, "
          f"{len(result.ranking.matches)} matched, {len(result.ranking.excluded)} excluded, "
          f"{len(skipped)} items skipped{noted}.", file=out)
    if args.problems:
        for problem in problems:
            print(f"  {'kept with a note' if problem.kept else 'skipped'}: {problem}", file=out)
    elif problems:
        print("  (--problems lists them)", file=out)
    if args.show_excluded:
        _print_excluded(result.ranking, out)
    if args.report_json:
        args.report_json.parent.mkdir(parents=True, exist_ok=True)
        args.report_json.write_text(report.to_json(), encoding="utf-8")
    if result.ics_path:
        print(f"Wrote {min(limit, len(result.ranking.matches))} events to {result.ics_path}", file=out)
    return report.exit_code


#: the config file the commands read when no --config is given
LOCAL_CONFIG = Path("eventscout.toml")


def _config(args: argparse.Namespace) -> Config:
    """The --config file, else ./eventscout.toml, else the bundled demo; says which."""
    from .config import load_config
    from .pipeline import demo_config

    path = args.config or (LOCAL_CONFIG if LOCAL_CONFIG.is_file() else None)
    if path is None:
        print("No --config and no ./eventscout.toml: running the bundled demo "
              "(`eventscout init` writes a config of your own).", file=sys.stdout)
        return demo_config()
    config = load_config(path)
    args.config = path  # the config's [output] settings apply, as with --config
    print(f"Using {Path(path).resolve()}", file=sys.stdout)
    return config


def _decisions(args: argparse.Namespace, out: TextIO) -> int:
    from .decisions import forget, mark
    from .runner import Store

    config = _config(args)
    with Store(args.store or config.output.store) as store:
        if args.command == "mark" and args.verdict == "none":
            event, known = forget(store, args.event)
            print(f"{'Forgot the' if known else 'There was no'} decision on {event.title} "
                  f"({event.first_day}).", file=out)
        elif args.command == "mark":
            decision = mark(store, args.event, args.verdict,
                            now=args.now or dt.datetime.now(dt.UTC))
            print(f"{decision.title} ({decision.first_day}): {decision.verdict.value}", file=out)
        elif not (kept := store.decisions()):
            print("No decisions yet: `eventscout mark EVENT going` keeps one.", file=out)
        else:
            for decision in kept:
                print(f"{decision.first_day}  {decision.verdict.value:<10}  {decision.title}  "
                      f"({decision.event_key})", file=out)
    return 0


def _plan(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import plan_year
    from .plan import render_plan

    config = _config(args)
    with _progress_bar(args.quiet) as progress:
        outcome = plan_year(config, year=args.year, now=args.now, output=args.output,
                            store=args.store, refresh=args.refresh, progress=progress)
    print(render_plan(outcome.plan), file=out)
    if outcome.ics_path:
        print(f"Wrote the plan to {outcome.ics_path}", file=out)
    return outcome.run.collection.report.exit_code


def _build(args: argparse.Namespace, out: TextIO) -> int:
    from .pipeline import build

    config = _config(args)
    site = args.out or (config.output.site if args.config else Path("build/site"))
    with _progress_bar(args.quiet) as progress:
        outcome = build(config, out_dir=site, now=args.now, base_url=args.base_url,
                        store=args.store, refresh=args.refresh, progress=progress)
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
        try:  # fail before a whole build when the port is taken
            probe.bind((args.host, args.port))
        except OSError as error:  # printed as "Address already in use: 127.0.0.1:8080 (...)"
            raise OSError(error.errno, error.strerror,
                          f"{args.host}:{args.port} (choose another with --port)") from None
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


#: rules whose reason is the same for every event they leave out: counted, not listed
_OBVIOUS_RULES = {"past": "already over", "horizon": "beyond your planning horizon"}
#: events listed per rule at most
_SHOWN_PER_RULE = 10


def _print_excluded(ranking: Ranking, out: TextIO) -> None:
    """What was left out, by rule: a count per rule, and the events of the rules that need them."""
    by_rule: dict[str, list[Exclusion]] = {}
    for exclusion in ranking.excluded:
        by_rule.setdefault(exclusion.signal, []).append(exclusion)
    print(f"\nExcluded: {len(ranking.excluded)} events", file=out)
    for rule, items in sorted(by_rule.items(), key=lambda item: -len(item[1])):
        if rule in _OBVIOUS_RULES:
            print(f"  {len(items):>5}  {rule}: {_OBVIOUS_RULES[rule]}", file=out)
            continue
        print(f"  {len(items):>5}  {rule}:", file=out)
        for exclusion in items[:_SHOWN_PER_RULE]:
            print(f"         excluded: {exclusion.event.title} ({exclusion.event.first_day}): "
                  f"{exclusion.reason}", file=out)
        if len(items) > _SHOWN_PER_RULE:
            print(f"         ... and {len(items) - _SHOWN_PER_RULE} more", file=out)


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
