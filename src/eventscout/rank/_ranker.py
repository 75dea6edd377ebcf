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
from ._types import Exclusion, Match, Ranking, UnknownInterest
from .busy import BusyCalendar, BusyPeriod
from .diversity import WINDOW, series_key, similarity
from .explain import Ranked, ReasonBook, _and, interests_sentence, language_name, ordered
from .feedback import Feedback
from .geocode import GazetteerGeocoder, Geocoder
from .goals import GoalScorer
from .interests import InterestHit, InterestScorer
from .practical import Practicalities
from .vocabulary import Vocabulary
from .weights import SignalWeights

__all__ = ["rank", "rank_events"]

log = logging.getLogger(__name__)

_geocoder = GazetteerGeocoder()

#: what goals, place and price count for an event on none of the profile's interests (only
#: near one, or on none): practical merits must not lift an off-topic event over on-topic ones
OFF_TOPIC_FACTOR = 0.4
#: the same for an event only near an interest ("related: data")
RELATED_FACTOR = 0.7


def _interest_text(direct: Sequence[InterestHit]) -> str:
    """ "matches your interest agile; agile is under your interest leadership": an interest met
    through a narrower term names that term, so the reason never claims more than was seen."""
    exact = [hit for hit in direct if not hit.within]
    parts = []
    if exact:
        parts.append(interests_sentence(tuple(hit.interest for hit in exact[:3]),
                                        exact[0].phrase))
    under: dict[str, list[str]] = {}
    for hit in direct:
        if hit.within:
            under.setdefault(hit.phrase, []).append(hit.interest)
    for phrase, parents in list(under.items())[:2]:
        plural = "interests" if len(parents) > 1 else "interest"
        parts.append(f"{phrase} is under your {plural} {_and(parents[:3])}")
    return "; ".join(parts)


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
    def __init__(self, profile: Profile, now: dt.datetime, busy: Sequence[BusyPeriod],
                 geocoder: Geocoder, events: Sequence[Event]) -> None:
        self.profile = profile
        self.now = now
        self.weights = SignalWeights().updated(getattr(profile, "weights", {}) or {})
        self.vocabulary = Vocabulary(user=profile.vocabulary)
        self.interests = InterestScorer(profile.interests, self.vocabulary)
        #: interests some event met (directly or as related): the rest may be unknown terms
        self.seen: set[str] = set()
        self.goals = GoalScorer(profile.goals)
        self.practical = Practicalities(profile, now, geocoder)
        self.busy = BusyCalendar(busy)
        self.feedback = Feedback(profile, events)
        self.book = ReasonBook()
        w = self.weights
        used = w.place + w.price
        used += w.interests if self.interests.interests else 0.0
        used += w.goals if self.goals.goals else 0.0
        self.norm = used or 1.0
        self.has_feedback = bool(self.feedback)
        self.has_busy = bool(self.busy)
        #: what full evidence for each goal adds to the score
        self.goal_parts = {
            goal: w.goals * weight / (self.goals.total * self.norm)
            for goal, weight in self.goals.goals.items()
        }

    def unknown_interests(self) -> tuple[UnknownInterest, ...]:
        """The profile's interests that neither the vocabulary nor any event has shown."""
        unknown = [name for name in sorted(self.interests.interests)
                   if name not in self.seen and not self.vocabulary.knows(name)]
        if not unknown:
            return ()
        from rapidfuzz import fuzz, process

        phrases = self.vocabulary.phrases()
        found = []
        for name in unknown:
            near = tuple(match for match, _score, _index in process.extract(
                name, phrases, scorer=fuzz.WRatio, limit=3, score_cutoff=70))
            item = UnknownInterest(interest=name, near=near)
            log.warning("%s", item)
            found.append(item)
        return tuple(found)

    def judge(self, event: Event) -> tuple[float, list[Ranked], bool] | tuple[str, str]:
        """``(score, reasons, on_topic)`` for a kept event, ``(signal, reason)`` for an excluded
        one."""
        practical = self.practical
        mode = practical.mode(event)
        excluded = practical.exclusion(event, mode)
        if excluded is not None:
            return excluded
        distance = practical.distance(event, mode)
        excluded = practical.too_far(distance, mode)
        if excluded is not None:
            return excluded
        if self.has_feedback and self.feedback.dismissed(event):
            return "dismissed", "you dismissed this event"
        w, norm, book = self.weights, self.norm, self.book
        reasons: list[Ranked] = []
        score = 0.0
        on_topic = True
        if self.interests.interests:
            value, hits = self.interests.score(event)
            direct = [hit for hit in hits if not hit.related]
            on_topic = bool(direct)
            if value:
                part = w.interests * value / norm
                score += part
                self.seen.update(hit.interest for hit in hits)
                if direct:
                    reasons.append(book.reason("interests", part, _interest_text(direct)))
                else:
                    phrases = sorted({hit.phrase for hit in hits})[:3]
                    reasons.append(book.reason("interests", part, "related: " + _and(phrases)))
        practical_score = 0.0
        damp = 1.0 if on_topic else (RELATED_FACTOR if score else OFF_TOPIC_FACTOR)
        if self.goals.goals:
            evidence = self.goals.evidence(event, self.now)
            for item in evidence:
                part = self.goal_parts[item.goal] * item.strength * damp
                practical_score += part
                reasons.append(book.reason(item.goal.value, part, item.text))
        place, place_text = practical.place(distance, mode)
        practical_score += w.place * place / norm * damp
        if place_text:
            reasons.append(book.reason("distance", w.place * place / norm * damp, place_text))
        price, price_text = practical.price(event)
        practical_score += w.price * price / norm * damp
        if price_text:
            reasons.append(book.reason("price", w.price * price / norm * damp, price_text))
        score += practical_score
        spoken = practical.spoken(event)
        if spoken:
            score += w.language
            reasons.append(book.reason("language", w.language, f"held in {language_name(spoken)}, which you follow"))
        if self.has_feedback:
            signal = self.feedback.signal(event)
            if signal.up_text:
                score += w.feedback * signal.up
                reasons.append(book.reason("feedback", w.feedback * signal.up, signal.up_text))
            if signal.down_text:
                score -= w.feedback * signal.down
                reasons.append(book.reason("feedback", -w.feedback * signal.down,
                                           signal.down_text))
        if self.has_busy:
            clashes = self.busy.conflicts(event)
            if clashes:
                score -= w.conflict
                busy = sorted({period.summary for period in clashes})
                reasons.append(book.reason("conflict", -w.conflict,
                                           "conflicts with " + " and ".join(busy[:2])))
        return min(1.0, max(0.0, score)), reasons, on_topic

    def diversify(self, scored: list[tuple[tuple[float, dt.date, str, str, str], float, Event,
                                          list[Ranked]]]) -> None:
        """Penalise, in place, further editions of a series already ranked above (top window)."""
        strength = self.weights.diversity
        if strength <= 0:
            return
        above: list[Event] = []
        for index, (_key, score, event, reasons) in enumerate(scored[:WINDOW]):
            best, like = 0.0, None
            for other in above:
                value = similarity(event, other)
                if value > best:
                    best, like = value, other
            above.append(event)
            if like is None:
                continue
            cut = score * strength * best
            same = series_key(event) == series_key(like)
            if same and event.first_day == like.first_day:
                text = f"listed twice: the other listing of {like.title} ranks higher"
            elif same:
                text = f"another edition of {like.title} ranks higher"
            else:
                text = f"similar to {like.title}, which ranks higher"
            reasons.append(self.book.reason("diversity", -cut, text))
            scored[index] = (_order(score - cut, event), score - cut, event, reasons)


