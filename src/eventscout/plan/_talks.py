"""The CFP pipeline: talks, their submissions to events, and the deadlines worth a reminder.

A :class:`Talk` has a title, an abstract file (as written in the talks file, read relative to it)
and tags. A :class:`Submission` follows one talk to one event through the states

    idea → drafting → submitted → accepted | rejected,  and withdrawn from any open state

(:data:`TRANSITIONS`; rejected and withdrawn are final, an accepted talk can still be withdrawn).
Any other change raises :class:`IllegalTransition`, naming the talk, the event and what is allowed.
A :class:`TalkBook` holds both and changes by returning a new book; it is kept in a TOML file
written atomically (:func:`load_talks`, :func:`save_talks`)::

    [[talk]]
    title = "Plans that fit"
    abstract = "talks/plans.md"
    tags = ["python", "optimisation"]

    [[submission]]
    talk = "Plans that fit"
    event = "PyCon DE 2027"
    state = "submitted"
    updated = 2027-01-10

:func:`cfp_deadlines` lists, for each talk, the open calls for papers of events whose topics share
one of its tags, with reminder days 14, 3 and 1 days before the call closes.

:meth:`TalkBook.find_talk` and :meth:`TalkBook.find_submission` find what a person names on the
command line (an exact title, else a unique part of one); none or several raise
:class:`~eventscout.errors.EventNotFound` listing the candidates. Without a ``[plan] talks`` key
the file is :func:`default_talks_path`, in the user data folder beside the store.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from attrs import evolve, field, frozen

from ..errors import ConfigError, EventNotFound
from ..files import write_atomically
from ..model import Event
from ..settings import Choice, Option, Section, Text, Texts, Where
from ..text import normalize_name
from ..tomlfile import DAY, dumps_tables, read_rows, read_toml

__all__ = ["REMINDER_DAYS", "TRANSITIONS", "CfpDeadline", "IllegalTransition", "State",
           "Submission", "Talk", "TalkBook", "cfp_deadlines", "default_talks_path", "load_talks",
           "save_talks"]

#: the days before a call for papers closes on which a talk that fits it is reminded
REMINDER_DAYS = (14, 3, 1)


def default_talks_path() -> Path:
    """The talks file when the config names none: ``talks.toml`` in the user data folder."""
    import platformdirs

    return platformdirs.user_data_path("eventscout", appauthor=False) / "talks.toml"


class State(enum.StrEnum):
    """Where a submission stands."""

    IDEA = "idea"
    DRAFTING = "drafting"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


#: the legal next states of each state
TRANSITIONS: Mapping[State, frozenset[State]] = {
    State.IDEA: frozenset({State.DRAFTING, State.WITHDRAWN}),
    State.DRAFTING: frozenset({State.SUBMITTED, State.WITHDRAWN}),
    State.SUBMITTED: frozenset({State.ACCEPTED, State.REJECTED, State.WITHDRAWN}),
    State.ACCEPTED: frozenset({State.WITHDRAWN}),
    State.REJECTED: frozenset(),
    State.WITHDRAWN: frozenset(),
}


class IllegalTransition(ConfigError):
    """A submission was asked to change state in a way the pipeline does not allow."""


def _tags(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip().casefold() for v in values if v.strip()))


@frozen(kw_only=True)
class Talk:
    """A talk one can submit: title, abstract file (as written), tags."""

    title: str
    abstract: str | None = None
    tags: tuple[str, ...] = field(default=(), converter=_tags)


@frozen(kw_only=True)
class Submission:
    """One talk at one event, in ``state`` since ``updated``."""

    talk: str
    event: str
    state: State = State.IDEA
    event_key: str | None = None
    updated: dt.date | None = None

    def matches(self, talk: str, event: str) -> bool:
        """Whether this is ``talk`` at ``event`` (event by title or key; case ignored)."""
        return (normalize_name(self.talk) == normalize_name(talk)
                and (self.event_key == event or normalize_name(self.event) == normalize_name(event)))


@frozen(kw_only=True)
class TalkBook:
    """Talks and submissions."""

    talks: tuple[Talk, ...] = ()
    submissions: tuple[Submission, ...] = ()

    def talk(self, title: str) -> Talk | None:
        wanted = normalize_name(title)
        return next((t for t in self.talks if normalize_name(t.title) == wanted), None)

    def add_talk(self, talk: Talk) -> TalkBook:
        """The book with ``talk`` added (a talk of the same title is an error)."""
        if self.talk(talk.title) is not None:
            raise ConfigError(f"there is already a talk called {talk.title!r}")
        return evolve(self, talks=(*self.talks, talk))

    def propose(self, talk: str, event: str, *, event_key: str | None = None,
                on: dt.date | None = None) -> TalkBook:
        """The book with a new submission of ``talk`` to ``event``, as an idea."""
        if self.talk(talk) is None:
            raise ConfigError(f"no talk called {talk!r}; add it first")
        if any(s.matches(talk, event_key or event) or s.matches(talk, event)
               for s in self.submissions):
            raise ConfigError(f"{talk!r} at {event!r} is already in the pipeline")
        known = self.talk(talk)
        assert known is not None
        new = Submission(talk=known.title, event=event, event_key=event_key, updated=on)
        return evolve(self, submissions=(*self.submissions, new))

    def move(self, talk: str, event: str, to: State | str, *, on: dt.date | None = None) -> TalkBook:
        """The book with the submission of ``talk`` at ``event`` (title or key) moved to ``to``;
        a change :data:`TRANSITIONS` does not allow raises :class:`IllegalTransition`."""
        target = State(to)
        found = [s for s in self.submissions if s.matches(talk, event)]
        if not found:
            raise ConfigError(f"no submission of {talk!r} at {event!r}")
        current = found[0]
        if target not in TRANSITIONS[current.state]:
            allowed = ", ".join(sorted(TRANSITIONS[current.state])) or "nothing, it is final"
            raise IllegalTransition(f"{current.talk!r} at {current.event!r} cannot go from "
                                    f"{current.state} to {target} (from {current.state}: {allowed})")
        moved = evolve(current, state=target, updated=on)
        return evolve(self, submissions=tuple(moved if s is current else s for s in self.submissions))

    def find_talk(self, query: str) -> Talk:
        """The talk ``query`` names: its title (case and punctuation aside), else the one talk
        whose title contains it; none or several: :class:`EventNotFound` with the candidates."""
        exact = self.talk(query)
        if exact is not None:
            return exact
        wanted = normalize_name(query)
        found = [t for t in self.talks if wanted and wanted in normalize_name(t.title)]
        if len(found) == 1:
            return found[0]
        if found:
            raise EventNotFound(f"{query!r} matches {len(found)} talks; name one by its title:",
                                candidates=tuple(t.title for t in found))
        raise EventNotFound(f"no talk called {query!r}"
                            + ("; the talks are:" if self.talks else
                               " (there are none yet: `eventscout talk add TITLE` adds one)"),
                            candidates=tuple(t.title for t in self.talks))

    def find_submission(self, talk: str, event: str) -> Submission:
        """The submission of the talk ``talk`` names at the event ``event`` names: its key, its
        exact title, else the one of this talk's events whose title contains it; none or several:
        :class:`EventNotFound` listing this talk's submissions."""
        known = self.find_talk(talk)
        mine = [s for s in self.submissions if normalize_name(s.talk) == normalize_name(known.title)]
        wanted = normalize_name(event)
        for found in ([s for s in mine if s.matches(known.title, event)],
                      [s for s in mine if wanted and wanted in normalize_name(s.event)]):
            if len(found) == 1:
                return found[0]
            if found:
                raise EventNotFound(f"{event!r} matches {len(found)} submissions of "
                                    f"{known.title!r}; name the event by its key:",
                                    candidates=tuple(_submission_line(s) for s in found))
        raise EventNotFound(
            f"{known.title!r} has no submission at {event!r}"
            + ("; its submissions are:" if mine else
               " (`eventscout talk submit TALK --to EVENT` adds one)"),
            candidates=tuple(_submission_line(s) for s in mine))

    def accepted_event_keys(self) -> frozenset[str]:
        """Keys of events where a talk is accepted: :func:`make_plan`'s ``talks``."""
        return frozenset(s.event_key for s in self.submissions
                         if s.state is State.ACCEPTED and s.event_key)

    def accepted_at(self, events: Iterable[Event]) -> frozenset[str]:
        """The keys of ``events`` where a talk is accepted: by the submission's event key, or,
        for a submission written by hand without one, by the event's title (case and
        punctuation aside)."""
        accepted = [s for s in self.submissions if s.state is State.ACCEPTED]
        keys = {s.event_key for s in accepted if s.event_key}
        titles = {normalize_name(s.event) for s in accepted if not s.event_key}
        return frozenset(e.key for e in events
                         if e.key in keys or normalize_name(e.title) in titles)


