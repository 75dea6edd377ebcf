"""Build every feed into a directory: rank, select, keep state, write .ics files and index.html.

For each :class:`~eventscout.feeds.definition.FeedDefinition`, :func:`build_feeds` ranks the
events for the feed's profile, takes the feed's share (:mod:`~eventscout.feeds.select`), turns it
into entries (:mod:`~eventscout.feeds.entries`), lets :mod:`~eventscout.feeds.state` decide what
changed since the last build, and writes the feed.

Only what changed is serialised: an unchanged entry's bytes come from the store. The file is
assembled from those bytes (header, one VTIMEZONE per TZID, entries sorted by UID) and replaced
atomically, and only when its bytes differ, so an unchanged feed keeps its bytes, its
modification time and its ETag. The output directory suits static hosting as it is, apart from
``private/``, which holds the private feeds and must not be published.

Two inputs come from the planning layer without the feeds importing it: the open calls for papers
that fit the person's talks (deadline feeds name the talks and add dated reminders,
:mod:`~eventscout.feeds.talk_reminders`), and :class:`ChosenFeed` feeds, whose events were
chosen elsewhere (the year plan's ``plan.ics``), published with the same state rules.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from attrs import frozen

from ..errors import ConfigError
from ..export import MatchLike, calendar_shell, timezone_components, write_bytes_atomically
from ..model import Event, EventStatus
from ..profile import Profile
from ..runner import FeedItem, Store
from .definition import FeedDefinition, Tier
from .entries import (
    Entry,
    cancel_body,
    feed_entries,
    follow_up_entries,
    has_ended,
    render_entry,
    shown,
    tzids_in,
)
from .follow_ups import ReminderFeed, publish_reminders
from .index import DeadlineLine, FeedSummary, highlight, render_index
from .select import select_matches
from .server import PRIVATE_DIR
from .state import Action, Candidate, Step, plan_feed
from .talk_reminders import TalkCfp, TalkNote, group_by_event

__all__ = ["BuildResult", "ChosenFeed", "FeedResult", "Ranker", "build_feeds"]

log = logging.getLogger(__name__)

#: ranks events for a profile at a time, best first (``eventscout.rank.rank`` by default)
Ranker = Callable[[Sequence[Event], Profile, dt.datetime], Sequence[MatchLike]]

_END = b"END:VCALENDAR\r\n"
#: how many of a feed's best matches the index page sees (it collapses series, shows fewer)
HIGHLIGHTS = 40


@frozen(kw_only=True)
class FeedResult:
    """What one feed's build did: where it is, how many entries, which actions, written or not."""

    name: str
    path: Path
    entries: int
    actions: Mapping[str, int]
    written: bool


@frozen(kw_only=True)
class BuildResult:
    """The outcome of :func:`build_feeds`: every feed's result and the index page."""

    out_dir: Path
    feeds: tuple[FeedResult, ...]
    index: Path

    def feed(self, name: str) -> FeedResult:
        for result in self.feeds:
            if result.name == name:
                return result
        raise KeyError(name)


@frozen(kw_only=True)
class ChosenFeed:
    """A feed whose events were chosen elsewhere (the year plan): published as given, with the
    same state rules (stable UIDs, SEQUENCE, cancellations) and listed on the index page, where
    ``label`` says what it is in place of a tier."""

    definition: FeedDefinition
    matches: tuple[MatchLike, ...]
    label: str


def _talk_notes(definition: FeedDefinition, matches: Sequence[MatchLike],
                notes: Mapping[str, TalkNote], now: dt.datetime) -> tuple[dict[str, TalkNote],
                                                                          list[MatchLike]]:
    """The calls fitting the person's talks that a deadline feed publishes, and their matches:
    every ranked event passing the feed's sources and filters (the tier's limit aside, the
    ranker's exclusions kept out)."""
    if definition.tier is not Tier.DEADLINES or "cfp" not in definition.deadline_kinds or not notes:
        return {}, []
    import attrs

    unlimited = attrs.evolve(definition, limit=None)
    fitting = [m for m in select_matches(unlimited, matches, now=now) if m.event.key in notes]
    return {m.event.key: notes[m.event.key] for m in fitting}, fitting


