"""``rank_events``: exclusions first, then the signals, then feedback, clashes and diversity.

For every event: the practical rules may exclude it (with the reason kept); otherwise interests,
goals, place and price make its relevance (see :mod:`eventscout.rank.weights`), the person's
verdicts and busy calendar move it, and finally the top of the list is thinned of repeated
editions. The output never depends on the input order: events are sorted by score, then by date,
key and title.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
from collections.abc import Iterable, Sequence

from .._collector import collector_paused
from ..model import Event
from ..profile import Profile
from ._types import Exclusion, Explained, Match, Ranking, UnknownInterest
from .busy import BusyCalendar, BusyPeriod
from .diversity import WINDOW, most_like_above, series_key
from .explain import Ranked, ordered
from .feedback import Feedback
from .geocode import Geocoder
from .index import RankIndex
from .practical import Practicalities
from .signals import Case, Interests, RankContext, Signal, SignalFactory, Stage, default_signals

__all__ = ["COLUMNAR_FROM", "rank", "rank_events"]

#: from this many events on, the built-in signals are worked out over columns and matches are
#: explained when read (``rank/_columnar.py``). Below it the per-event path is as fast or faster
#: for a caller that reads every match, as the pipeline does (6,000 real events: 0.15 s both ways)
COLUMNAR_FROM = 10_000

log = logging.getLogger(__name__)

#: a scored event: its sort key, score, the event and its reasons
_Scored = tuple[tuple[float, dt.date, str, str, str], float, Event, list[Ranked]]


def _order(score: float, event: Event) -> tuple[float, dt.date, str, str, str]:
    """Best first; ties broken by date, identity key and title so input order never matters."""
    start = event.start
    day = start.date() if isinstance(start, dt.datetime) else start
    return (-score, day, event.key, event.title, event.source)


_first = operator.itemgetter(0)


def _busy_from_profile(profile: Profile) -> list[BusyPeriod]:
    """No periods were given: the ranker reads no files, so a profile's calendar is not checked."""
    if profile.busy_calendar:
        log.warning("busy calendar %s not read: pass busy=load_busy_calendar(...) "
                    "(eventscout.sources.busy) to rank_events; clashes are not checked",
                    profile.busy_calendar)
    return []


