"""The main job, wired once: read the configured sources, merge, rank, export.

The CLI and the examples call :func:`run`; everything the CLI can do, a script can do with it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

import attrs
from attrs import frozen

from .collect import Collection, collect
from .config import Config, load_config
from .fetch import Fetcher
from .model import Event
from .rank import Ranking, rank_events
from .sources.base import FetchContext, Source
from .sources.registry import create_source
from .store import Store

__all__ = ["RunResult", "build_sources", "demo_config", "run"]

log = logging.getLogger(__name__)


@frozen(kw_only=True)
class RunResult:
    """What one run produced: what was collected, how it ranked, and where the .ics went."""

    collection: Collection
    events: tuple[Event, ...]
    ranking: Ranking
    ics_path: Path | None


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


def run(
    config: Config | None = None,
    *,
    now: dt.datetime | None = None,
    output: Path | str | None = None,
    top: int | None = None,
    fetcher: Fetcher | None = None,
    store: Store | Path | str | None = None,
    refresh: bool = False,
    quiet: bool = False,
) -> RunResult:
    """Fetch, merge, rank and export.

    ``output=None`` writes where the config says, ``output=""`` writes nothing. ``now`` pins the
    current time (tests, the demo). ``store`` keeps each source's last delivered events so that a
    failing source loses nothing: a :class:`Store`, a path, or None for the config's
    ``[output] store`` (or, when that is unset, the user data folder). ``refresh`` revalidates every
    cached document with its server (``--refresh``)."""
    from .export import write_ics
    from .merge import merge_events

    config = config or demo_config()
    now = now or dt.datetime.now(dt.UTC)
    profile = config.profile
    sources: Sequence[Source] = build_sources(config)
    horizon_end = now + dt.timedelta(days=profile.horizon_days)
    own_fetcher = fetcher is None
    if fetcher is None:
        settings = config.fetch_settings()
        fetcher = Fetcher(attrs.evolve(settings, force_refresh=True) if refresh else settings)
    own_store = not isinstance(store, Store)
    state = store if isinstance(store, Store) else Store(store or config.output.store)
    try:
        context = FetchContext(fetcher=fetcher, now=now, horizon_end=horizon_end)
        collection = collect(
            sources, context, store=state,
            source_settings={item.name: item.fetch for item in config.sources},
            quiet=quiet,
        )
    finally:
        if own_fetcher:
            fetcher.close()
        if own_store:
            state.close()
    events = tuple(merge_events(collection.events))
    log.info("collected %d events (%d after merging), %d problems",
             len(collection.events), len(events), len(collection.problems))
    ranking = rank_events(events, profile, now=now)
    limit = top or config.output.top
    ics_path: Path | None = None
    target = config.output.ics if output is None else (Path(output) if output else None)
    if target is not None:
        ics_path = write_ics(ranking.matches[:limit], target, profile=profile, now=now)
    return RunResult(collection=collection, events=events, ranking=ranking, ics_path=ics_path)
