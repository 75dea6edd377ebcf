"""Decisions that stick: going, interested, dismissed, attended, kept in the store by event key.

:func:`mark` finds the event a person names (its key, its calendar UID, or a title that matches one
event) among the events the sources last delivered, and keeps the verdict in the SQLite store, so it
holds across runs and machines' restarts. :func:`apply_decisions` hands them to the ranker as the
profile's feedback (going and interested count as liked), and the year plan takes the going ones
as fixed. The profile's own ``liked``/``dismissed``/``attended`` lists keep working beside them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import attrs

from .errors import EventNotFound
from .model import Event
from .profile import Profile
from .runner import Decision, Store, Verdict

__all__ = [
    "apply_decisions", "find_event", "forget", "going_keys", "mark", "stored_events",
]

#: how many candidates an error lists at most
_SHOWN = 10


def stored_events(store: Store) -> list[Event]:
    """The events every source last delivered (one per key, the first source's), by first day."""
    seen: dict[str, Event] = {}
    for source in store.sources():
        for event in store.load_source_events(source).events:
            seen.setdefault(event.key, event)
    return sorted(seen.values(), key=lambda e: (e.first_day, e.key))


def _line(event: Event) -> str:
    return f"{event.title} ({event.first_day.isoformat()})  {event.key}"


def find_event(events: Sequence[Event], query: str) -> Event:
    """The one event ``query`` names: a key, a UID (``key@domain``), an exact title (case aside)
    or a part of a title. None or several: :class:`EventNotFound` listing the candidates."""
    text = query.strip()
    key = text.split("@", 1)[0] if "@" in text else text
    by_key = [e for e in events if e.key in (text, key)]
    if len(by_key) == 1:
        return by_key[0]
    folded = text.casefold()
    for found in ([e for e in events if e.title.casefold() == folded],
                  [e for e in events if folded in e.title.casefold()]):
        if len(found) == 1:
            return found[0]
        if found:
            lines = tuple(_line(e) for e in found[:_SHOWN])
            more = f" (the first {_SHOWN} shown)" if len(found) > _SHOWN else ""
            raise EventNotFound(f"{query!r} matches {len(found)} events{more}; name one by its key:",
                                candidates=lines)
    import difflib

    titles = {e.title: e for e in events}
    near = difflib.get_close_matches(text, titles, n=5, cutoff=0.5)
    raise EventNotFound(
        f"no event called {query!r} among the {len(events)} events the sources last delivered"
        + ("; did you mean:" if near else " (run `eventscout run` first to fetch them)"),
        candidates=tuple(_line(titles[title]) for title in near),
    )


def mark(store: Store, query: str, verdict: Verdict | str, *, now: dt.datetime,
         events: Sequence[Event] | None = None) -> Decision:
    """Keep ``verdict`` for the event ``query`` names (see :func:`find_event`); returns it."""
    event = find_event(stored_events(store) if events is None else events, query)
    decision = Decision(event_key=event.key, verdict=Verdict(verdict), title=event.title,
                        first_day=event.first_day, decided_at=now)
    store.save_decision(decision)
    return decision


def forget(store: Store, query: str, *, events: Sequence[Event] | None = None
           ) -> tuple[Event, bool]:
    """Drop the decision on the event ``query`` names; the event, and whether there was one."""
    event = find_event(stored_events(store) if events is None else events, query)
    return event, store.forget_decision(event.key)


def going_keys(decisions: Iterable[Decision]) -> set[str]:
    """The keys of the events the person is going to."""
    return {d.event_key for d in decisions if d.verdict is Verdict.GOING}


def apply_decisions(profile: Profile, decisions: Iterable[Decision]) -> Profile:
    """``profile`` with the decisions added to its feedback lists (by key): going and
    interested as liked, dismissed as dismissed, attended as attended."""
    lists: dict[str, list[str]] = {"liked": list(profile.liked), "dismissed": list(profile.dismissed),
                                   "attended": list(profile.attended)}
    target = {Verdict.GOING: "liked", Verdict.INTERESTED: "liked",
              Verdict.DISMISSED: "dismissed", Verdict.ATTENDED: "attended"}
    changed = False
    for decision in decisions:
        names = lists[target[decision.verdict]]
        if decision.event_key not in names:
            names.append(decision.event_key)
            changed = True
    if not changed:
        return profile
    return attrs.evolve(profile, liked=tuple(lists["liked"]), dismissed=tuple(lists["dismissed"]),
                        attended=tuple(lists["attended"]))