def _default_ranker(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[MatchLike]:
    from ..rank import rank

    return list(rank(events, profile, now=now))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically unless it already holds exactly ``data``, so an
    unchanged feed keeps its modification time (Last-Modified). Returns whether it wrote."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_bytes_atomically(data, path)
    return True


def _header(definition: FeedDefinition) -> bytes:
    """The VCALENDAR's own lines (no END): name, refresh hints, nothing time-dependent."""
    calendar = calendar_shell(name=definition.display_title, refresh_interval=definition.refresh)
    if definition.description:
        calendar.add("X-WR-CALDESC", definition.description)
    text = calendar.to_ical()
    assert text.endswith(_END)
    return text[: -len(_END)]


def _timezones(bodies: Iterable[bytes]) -> bytes:
    years: dict[str, set[int]] = {}
    for body in bodies:
        for tzid, year in tzids_in(body):
            years.setdefault(tzid, set()).add(year)
    moments = []
    for tzid, seen in years.items():
        try:
            zone = ZoneInfo(tzid)
        except (ZoneInfoNotFoundError, KeyError, ValueError, OSError):
            # ZoneInfo("Europe") raises IsADirectoryError: one odd TZID must not stop every build
            log.warning("TZID %r is not an IANA zone; no VTIMEZONE written", tzid)
            continue
        moments += [dt.datetime(min(seen), 1, 1, tzinfo=zone), dt.datetime(max(seen), 7, 1, tzinfo=zone)]
    return b"".join(component.to_ical() for component in timezone_components(moments))


def _publish(
    definition: FeedDefinition, steps: Sequence[Step], entries: Mapping[str, Entry],
    now: dt.datetime, cancelled: frozenset[str] = frozenset(),
) -> tuple[list[FeedItem], list[bytes]]:
    """The items to store (tombstones of removed entries included) and the bodies to publish:
    fresh bytes where the state says so, cached ones else. ``cancelled`` holds the keys of the
    events their organisers cancelled (an entry that leaves for that reason says so)."""
    items = []
    bodies = []
    for step in steps:
        item = step.item
        if step.action.renders:
            body = render_entry(entries[item.uid], definition, item)
            item = _with_body(item, body)
        elif step.action is Action.CANCELLED:
            upstream = item.event_key in cancelled
            item = _with_body(item, cancel_body(item.body, item, cancelled_upstream=upstream))
        if step.action.stored:
            items.append(item)
        if step.action.published:
            bodies.append(item.body)
    return items, bodies


def _with_body(item: FeedItem, body: bytes) -> FeedItem:
    import attrs

    return attrs.evolve(item, body=body)


def _build_one(
    definition: FeedDefinition, matches: Sequence[MatchLike], *, store: Store,
    out_dir: Path, now: dt.datetime, cancelled: frozenset[str] = frozenset(),
    events: Sequence[Event] = (), talk_cfps: Mapping[str, TalkNote] | None = None,
    chosen: bool = False,
) -> tuple[FeedResult, list[MatchLike], list[Entry]]:
    # a chosen feed (the year plan) publishes its matches as they are
    selected = list(matches) if chosen else select_matches(definition, matches, now=now)
    notes, fitting = _talk_notes(definition, matches, talk_cfps or {}, now)
    keys = {m.event.key for m in selected}
    selected += [m for m in fitting if m.event.key not in keys]
    # a deadline that has passed is no live entry: its entry retires (see state.plan_feed)
    entries = {entry.uid: entry for entry in feed_entries(definition, selected, notes)
               if entry.deadline is None or entry.deadline > now}
    previous = store.load_feed_items(definition.name)
    if definition.tasks:
        # the follow-up tasks of events this feed held outlive the event's place in the ranking
        held = {item.event_key for item in previous.values() if item.state == "active"}
        shown_keys = {entry.event.key for entry in entries.values()}
        ended = [e for e in events if e.key in held and e.key not in shown_keys]
        for entry in follow_up_entries(definition, ended, now=now):
            entries.setdefault(entry.uid, entry)

    def is_over(item: FeedItem) -> bool:
        if has_ended(item, now):
            return True
        # a task whose event is over is not cancelled by its event leaving (no longer listed)
        event_item = previous.get(f"{item.event_key}@{definition.uid_namespace}")
        return item.uid.startswith("todo-") and event_item is not None and has_ended(
            event_item, now)

    steps = plan_feed(
        definition.name, previous,
        (Candidate(uid=e.uid, event_key=e.event.key, content_hash=e.content_hash)
         for e in entries.values()),
        now=now, grace=definition.grace, is_over=is_over,
    )
    items, bodies = _publish(definition, steps, entries, now, cancelled)
    data = _header(definition) + _timezones(bodies) + b"".join(bodies) + _END
    folder = out_dir / PRIVATE_DIR if definition.private else out_dir
    path = folder / definition.filename
    written = write_if_changed(path, data)
    # the state is saved once the feed is written: a build that fails midway leaves none behind
    store.save_feed_items(definition.name, items)
    actions = Counter(step.action.value for step in steps)
    log.info("feed %s: %d entries %s%s", definition.name, len(bodies), dict(actions),
             "" if written else " (unchanged)")
    result = FeedResult(
        name=definition.name, path=path, entries=len(bodies), actions=dict(actions),
        written=written,
    )
    return result, selected, list(entries.values())


def _build_follow_ups(feed: ReminderFeed, *, store: Store, out_dir: Path, now: dt.datetime
                      ) -> FeedResult:
    """Write the follow-ups feed and keep its state, like every other feed's."""
    definition = feed.definition
    items, data, actions = publish_reminders(feed, store.load_feed_items(definition.name), now=now)
    path = (out_dir / PRIVATE_DIR if definition.private else out_dir) / definition.filename
    written = write_if_changed(path, data)
    store.save_feed_items(definition.name, items)
    entries = sum(count for action, count in actions.items() if Action(action).published)
    return FeedResult(name=definition.name, path=path, entries=entries, actions=dict(actions),
                      written=written)


def build_feeds(
    definitions: Sequence[FeedDefinition],
    events: Iterable[Event],
    *,
    store: Store,
    out_dir: str | Path,
    now: dt.datetime,
    profile: Profile | None = None,
    base_url: str | None = None,
    ranker: Ranker | None = None,
    follow_ups: ReminderFeed | None = None,
    title: str = "eventscout feeds",
    talk_cfps: Iterable[TalkCfp] = (),
    chosen: Sequence[ChosenFeed] = (),
) -> BuildResult:
    """Build every feed in ``definitions`` from ``events`` into ``out_dir``, plus ``index.html``.

    ``follow_ups`` is the follow-ups feed (:mod:`~eventscout.feeds.follow_ups`), built first and
    never listed on the index page.

    ``profile`` is the profile of feeds that name none; ``now`` is the build time (the DTSTAMP of
    what changes, and the ranker's "now"); ``base_url`` is where ``out_dir`` will be reachable,
    for the subscribe links of the index page (``https://me.github.io/events/``).
    ``talk_cfps`` are the open calls for papers that fit the person's talks
    (``eventscout.plan.cfp_deadlines``): deadline feeds name the talks and add dated reminders.
    ``chosen`` are feeds whose events were chosen elsewhere, such as the year plan.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(dt.UTC)
    rank = ranker or _default_ranker
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    # kept as given when it is a tuple: a caller's ranker may recognise the events it has ranked
    event_list = events if isinstance(events, tuple) else tuple(events)
    # the ranker leaves cancelled events out: their entries leave the feed as "Cancelled: "
    cancelled = frozenset(e.key for e in event_list if e.status is EventStatus.CANCELLED)
    notes = group_by_event(talk_cfps)
    taken = {d.name for d in definitions}
    for feed in chosen:
        if feed.definition.name in taken:
            raise ConfigError(f"a feed is already called {feed.definition.name!r}, the name of "
                              f"the {feed.label.casefold()} feed", key="feeds")
        taken.add(feed.definition.name)
    rankings: dict[int, Sequence[MatchLike]] = {}
    results: list[FeedResult] = []
    summaries: list[FeedSummary] = []
    if follow_ups is not None:
        if follow_ups.definition.name in taken:
            raise ConfigError(f"a feed is already called {follow_ups.definition.name!r}, the name "
                              "of the follow-ups feed (set [people] feed = \"none\" to use it)",
                              key="feeds")
        results.append(_build_follow_ups(follow_ups, store=store, out_dir=directory, now=now))
    for definition in definitions:
        feed_profile = definition.profile or profile
        if feed_profile is None:
            raise ConfigError("no profile: give the feed a profile or the run a [profile]",
                              key=f"feeds.{definition.name}.profile")
        if id(feed_profile) not in rankings:
            rankings[id(feed_profile)] = rank(event_list, feed_profile, now)
        result, selected, entries = _build_one(
            definition, rankings[id(feed_profile)], store=store, out_dir=directory, now=now,
            cancelled=cancelled, events=event_list, talk_cfps=notes,
        )
        results.append(result)
        summaries.append(FeedSummary(
            definition=definition, entries=result.entries,
            highlights=tuple(
                highlight(m.event, m.score, [r.text for r in shown(definition, m).reasons])
                for m in selected[:HIGHLIGHTS]
            ),
            deadlines=tuple(
                DeadlineLine(kind=e.kind, closes=e.deadline, url=e.event.url,
                             title=e.event.title + (f" (for “{'”, “'.join(e.talks.talks)}”)"
                                                    if e.talks is not None else ""))
                for e in entries if e.deadline is not None
            ),
        ))
    for feed in chosen:
        result, selected, _ = _build_one(
            feed.definition, feed.matches, store=store, out_dir=directory, now=now,
            cancelled=cancelled, events=event_list, chosen=True,
        )
        results.append(result)
        summaries.append(FeedSummary(
            definition=feed.definition, entries=result.entries, label=feed.label,
            highlights=tuple(
                highlight(m.event, m.score, [r.text for r in shown(feed.definition, m).reasons])
                for m in selected[:HIGHLIGHTS]
            ),
        ))
    index = directory / "index.html"
    owner = profile.name if profile is not None else None
    write_if_changed(index, render_index(summaries, base_url=base_url, title=title, owner=owner))
    return BuildResult(out_dir=directory, feeds=tuple(results), index=index)