def _submission_line(submission: Submission) -> str:
    key = f"  {submission.event_key}" if submission.event_key else ""
    return f"{submission.event} ({submission.state}){key}"


@frozen(kw_only=True)
class CfpDeadline:
    """An open call for papers that fits ``talk``: when it closes and the days to be reminded
    (``reminders``: those still ahead; ``leads``: every reminder's days before the closing day,
    as asked, so that alarms built from them stay the same from one day to the next)."""

    talk: Talk
    event: Event
    closes: dt.datetime
    reminders: tuple[dt.date, ...]
    tags: tuple[str, ...]
    leads: tuple[int, ...] = REMINDER_DAYS

    def days_left(self, now: dt.datetime) -> int:
        """Whole days from ``now``'s day to the closing day, both in the deadline's own zone."""
        return (self.closes.date() - now.astimezone(self.closes.tzinfo).date()).days


def _fits(talk: Talk, event: Event) -> tuple[str, ...]:
    topics = {normalize_name(topic) for topic in event.topics}
    words = {word for topic in topics for word in topic.split()}
    return tuple(tag for tag in talk.tags if normalize_name(tag) in topics
                 or (" " not in normalize_name(tag) and normalize_name(tag) in words))


def cfp_deadlines(book: TalkBook, events: Iterable[Event], now: dt.datetime, *,
                  reminder_days: Sequence[int] = REMINDER_DAYS) -> list[CfpDeadline]:
    """The calls still open at ``now`` with a known closing time, whose event's topics share a
    tag with a talk not yet past the drafting stage there; reminders on the days ``reminder_days``
    before the closing day (in the deadline's own zone: Anywhere on Earth for a day-only
    deadline), those still ahead only. Soonest first."""
    result = []
    for event in events:
        cfp = event.cfp
        if cfp is None or cfp.closes is None or not cfp.is_open(now):
            continue
        closing_day = cfp.closes.date()
        for talk in book.talks:
            tags = _fits(talk, event)
            if not tags:
                continue
            done = [s for s in book.submissions if s.matches(talk.title, event.key)
                    or s.matches(talk.title, event.title)]
            if any(s.state not in (State.IDEA, State.DRAFTING) for s in done):
                continue
            days = tuple(day for day in (closing_day - dt.timedelta(days=n)
                                         for n in sorted(reminder_days, reverse=True))
                         if day >= now.astimezone(cfp.closes.tzinfo).date())
            result.append(CfpDeadline(talk=talk, event=event, closes=cfp.closes,
                                      reminders=days, tags=tags,
                                      leads=tuple(sorted(set(reminder_days), reverse=True))))
    return sorted(result, key=lambda d: (d.closes, d.event.key, d.talk.title))