class _Ranker:
    """One ranking: the context, the signals in stage order, and the interests seen."""

    def __init__(self, profile: Profile, now: dt.datetime, busy: Sequence[BusyPeriod],
                 geocoder: Geocoder, events: Sequence[Event],
                 signals: SignalFactory | None) -> None:
        self.context = RankContext(profile, now, Practicalities(profile, now, geocoder),
                                   Feedback(profile, events), BusyCalendar(busy))
        made = (signals or default_signals)(self.context)
        for signal in made:
            if not isinstance(signal, Signal):
                raise TypeError(f"{signal!r} is not a Signal (name, stage, weight, judge)")
        #: stable: within a stage the factory's order is kept, so sums add up in that order
        self.signals = sorted(made, key=operator.attrgetter("stage"))
        self.topics = [s for s in self.signals if isinstance(s, Interests)]

    def unknown_interests(self) -> tuple[UnknownInterest, ...]:
        """The profile's interests that neither the vocabulary nor any event has shown."""
        vocabulary = self.context.vocabulary
        seen: set[str] = set().union(*(signal.seen for signal in self.topics))
        unknown = [name for name in sorted(self.context.interests.interests)
                   if name not in seen and not vocabulary.knows(name)]
        if not unknown:
            return ()
        from rapidfuzz import fuzz, process

        phrases = vocabulary.phrases()
        found = []
        for name in unknown:
            near = tuple(match for match, _score, _index in process.extract(
                name, phrases, scorer=fuzz.WRatio, limit=3, score_cutoff=70))
            item = UnknownInterest(interest=name, near=near)
            log.warning("%s", item)
            found.append(item)
        return tuple(found)

    def judge(self, event: Event, case: Case) -> tuple[float, list[Ranked], bool] | Exclusion:
        """``(score, reasons, on_topic)`` for a kept event, the :class:`Exclusion` for one left
        out. Topic parts, then the sum of the practical parts, then the adjustments are added in
        that order (one float sum, the same whatever signal list made it)."""
        score = 0.0
        practical = 0.0
        later: list[float] = []
        reasons: list[Ranked] = []
        for signal in self.signals:
            part = signal.judge(event, case)
            if part is None:
                continue
            terms, said, excluded = part
            if excluded is not None:
                return Exclusion(event=event, signal=excluded[0], reason=excluded[1])
            stage = signal.stage
            if stage is Stage.PRACTICAL:
                for term in terms:
                    practical += term
            elif stage is Stage.TOPIC:
                for term in terms:
                    score += term
            else:
                later += terms
            reasons += said
        score += practical
        for term in later:
            score += term
        return min(1.0, max(0.0, score)), reasons, case.on_topic

    def diversify(self, scored: list[_Scored]) -> None:
        """Penalise, in place, further editions of a series already ranked above (top window)."""
        strength = self.context.weights.diversity
        if strength <= 0:
            return
        window = scored[:WINDOW]
        events = [event for _key, _score, event, _reasons in window]
        keys = [series_key(event) for event in events]
        alike = most_like_above(events, keys)
        for index, ((_key, score, event, reasons), (best, place)) in enumerate(
                zip(window, alike, strict=True)):
            if place is None:
                continue
            like = window[place][2]
            cut = score * strength * best
            same = keys[index] == keys[place]
            if same and event.first_day == like.first_day:
                text = f"listed twice: the other listing of {like.title} ranks higher"
            elif same:
                text = f"another edition of {like.title} ranks higher"
            else:
                text = f"similar to {like.title}, which ranks higher"
            reasons.append(self.context.book.reason("diversity", -cut, text))
            scored[index] = (_order(score - cut, event), score - cut, event, reasons)


def rank_events(
    events: Iterable[Event] | RankIndex,
    profile: Profile,
    *,
    now: dt.datetime | None = None,
    busy: Sequence[BusyPeriod] | None = None,
    geocoder: Geocoder | None = None,
    index: RankIndex | None = None,
    signals: SignalFactory | None = None,
) -> Ranking:
    """Rank ``events`` for ``profile``: matches best first with reasons, and the exclusions.

    ``now`` defaults to the current UTC time; ``busy`` are the person's busy periods (read the
    profile's ``busy_calendar`` with :func:`eventscout.sources.busy.load_busy_calendar`, as the
    pipeline does; the ranker reads no files); ``geocoder`` to the offline gazetteer (a new
    :class:`GazetteerGeocoder` per call, or the index's). ``events`` may be a
    :class:`RankIndex`, or ``index`` one built from these very events: the profile-independent
    work is then not done again. ``signals`` replaces :func:`~eventscout.rank.signals.
    default_signals` (a factory given the ranking's context).
    """
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got {now.isoformat()}")
    if isinstance(events, RankIndex):
        index = events
    elif index is not None:
        items = events if isinstance(events, Sequence) else list(events)
        if len(items) != len(index.events) or any(
                a is not b for a, b in zip(items, index.events, strict=True)):
            raise ValueError("the index was built from other events: pass the index alone")
    if index is None:
        index = RankIndex.build(events, geocoder=geocoder)  # type: ignore[arg-type]
    with collector_paused():
        return _rank(index, profile, now, busy, geocoder or index.geocoder, signals)


def _rank(index: RankIndex, profile: Profile, now: dt.datetime,
          busy: Sequence[BusyPeriod] | None, geocoder: Geocoder,
          signals: SignalFactory | None) -> Ranking:
    if busy is None:
        busy = _busy_from_profile(profile)
    ranker = _Ranker(profile, now, busy, geocoder, index.events, signals)
    context = ranker.context
    # the floor measures relevance: a profile naming no interest and no goal has none to measure
    floor = profile.relevance_floor if (context.interests.interests or context.goals.goals) else 0.0
    if len(index) >= COLUMNAR_FROM:
        from ._columnar import supports  # NumPy loads only for a large ranking

        if supports(ranker.signals):
            return _rank_columns(ranker, index, floor)
    return _rank_each(ranker, index, floor)


