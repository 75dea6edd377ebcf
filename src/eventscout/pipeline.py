"""The main job, wired once: read the configured sources, merge, rank, export.

The CLI and the examples call :func:`run`; everything the CLI can do, a script can do with it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen

from .config import Config, load_config
from .errors import EventscoutError
from .fetch import Fetcher
from .model import Event
from .planning import default_plan_year, load_talk_book, plan_feed, year_plan
from .profile import Profile
from .rank import BusyPeriod, Match, RankIndex, Ranking, rank_events
from .runner import Collection, Progress, Store, collect
from .sources.base import FetchContext, Source
from .sources.busy import load_busy_calendar
from .sources.registry import create_source

if TYPE_CHECKING:
    from .feeds import BuildResult, FeedDefinition
    from .plan import Plan as YearPlan

__all__ = [
    "DEFAULT_FEEDS",
    "FeedBuild",
    "PlanResult",
    "RunResult",
    "build",
    "build_sources",
    "default_plan_year",
    "demo_config",
    "feed_definitions",
    "follow_ups_feed",
    "gather",
    "load_talk_book",
    "plan_year",
    "run",
    "serve_feeds",
]

log = logging.getLogger(__name__)


@frozen(kw_only=True)
class RunResult:
    """What one run produced: what was collected, how it ranked, and where the .ics went."""

    collection: Collection
    events: tuple[Event, ...]
    ranking: Ranking
    ics_path: Path | None
    #: the busy periods the ranking (and a plan) checked clashes against
    busy: tuple[BusyPeriod, ...] = ()


def demo_config() -> Config:
    """The bundled demo configuration (sample profile and sample sources, no network)."""
    from .samples import demo_config_path

    return load_config(demo_config_path())


def build_sources(config: Config) -> list[Source]:
    """Instantiate every configured source through the adapter registry."""
    where = str(config.path) if config.path else None
    return [
        create_source(item.type, name=item.name, options=item.options, config_path=where)
        for item in config.sources
    ]


def gather(
    config: Config,
    *,
    now: dt.datetime,
    fetcher: Fetcher | None = None,
    store: Store,
    refresh: bool = False,
    progress: Progress | None = None,
) -> tuple[Collection, tuple[Event, ...]]:
    """Fetch every configured source (in parallel, through the store) and merge what arrived.

    ``progress`` is told about each source as it finishes (see :func:`eventscout.runner.collect`).
    """
    from .merge import merge_events

    sources: Sequence[Source] = build_sources(config)
    horizon_end = now + dt.timedelta(days=config.profile.horizon_days)
    with _fetcher(fetcher, config, refresh) as shared:
        context = FetchContext(fetcher=shared, now=now, horizon_end=horizon_end)
        collection = collect(
            sources, context, store=store,
            source_settings={item.name: item.fetch for item in config.sources},
            progress=progress, now=now,
        )
    events = tuple(merge_events(collection.events))
    log.info("collected %d events (%d after merging), %d problems",
             len(collection.events), len(events), len(collection.problems))
    return collection, events


@contextlib.contextmanager
def _fetcher(given: Fetcher | None, config: Config, refresh: bool) -> Iterator[Fetcher]:
    if given is not None:
        yield given
        return
    settings = config.fetch_settings()
    with Fetcher(attrs.evolve(settings, force_refresh=True) if refresh else settings) as fetcher:
        yield fetcher


def _busy_calendar(config: Config, fetcher: Fetcher, now: dt.datetime) -> list[BusyPeriod]:
    """The profile's busy periods, its calendar (a URL or a file) read through the fetcher like a
    source. A calendar that cannot be read is logged and ignored: conflicts are a hint."""
    location = config.profile.busy_calendar
    if not location:
        return []
    try:
        return load_busy_calendar(
            location, now=now, days=config.profile.horizon_days,
            fetch=lambda url: fetcher.get(url, source="busy calendar").content,
        )
    except EventscoutError as error:
        log.warning("busy calendar not used: %s", error)
        return []


def _decided(config: Config, store: Store) -> Config:
    """``config`` with the decisions kept in ``store`` added to its profile's feedback."""
    from .decisions import apply_decisions

    profile = apply_decisions(config.profile, store.decisions())
    return config if profile is config.profile else attrs.evolve(config, profile=profile)


@contextlib.contextmanager
def _opened(store: Store | Path | str | None, config: Config) -> Iterator[Store]:
    if isinstance(store, Store):
        yield store
        return
    with Store(store or config.output.store) as opened:
        yield opened