_TALK = Section(title="[[talk]]", doc="A talk.", noun="talk key", options=(
    Option(key="title", reader=Text(), doc="the talk's title (required)"),
    Option(key="abstract", reader=Text(), doc="the abstract file, relative to the talks file"),
    Option(key="tags", reader=Texts(), default="[]", doc="topics the talk fits"),
))
_SUBMISSION = Section(title="[[submission]]", doc="A talk at an event.", noun="submission key",
                      options=(
    Option(key="talk", reader=Text(), doc="the talk's title (required)"),
    Option(key="event", reader=Text(), doc="the event's title (required)"),
    Option(key="state", reader=Choice.of(State), default="idea", doc="where it stands"),
    Option(key="event_key", reader=Text(), doc="the event's identity key"),
    Option(key="updated", reader=DAY, doc="when the state last changed"),
))


def load_talks(path: str | Path) -> TalkBook:
    """The talks file at ``path`` (an empty book when it does not exist); a wrong key or value
    names the file and the key; a submission of an unknown talk is an error too."""
    file = Path(path)
    if not file.exists():
        return TalkBook()
    data = read_toml(file, what="talks")
    where = Where(str(file))
    for key in data:
        if key not in ("talk", "submission"):
            raise where.at(key).fail("unknown table; expected [[talk]] or [[submission]]")
    talks = tuple(Talk(**row) for row in read_rows(data, "talk", _TALK, where, ("title",)))
    book = TalkBook(talks=talks)
    rows = read_rows(data, "submission", _SUBMISSION, where, ("talk", "event"))
    for index, row in enumerate(rows):
        if book.talk(row["talk"]) is None:
            raise where.at("submission").at(index).at("talk").fail(f"no [[talk]] called {row['talk']!r}")
    return evolve(book, submissions=tuple(Submission(**row) for row in rows))


def save_talks(book: TalkBook, path: str | Path) -> None:
    """Write the book to ``path`` atomically, in the format :func:`load_talks` reads."""
    talks = [{"title": t.title, "abstract": t.abstract, "tags": list(t.tags) or None}
             for t in book.talks]
    submissions = [{"talk": s.talk, "event": s.event, "state": s.state.value,
                    "event_key": s.event_key, "updated": s.updated} for s in book.submissions]
    write_atomically(Path(path), dumps_tables("eventscout talks: [[talk]] talks, [[submission]] "
                                              "their submissions to events",
                                              {"talk": talks, "submission": submissions}))