def rank_events(
    events: Iterable[Event],
    profile: Profile,
    *,
    now: dt.datetime | None = None,
    busy: Sequence[BusyPeriod] | None = None,
    geocoder: Geocoder | None = None,
) -> Ranking:
    """Rank ``events`` for ``profile``: matches best first with reasons, and the exclusions.

    ``now`` defaults to the current UTC time; ``busy`` are the person's busy periods (read the
    profile's ``busy_calendar`` with :func:`eventscout.sources.busy.load_busy_calendar`, as the
    pipeline does; the ranker reads no files); ``geocoder`` to the offline gazetteer.
    """
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got {now.isoformat()}")
    items = list(events)
    with collector_paused():
        return _rank(items, profile, now, busy, geocoder)


def _rank(items: list[Event], profile: Profile, now: dt.datetime,
          busy: Sequence[BusyPeriod] | None, geocoder: Geocoder | None) -> Ranking:
    if busy is None:
        busy = _busy_from_profile(profile)
    ranker = _Ranker(profile, now, busy, geocoder or _geocoder, items)
    scored: list[tuple[tuple[float, dt.date, str, str, str], float, Event, list[Ranked]]] = []
    excluded: list[Exclusion] = []
    on_topic: dict[int, bool] = {}
    for event in items:
        verdict = ranker.judge(event)
        if len(verdict) == 2:
            signal, why = verdict
            excluded.append(Exclusion(event=event, signal=str(signal), reason=str(why)))
        else:
            score, reasons, topical = verdict
            if not topical:
                on_topic[id(event)] = False
            scored.append((_order(score, event), score, event, reasons))
    scored.sort(key=_first)
    ranker.diversify(scored)
    scored.sort(key=_first)
    # the floor measures relevance: a profile naming no interest and no goal has none to measure
    floor = profile.relevance_floor if (ranker.interests.interests or ranker.goals.goals) else 0.0
    matches = [
        Match(event=event, score=score, reasons=ordered(reasons),
              relevant=score >= floor and on_topic.get(id(event), True))
        for _key, score, event, reasons in scored
    ]
    excluded.sort(key=lambda item: (item.signal, item.event.first_day, item.event.key,
                                    item.event.title))
    return Ranking(matches=matches, excluded=excluded,
                   unknown_interests=ranker.unknown_interests(), floor=floor)


def rank(events: Iterable[Event], profile: Profile, *, now: dt.datetime | None = None) -> list[Match]:
    """The matches of :func:`rank_events`, best first."""
    return rank_events(events, profile, now=now).matches