def run(
    config: Config | None = None,
    *,
    now: dt.datetime | None = None,
    output: Path | str | None = None,
    top: int | None = None,
    fetcher: Fetcher | None = None,
    store: Store | Path | str | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> RunResult:
    """Fetch, merge, rank and export.

    ``output=None`` writes where the config says, ``output=""`` writes nothing. ``now`` pins the
    current time (tests, the demo). ``store`` keeps each source's last delivered events so that a
    failing source loses nothing: a :class:`Store`, a path, or None for the config's
    ``[output] store`` (or, when that is unset, the user data folder). ``refresh`` revalidates every
    cached document with its server (``--refresh``). ``progress`` is told about each source as it
    finishes (the CLI draws a progress bar with it)."""
    from .export import write_ics

    config = config or demo_config()
    now = now or dt.datetime.now(dt.UTC)
    with _opened(store, config) as state, _fetcher(fetcher, config, refresh) as shared:
        config = _decided(config, state)
        collection, events = gather(config, now=now, fetcher=shared, store=state,
                                    refresh=refresh, progress=progress)
        busy = _busy_calendar(config, shared, now)
    ranking = rank_events(events, config.profile, now=now, busy=busy)
    limit = top or config.output.top
    ics_path: Path | None = None
    target = config.output.ics if output is None else (Path(output) if output else None)
    if target is not None:
        ics_path = write_ics(ranking.matches[:limit], target, profile=config.profile, now=now)
    return RunResult(collection=collection, events=events, ranking=ranking, ics_path=ics_path,
                     busy=tuple(busy))


@frozen(kw_only=True)
class PlanResult:
    """What ``eventscout plan`` produced: the run it planned from, the plan, and its .ics."""

    run: RunResult
    plan: YearPlan
    ics_path: Path | None


def plan_year(
    config: Config | None = None,
    *,
    year: int | None = None,
    now: dt.datetime | None = None,
    output: Path | str | None = "",
    fetcher: Fetcher | None = None,
    store: Store | Path | str | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> PlanResult:
    """Run (fetch, merge, rank), then choose the year's events within ``[plan]``'s limits.

    ``year`` defaults to the calendar year holding most of the next twelve months (this year
    until June, next year from July: in December, planning the rest of the month is no plan). Events marked going (:mod:`eventscout.decisions`)
    are always in; dismissed ones (marked, or in the profile's list) never; the busy calendar is
    checked for clashes; events where a talk of the talks file is accepted count as speaking
    (:func:`load_talk_book`). ``output`` names the ``plan.ics`` to write (``""``: none)."""
    from .export import write_ics

    config = config or demo_config()
    now = now or dt.datetime.now(dt.UTC)
    with _opened(store, config) as state:
        result = run(config, now=now, output="", fetcher=fetcher, store=state, refresh=refresh,
                     progress=progress)
        decisions = state.decisions()
    plan = year_plan(config, result.ranking.matches, year=year or default_plan_year(now),
                     busy=result.busy, decisions=decisions, talks=load_talk_book(config))
    chosen = {entry.event.key for entry in plan.entries if entry.included}
    ics_path = None
    if output:
        matches = [m for m in result.ranking.matches if m.event.key in chosen]
        ics_path = write_ics(matches, output, name="plan", profile=config.profile, now=now)
    return PlanResult(run=result, plan=plan, ics_path=ics_path)


#: the feeds built when a config names none: one per tier
DEFAULT_FEEDS: tuple[dict[str, Any], ...] = (
    {"name": "must-attend", "title": "Must attend", "tier": "must_attend"},
    {"name": "worth-a-look", "title": "Worth a look", "tier": "worth_a_look"},
    {"name": "deadlines", "title": "Deadlines", "tier": "deadlines"},
)


@frozen(kw_only=True)
class FeedBuild:
    """What one ``build`` produced: what was collected, and the feeds written."""

    collection: Collection
    events: tuple[Event, ...]
    result: BuildResult


def feed_definitions(config: Config) -> list[FeedDefinition]:
    """The config's ``[[feeds]]``, or one feed per tier when it names none."""
    from .feeds import parse_feeds

    tables = config.feeds or DEFAULT_FEEDS
    return parse_feeds(tables, path=config.path)


if TYPE_CHECKING:  # keeping in touch: the follow-ups feed that build() writes beside the others
    from .feeds.follow_ups import ReminderFeed


def follow_ups_feed(config: Config, now: dt.datetime) -> ReminderFeed | None:
    """The follow-ups feed (built by :func:`build` with the other feeds) of ``config``'s contacts file at ``now`` (``[people] feed``: private,
    public or none); None when it is switched off, or when the contacts file cannot be read (logged;
    the feed then keeps its last build)."""
    from .feeds.follow_ups import ReminderFeed, follow_ups_definition
    from .people import FeedMode, load_contacts, reminder_set

    mode = config.people.feed
    if mode is FeedMode.NONE:
        return None
    try:
        book = load_contacts(config.people.contacts_path)
    except EventscoutError as error:  # a broken contacts file must not stop the other feeds
        log.warning("follow-ups feed not rebuilt: %s", error)
        return None
    return ReminderFeed(definition=follow_ups_definition(private=mode is FeedMode.PRIVATE),
                        reminders=reminder_set(book, now))


def build(
    config: Config | None = None,
    *,
    out_dir: Path | str | None = None,
    now: dt.datetime | None = None,
    base_url: str | None = None,
    fetcher: Fetcher | None = None,
    store: Store | Path | str | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> FeedBuild:
    """Fetch, merge, and build every feed into ``out_dir`` (default: the config's ``[output]
    site``) with its index page. The store keeps the feeds' state (UIDs, SEQUENCE,
    cancellations) between builds, so keep it with the site. ``progress`` as for :func:`run`.

    The deadline feeds name the talks of the talks file (:func:`load_talk_book`) that fit an open
    call for papers and add dated reminders before it closes; unless ``[plan] feed = false``, the
    year plan (:func:`plan_year`'s, for :func:`default_plan_year`) is the feed ``plan.ics``."""
    from .feeds import build_feeds
    from .plan import cfp_deadlines

    config = config or demo_config()
    now = now or dt.datetime.now(dt.UTC)
    definitions = feed_definitions(config)
    follow_ups = follow_ups_feed(config, now)
    with _opened(store, config) as state, _fetcher(fetcher, config, refresh) as shared:
        config = _decided(config, state)
        collection, events = gather(config, now=now, fetcher=shared, store=state,
                                    refresh=refresh, progress=progress)
        busy = _busy_calendar(config, shared, now)
        main: list[list[Match]] = []  # the main profile's ranking, made once for feeds and plan

        #: the feeds rank one event list for each profile: index it once (see RankIndex)
        indexed: list[tuple[Sequence[Event], RankIndex]] = []

        def ranker(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[Match]:
            if not indexed or indexed[0][0] is not events:
                indexed[:] = [(events, RankIndex.build(events))]
                main.clear()
            index = indexed[0][1]
            if profile is not config.profile:  # a feed's own profile: its own file
                return list(rank_events(index, profile, now=now, busy=None).matches)
            if not main:
                main.append(list(rank_events(index, profile, now=now, busy=busy).matches))
            return main[0]

        talks = load_talk_book(config)
        chosen = []
        if config.plan.feed:
            matches = ranker(events, config.profile, now)
            plan = year_plan(config, matches, year=default_plan_year(now), busy=busy,
                             decisions=state.decisions(), talks=talks)
            chosen.append(plan_feed(plan, matches))
        result = build_feeds(
            definitions, events, store=state, out_dir=out_dir or config.output.site, now=now,
            follow_ups=follow_ups,
            profile=config.profile, base_url=base_url or config.output.base_url,
            ranker=ranker, talk_cfps=cfp_deadlines(talks, events, now), chosen=chosen,
        )
    return FeedBuild(collection=collection, events=events, result=result)


def _private_follow_ups(config: Config) -> str | None:
    """The name of the follow-ups feed when it is private (it then needs a token)."""
    from .feeds.follow_ups import FOLLOW_UPS_FEED
    from .people import FeedMode

    return FOLLOW_UPS_FEED if config.people.feed is FeedMode.PRIVATE else None


def serve_feeds(
    config: Config | None = None,
    *,
    out_dir: Path | str | None = None,
    host: str = "127.0.0.1",
    port: int = 8080,
    rebuild_every: float | None = None,
    store: Store | Path | str | None = None,
    tokens_path: Path | str | None = None,
    quiet: bool = False,
) -> None:
    """Build the feeds once, then serve them over HTTP, rebuilding every ``rebuild_every`` seconds
    (default: the config's ``[output] rebuild_every``; None or 0: never). Private feeds are served
    with the tokens kept in ``tokens_path`` (created on first use)."""
    from .feeds import load_tokens, make_app, serve

    config = config or demo_config()
    site = Path(out_dir or config.output.site)
    base_url = config.output.base_url or f"http://{host}:{port}/"

    def rebuild() -> FeedBuild:
        return build(config, out_dir=site, base_url=base_url, store=store)

    first = rebuild()
    for problem in first.collection.problems:
        log.warning("skipped: %s", problem)
    private = [d.name for d in feed_definitions(config) if d.private]
    if follow_up := _private_follow_ups(config):
        private.append(follow_up)
    tokens = load_tokens(tokens_path or config.output.tokens or site.parent / "feed-tokens.json",
                         private) if private else {}
    every = rebuild_every if rebuild_every is not None else config.output.rebuild_every
    app = make_app(site, tokens=tokens, rebuild=rebuild if every else None, rebuild_every=every or None)
    if not quiet:
        log.warning("serving %d feeds from %s at http://%s:%d/", len(first.result.feeds), site, host, port)
    serve(app, host=host, port=port)
