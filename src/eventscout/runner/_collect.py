"""Run every configured source in parallel and gather what they deliver, losing nothing.

Sources run in a thread pool (``requests`` is blocking; the work is waiting on the network), bounded
globally by ``max_workers`` and per host by the fetcher's :class:`~eventscout.fetch.HostGate`.
The result never depends on which source finished first: events, problems and report lines are in
the configured order of the sources. Progress is reported to a callback, one call per finished
source; showing it (a progress bar, a log line) is the caller's business: the CLI draws a bar.

**Nothing lost.** With a store, each source's events are saved as soon as it succeeds. A source
that fails this run (or is forbidden by robots.txt) delivers the events of its last success from
the store instead, and the report marks it ``stale`` with the time of that success. One failing
source, even one that raises an unexpected exception, never stops the others.

An **empty success** is not trusted over earlier events: a source that delivers no events but
reports problems (an HTML listing whose item selector matches nothing after a redesign) keeps its
stored snapshot, delivers those events and is reported ``stale`` with fault ``empty``. No events
and no problems is an empty listing, and is saved. A non-empty result is saved whatever its size:
listings shrink for good reasons (events end), and the rejected items are in the report.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import Any, cast

from attrs import evolve, field, frozen

from ..errors import ConfigError, FetchError, RobotsDisallowed, StoreError
from ..fetch import FetchActivity, FetchSettings
from ..model import Event, Problem
from ..sources.base import FetchContext, Source
from ._kept import parsed_store, replay
from ._replay import RecordingFetcher, freshness, replay_key
from ._report import RunReport, SourceReport, SourceRunStatus
from ._stores import ParsedStore, Snapshot, SnapshotStore

__all__ = ["Collection", "Progress", "collect", "take_items"]

#: told about every source as it finishes: its report line, how many sources are done, of how many
Progress = Callable[[SourceReport, int, int], None]

log = logging.getLogger(__name__)


@frozen(kw_only=True)
class Collection:
    """Everything a run gathered: the events, the per-item problems, and the run report."""

    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    report: RunReport


@frozen(kw_only=True)
class _Attempt:
    """One source's run, as the worker thread saw it."""

    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = ()
    error: BaseException | None = None
    seconds: float = 0.0
    activity: FetchActivity = field(factory=FetchActivity)
    #: the parsed-events cache key of what was read and the URLs read (None: not to be kept)
    key: str | None = None
    documents: tuple[str, ...] = ()
    #: the items came from the parsed-events cache (the snapshot already holds them)
    replayed: bool = False
    #: until when the documents read stay fresh in the HTTP cache (:func:`._replay.freshness`)
    fresh: dict[str, Any] | None = None


def take_items(items: Iterable[object], events: list[Event], problems: list[Problem], *,
               source: str) -> None:
    """Sort what a source's ``fetch`` yields into ``events`` and ``problems`` as it comes, so that
    what came before a failure is kept; anything else is a TypeError naming the source and item."""
    for item in items:
        if isinstance(item, Event):
            events.append(item)
        elif isinstance(item, Problem):
            problems.append(item)
        else:
            raise TypeError(f"source {source!r} yielded {item!r}, which is neither an Event nor"
                            " a Problem")


def _run_source(source: Source, context: FetchContext, store: SnapshotStore | None) -> _Attempt:
    events: list[Event] = []
    problems: list[Problem] = []
    started = time.perf_counter()
    error: BaseException | None = None
    parsed = parsed_store(source, store)
    ready: dict[str, Any] = {}
    recorder = RecordingFetcher(context.fetcher, ready)
    try:
        kept = replay(source, context, parsed, ready) if parsed is not None else None
        if kept is not None:
            return _Attempt(
                events=kept.events, problems=kept.problems, seconds=time.perf_counter() - started,
                activity=context.fetcher.take_activity(source.name), replayed=True,
                key=kept.key, documents=kept.documents, fresh=kept.fresh,
            )
        # only a source whose items may be kept reads through the recorder
        recorded = evolve(context, fetcher=cast(Any, recorder)) if parsed is not None else context
        take_items(source.fetch(recorded), events, problems, source=source.name)
    except Exception as caught:  # a broken adapter must not stop the run; it is reported
        error = caught
        if not isinstance(caught, FetchError):  # the report names it; the traceback is for -v
            log.info("source %s failed", source.name, exc_info=True)
    key = fresh = None
    if parsed is not None and error is None and recorder.documents and recorder.plain:
        key = replay_key(source, context, recorder.documents)
        fresh = freshness(source, context, recorder.documents)
    return _Attempt(
        events=tuple(events), problems=tuple(problems), error=error,
        seconds=time.perf_counter() - started,
        activity=context.fetcher.take_activity(source.name),
        key=key, documents=tuple(url for url, _ in recorder.documents), fresh=fresh,
    )