def _rank_each(ranker: _Ranker, index: RankIndex, floor: float) -> Ranking:
    """The per-event path: every signal judges every event in turn."""
    practical = ranker.context.practical
    judge = ranker.judge
    scored: list[_Scored] = []
    excluded: list[Exclusion] = []
    on_topic: dict[int, bool] = {}
    for event, mode, point in zip(index.events, index.modes, index.points, strict=True):
        verdict = judge(event, Case.of(mode, point, practical))
        if isinstance(verdict, Exclusion):
            excluded.append(verdict)
            continue
        score, reasons, topical = verdict
        if not topical:
            on_topic[id(event)] = False
        scored.append((_order(score, event), score, event, reasons))
    scored.sort(key=_first)
    ranker.diversify(scored)
    scored.sort(key=_first)
    matches = [
        Match(event=event, score=score, reasons=ordered(reasons),
              relevant=score >= floor and on_topic.get(id(event), True))
        for _key, score, event, reasons in scored
    ]
    excluded.sort(key=lambda item: (item.signal, item.event.first_day, item.event.key,
                                    item.event.title))
    return Ranking(matches=matches, excluded=excluded,
                   unknown_interests=ranker.unknown_interests(), floor=floor)


def _rank_columns(ranker: _Ranker, index: RankIndex, floor: float) -> Ranking:
    """The columnar path (``rank/_columnar.py``): the same scores and order, explained lazily."""
    import numpy as np

    from ._columnar import rank_columns

    outcome = rank_columns(ranker, index)
    practical = ranker.context.practical
    events, kept, scores = index.events, outcome.kept, outcome.scores
    # clashes between editions are judged on the top window, as in the per-event path
    window: list[_Scored] = [(_order(float(scores[n]), events[n]), float(scores[n]), events[n], [])
              for n in kept[:WINDOW].tolist()]
    ranker.diversify(window)
    extra: dict[int, list[Ranked]] = {}
    scores = scores.copy()
    for number, (_key, score, _event, reasons) in zip(kept[:WINDOW].tolist(), window,
                                                      strict=True):
        if reasons:
            extra[number] = reasons
            scores[number] = score
    if extra:
        kept = index.columns.best_first_again(kept, scores, np.fromiter(extra, dtype=np.int64))
    relevant = (scores[kept] >= floor) & outcome.on_topic[kept]
    flags = relevant.tolist()
    numbers = kept.tolist()

    def match(position: int) -> Match:
        number = numbers[position]
        verdict = ranker.judge(events[number], Case.of(index.modes[number], index.points[number], practical))
        if isinstance(verdict, Exclusion):
            raise RuntimeError(f"the columnar ranking kept {events[number].title!r}, which the "
                               f"per-event rules exclude ({verdict.signal})")
        _score, reasons, _topical = verdict
        return Match(event=events[number], score=float(scores[number]),
                     reasons=ordered(reasons + extra.get(number, [])), relevant=flags[position])

    def exclusion(position: int) -> Exclusion:
        number = outcome.excluded()[position]
        verdict = ranker.judge(events[number], Case.of(index.modes[number], index.points[number], practical))
        if not isinstance(verdict, Exclusion):
            raise RuntimeError(f"the columnar ranking excluded {events[number].title!r}, which "
                               "the per-event rules keep")
        return verdict

    return Ranking(matches=Explained(len(numbers), match, flags),
                   excluded=Explained(outcome.excluded_count, exclusion),
                   unknown_interests=ranker.unknown_interests(), floor=floor)


def rank(events: Iterable[Event], profile: Profile, *, now: dt.datetime | None = None) -> list[Match]:
    """The matches of :func:`rank_events`, best first."""
    return list(rank_events(events, profile, now=now).matches)