def _apply_settings(
    context: FetchContext, source_settings: Mapping[str, Mapping[str, Any] | FetchSettings]
) -> None:
    for name, table in source_settings.items():
        if isinstance(table, FetchSettings):
            settings = table
        elif table:
            settings = FetchSettings.from_mapping(table, base=context.fetcher.settings, source=name)
            if context.fetcher.settings.force_refresh:  # the command line outranks a source table
                settings = evolve(settings, force_refresh=True)
        else:
            continue
        context.fetcher.configure_source(name, settings)


def collect(
    sources: Sequence[Source],
    context: FetchContext,
    *,
    store: SnapshotStore | None = None,
    source_settings: Mapping[str, Mapping[str, Any] | FetchSettings] | None = None,
    max_workers: int | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> Collection:
    """Fetch every source in parallel; report each; fall back to stored events on failure.

    ``source_settings`` maps a source name to its ``[sources.fetch]`` table (or ready settings),
    layered over the fetcher's. ``max_workers`` bounds the sources fetched at once (default: the
    fetcher's ``max_workers`` setting). ``progress`` is called as each source finishes (in the
    order they finish), with its report line and the count done so far of all. ``now`` is the
    time of the run, recorded as its start and as the time of every snapshot saved (default: the
    context's ``now``).
    """
    names = [source.name for source in sources]
    duplicates = sorted(name for name, n in collections.Counter(names).items() if n > 1)
    if duplicates:
        raise ConfigError(f"source names must be unique; repeated: {', '.join(duplicates)}")
    _apply_settings(context, source_settings or {})
    workers = max_workers or context.fetcher.settings.max_workers
    started_at = now or context.now
    clock = time.perf_counter()
    results: dict[str, tuple[_Attempt, SourceReport, tuple[Event, ...]]] = {}
    if sources:
        with ThreadPoolExecutor(max_workers=min(workers, len(sources)),
                                thread_name_prefix="eventscout-source") as pool:
            futures: dict[Future[_Attempt], Source] = {
                pool.submit(_run_source, source, context, store): source for source in sources
            }
            for done, future in enumerate(as_completed(futures), start=1):
                source = futures[future]
                attempt = future.result()
                results[source.name] = (attempt, *_settle(source.name, attempt, store, started_at))
                if progress is not None:
                    progress(results[source.name][1], done, len(sources))
    report = RunReport(
        sources=tuple(results[name][1] for name in names),
        started_at=started_at,
        seconds=time.perf_counter() - clock,
    )
    events = tuple(event for name in names for event in results[name][2])
    problems = tuple(problem for name in names for problem in _problems(name, results[name][0]))
    return Collection(events=events, problems=problems, report=report)


def _problems(name: str, attempt: _Attempt) -> Iterator[Problem]:
    yield from attempt.problems
    if attempt.error is not None:
        yield Problem(source=name, where="source", message=str(attempt.error))


def _settle(
    name: str, attempt: _Attempt, store: SnapshotStore | None, now: dt.datetime
) -> tuple[SourceReport, tuple[Event, ...]]:
    """Decide what a finished source delivers, update the store, and write its report line."""
    activity = attempt.activity
    rejected = [problem for problem in attempt.problems if not problem.kept]
    reasons = collections.Counter(problem.message for problem in rejected)
    notes_kept = collections.Counter(p.message for p in attempt.problems if p.kept)
    line = SourceReport(
        name=name, status=SourceRunStatus.OK, items=len(attempt.events),
        rejected=len(rejected), reasons=tuple(reasons.most_common()),
        noted=sum(notes_kept.values()), noted_reasons=tuple(notes_kept.most_common()),
        bytes=activity.bytes, bytes_saved=activity.bytes_saved, seconds=attempt.seconds,
        requests=activity.requests, cache_hits=activity.cache_hits,
        not_modified=activity.not_modified, retries=activity.retries,
    )
    notes = list(activity.notes)
    failure = attempt.error
    if failure is None and not attempt.events and attempt.problems:
        kept = _keep_earlier_events(name, attempt, store, now, line, notes) if store else None
        if kept is not None:
            return kept
        # nothing usable and nothing kept from before: a failure, not a silent empty success
        reason = f"delivered no events and {len(attempt.problems)} problem(s)"
        return evolve(line, status=SourceRunStatus.FAILED, fault="empty", error=reason,
                      notes=tuple(notes)), ()
    if failure is None:
        unchanged = activity.documents > 0 and (
            activity.cache_hits + activity.not_modified == activity.documents
        )
        if store is not None:
            _save(name, attempt, store, now, notes)
        status = SourceRunStatus.NOT_MODIFIED if unchanged else SourceRunStatus.OK
        return evolve(line, status=status, notes=tuple(notes)), attempt.events
    fault = _fault(failure)
    message = str(failure)
    snapshot: Snapshot | None = None
    if store is not None:
        try:
            store.record_source_failure(name, at=now, error=message)
            snapshot = store.load_source_events(name)
        except StoreError as error:
            log.error("cannot read the stored events of %s: %s", name, error)
            notes.append(f"store unreadable: {error}")
    line = evolve(line, fault=fault, error=message)
    if snapshot is not None and snapshot.fetched_at is not None:
        log.warning("source %s failed (%s); delivering its %d events of %s", name, fault,
                    len(snapshot.events), snapshot.fetched_at.isoformat())
        stale = evolve(line, status=SourceRunStatus.STALE, items=len(snapshot.events),
                       stale_since=snapshot.fetched_at, notes=tuple(notes))
        return stale, tuple(snapshot.events)
    if attempt.events:
        notes.append(f"{len(attempt.events)} events read before the failure were delivered")
    status = SourceRunStatus.SKIPPED if isinstance(failure, RobotsDisallowed) else SourceRunStatus.FAILED
    return evolve(line, status=status, notes=tuple(notes)), attempt.events


def _keep_earlier_events(
    name: str, attempt: _Attempt, store: SnapshotStore, now: dt.datetime,
    line: SourceReport, notes: list[str],
) -> tuple[SourceReport, tuple[Event, ...]] | None:
    """For a source that "succeeded" with no events but with problems (a listing whose item
    selector matches nothing after a redesign): keep its stored events instead of replacing them
    with nothing, and deliver them as stale. None when there is nothing to keep (no earlier
    events): the empty result is then saved as usual. When the snapshot cannot be read, nothing is
    saved either (never replace what cannot be read with nothing) and nothing is delivered."""
    reason = f"delivered no events and {len(attempt.problems)} problem(s)"
    try:
        snapshot: Snapshot = store.load_source_events(name)
    except StoreError as error:
        log.error("cannot read the stored events of %s: %s", name, error)
        notes.append(f"{reason}; not saved, the store is unreadable: {error}")
        return evolve(line, notes=tuple(notes)), ()
    if snapshot.fetched_at is None or not snapshot.events:
        return None
    since = snapshot.fetched_at
    log.warning("source %s %s; delivering its %d events of %s", name, reason,
                len(snapshot.events), since.isoformat())
    notes.append(f"{reason}; kept the {len(snapshot.events)} events of {since.isoformat()}")
    try:
        store.record_source_failure(name, at=now, error=reason)
    except StoreError as error:
        log.error("cannot record the empty result of %s: %s", name, error)
        notes.append(f"not recorded in the store: {error}")
    stale = evolve(line, status=SourceRunStatus.STALE, items=len(snapshot.events),
                   stale_since=since, fault="empty", error=reason, notes=tuple(notes))
    return stale, tuple(snapshot.events)


def _save(
    name: str, attempt: _Attempt, store: SnapshotStore, now: dt.datetime, notes: list[str]
) -> None:
    """Keep a success: the snapshot, then (for a parsed source) its items under their key.

    Replayed items are the snapshot already (a snapshot rewrite drops the kept items, see
    :meth:`~eventscout.runner.Store.save_source_events`), so only the success is recorded."""
    try:
        if attempt.replayed:
            cast(ParsedStore, store).record_source_success(name, at=now)
            if attempt.key is not None and attempt.fresh is not None:  # renew the freshness
                cast(ParsedStore, store).save_parsed(name, attempt.key, attempt.documents,
                                                     attempt.events, attempt.problems,
                                                     attempt.fresh)
            return
        store.save_source_events(name, attempt.events, fetched_at=now)
        if attempt.key is not None:
            cast(ParsedStore, store).save_parsed(
                name, attempt.key, attempt.documents, attempt.events, attempt.problems,
                attempt.fresh,
            )
    except StoreError as error:
        log.error("cannot save the events of %s: %s", name, error)
        notes.append(f"not saved to the store: {error}")


def _fault(error: BaseException) -> str:
    if isinstance(error, FetchError):
        return error.kind
    return type(error).__name__
