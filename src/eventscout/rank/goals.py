"""What an event offers each career goal, read from its kind, features, call for papers and words.

The evidence rules, one table per goal (documented in ``docs/ranking.md``). Each rule gives a
strength in [0, 1]; a goal's evidence is the strongest rule that fires, so one clear sign (a career
fair) beats many faint ones. The goal score of an event is the profile-weighted mean of the
evidence over the goals the profile values.

* **job_opportunities** — kind ``career_fair`` 1.0; feature ``job_board``/``hiring``/
  ``career_fair``/``recruiting`` 0.8; words *career fair, job fair, hiring, recruiting, recruiters,
  jobs, careers, employers, talent* 0.7; a ``conference`` 0.3 (large gatherings bring employers and
  their sponsors' booths).
* **mentorship** — kind ``mentorship`` 1.0; feature ``mentoring``/``office_hours``/
  ``first_timers`` 0.8; words *mentor, mentoring, mentorship, office hours, first-timer, newcomer,
  beginner, junior, career advice* 0.7; a ``meetup`` or ``networking`` event 0.4 (small community
  events are where people find mentors).
* **visibility** — an open call for papers with a known closing date 1.0 (no date: 0.6); words
  *call for papers/speakers/proposals, lightning talk, speak, cfp* 0.6; a ``meetup`` 0.3 (meetups
  look for speakers).
* **partnerships** — feature ``expo``/``sponsors``/``exhibitors`` 0.8; words *expo, exhibitor,
  exhibition, sponsor, partner, business, b2b, trade show, startup, investors* 0.7; kind
  ``association_meeting``/``networking`` 0.6; a ``conference`` 0.3.
* **support** — feature ``scholarship``/``diversity``/``childcare`` 0.8; words *scholarship,
  diversity, inclusion, women in, community, peer, support, allies, underrepresented* 0.7; kind
  ``meetup``/``association_meeting`` 0.4.
* **learning** — kind ``workshop`` 1.0, ``webinar`` 0.6, ``hackathon`` 0.6, ``conference`` 0.5;
  feature ``workshops``/``training`` 0.8; words *workshop, tutorial, training, course, bootcamp,
  hands-on, masterclass, learn, certification* 0.7.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import NamedTuple

from attrs import frozen

from ..model import Event, EventKind
from ..profile import Goal
from ._tokens import Tokens, contains_phrase, phrase_tokens, text_tokens, title_tokens

__all__ = ["GOAL_RULES", "SERIES", "GoalEvidence", "GoalScorer", "cfp_days_left"]


@frozen
class _Rules:
    kinds: Mapping[EventKind, float]
    features: frozenset[str]
    feature_strength: float
    words: tuple[str, ...]
    word_strength: float
    #: what the evidence offers the person, for the reason sentence
    offer: str


GOAL_RULES: Mapping[Goal, _Rules] = {
    Goal.JOB_OPPORTUNITIES: _Rules(
        {EventKind.CAREER_FAIR: 1.0},
        frozenset({"job_board", "hiring", "career_fair", "recruiting"}), 0.8,
        ("career fair", "job fair", "jobs fair", "hiring", "recruiting", "recruiters", "jobs",
         "careers", "employers", "talent"), 0.7, "meet employers"),
    Goal.MENTORSHIP: _Rules(
        {EventKind.MENTORSHIP: 1.0},
        frozenset({"mentoring", "office_hours", "first_timers"}), 0.8,
        ("mentor", "mentors", "mentoring", "mentorship", "office hours", "first timer",
         "first timers", "newcomer", "newcomers", "beginner", "beginners", "junior", "juniors",
         "career advice"), 0.7, "find a mentor"),
    Goal.VISIBILITY: _Rules(
        {},
        frozenset({"lightning_talks", "open_mic"}), 0.6,
        ("call for papers", "call for speakers", "call for proposals", "lightning talk",
         "lightning talks", "speakers wanted", "cfp", "unconference", "barcamp",
         "open space", "open spaces"), 0.6, "a chance to speak"),
    Goal.PARTNERSHIPS: _Rules(
        {EventKind.ASSOCIATION_MEETING: 0.6, EventKind.NETWORKING: 0.6},
        frozenset({"expo", "sponsors", "exhibitors"}), 0.8,
        ("expo", "exhibitor", "exhibitors", "exhibition", "sponsors", "b2b", "trade show",
         "trade fair", "startups", "investors"), 0.7, "meet partners and sponsors"),
    Goal.SUPPORT: _Rules(
        {},
        frozenset({"scholarship", "diversity", "childcare"}), 0.8,
        ("scholarship", "scholarships", "diversity", "inclusion", "women in", "allies",
         "underrepresented", "peer support", "supportive community", "community run", "community driven", "community organized"), 0.7,
        "a supportive community"),
    Goal.LEARNING: _Rules(
        {EventKind.WORKSHOP: 1.0, EventKind.HACKATHON: 0.6},
        frozenset({"workshops", "training"}), 0.8,
        ("workshop", "workshops", "tutorial", "tutorials", "training", "trainings", "course",
         "bootcamp", "hands on", "masterclass", "certification", "sprints", "hackathon"), 0.7,
        "hands-on learning"),
}


#: the most a series-table entry counts: what a listing says of itself weighs more than what
#: a series is known for
SERIES_STRENGTH = 0.5


@frozen
class _Series:
    """What a known series offers, from what it is known for (not from its kind)."""

    pattern: re.Pattern[str]
    offers: Mapping[Goal, tuple[float, str]]


#: conference series whose listings rarely say what everyone knows about them. Curated by hand
#: from the series' own descriptions of themselves; each entry says what the reason will claim.
SERIES: tuple[_Series, ...] = (
    _Series(re.compile(r"\b(kubecon|cloudnativecon)\b", re.IGNORECASE), {
        Goal.PARTNERSHIPS: (0.8, "KubeCon has a large sponsor expo"),
        Goal.JOB_OPPORTUNITIES: (0.6, "KubeCon's sponsor expo is full of hiring companies"),
        Goal.LEARNING: (0.7, "KubeCon runs co-located hands-on events")}),
    _Series(re.compile(r"\b(pycon|pydata|europython|djangocon)\b", re.IGNORECASE), {
        Goal.VISIBILITY: (0.6, "PyCons hold lightning talks anyone can sign up for"),
        Goal.LEARNING: (0.7, "PyCons hold tutorials and development sprints"),
        Goal.SUPPORT: (0.6, "PyCons are run by their community, with a code of conduct"),
        Goal.MENTORSHIP: (0.5, "PyCon sprints pair newcomers with maintainers")}),
    _Series(re.compile(r"\bbsides", re.IGNORECASE), {
        Goal.SUPPORT: (0.7, "BSides events are community-run"),
        Goal.VISIBILITY: (0.6, "BSides events welcome first-time speakers")}),
    _Series(re.compile(r"\bdevops ?days\b", re.IGNORECASE), {
        Goal.VISIBILITY: (0.6, "DevOpsDays hold ignite talks and open spaces"),
        Goal.SUPPORT: (0.6, "DevOpsDays are community-run")}),
    _Series(re.compile(r"\b(kcd|kubernetes community days?)\b", re.IGNORECASE), {
        Goal.SUPPORT: (0.6, "Kubernetes Community Days are community-run"),
        Goal.VISIBILITY: (0.5, "Kubernetes Community Days look for local speakers")}),
    _Series(re.compile(r"\bfosdem\b", re.IGNORECASE), {
        Goal.VISIBILITY: (0.6, "FOSDEM holds lightning talks and community devrooms"),
        Goal.SUPPORT: (0.6, "FOSDEM is free and volunteer-run")}),
    _Series(re.compile(r"\bwearedevelopers\b", re.IGNORECASE), {
        Goal.JOB_OPPORTUNITIES: (0.8, "WeAreDevelopers events centre on developer jobs"),
        Goal.PARTNERSHIPS: (0.7, "WeAreDevelopers events have a large expo")}),
    _Series(re.compile(r"\b(gitex|vivatech|techex)\b", re.IGNORECASE), {
        Goal.PARTNERSHIPS: (0.8, "a trade show with a large exhibition floor"),
        Goal.JOB_OPPORTUNITIES: (0.5, "a trade show where many companies recruit")}),
    _Series(re.compile(r"\b(leaddev|ldx3|cto craft)\b", re.IGNORECASE), {
        Goal.LEARNING: (0.6, "talks on leading engineering teams")}),
)


_KIND_WORDS = {
    EventKind.CAREER_FAIR: "career fair", EventKind.MENTORSHIP: "mentoring event",
    EventKind.WORKSHOP: "workshop", EventKind.HACKATHON: "hackathon", EventKind.WEBINAR: "webinar",
    EventKind.MEETUP: "community meetup", EventKind.NETWORKING: "networking event",
    EventKind.ASSOCIATION_MEETING: "association meeting", EventKind.CONFERENCE: "conference",
}


#: what a kind of event offers a goal when the goal's general offer would not fit it
_KIND_OFFERS = {
    (Goal.LEARNING, EventKind.HACKATHON): "learn by building",
}


@functools.cache
def _kind_text(goal: Goal, kind: EventKind) -> str:
    offer = _KIND_OFFERS.get((goal, kind), GOAL_RULES[goal].offer)
    return f"{_KIND_WORDS.get(kind, kind.value)}: {offer}"


@functools.lru_cache(maxsize=65536)
def _series_of(title: str) -> _Series | None:
    return next((series for series in SERIES if series.pattern.search(title)), None)


class GoalEvidence(NamedTuple):
    """How strongly an event serves one goal, and the plain-word reason why."""

    goal: Goal
    strength: float
    text: str


def cfp_days_left(event: Event, now: dt.datetime) -> int | None:
    """Whole days until the event's call for papers closes; None when there is no open CFP
    with a known closing date."""
    cfp = event.cfp
    if cfp is None or cfp.closes is None or cfp.closes <= now:
        return None
    return (cfp.closes - now).days


class GoalScorer:
    """Reads the goal evidence of events for one profile's goal weights."""

    def __init__(self, goals: Mapping[Goal, float]) -> None:
        self.goals = {goal: weight for goal, weight in goals.items() if weight > 0}
        self.total = sum(self.goals.values())
        self._phrases = {
            goal: tuple(phrase_tokens(word) for word in GOAL_RULES[goal].words)
            for goal in self.goals
        }
        self._triggers = {
            goal: frozenset(phrase[0] for phrase in phrases)
            for goal, phrases in self._phrases.items()
        }

    def _word_hit(self, goal: Goal, fields: tuple[Tokens, ...]) -> str | None:
        triggers = self._triggers[goal]
        for tokens in fields:
            if triggers.isdisjoint(tokens.unique):
                continue
            for phrase in self._phrases[goal]:
                if phrase[0] in tokens.unique and contains_phrase(tokens.words, phrase):
                    return " ".join(phrase)
        return None

    def evidence(self, event: Event, now: dt.datetime) -> list[GoalEvidence]:
        """The evidence for every goal the profile values (goals without evidence left out)."""
        if not self.goals:
            return []
        fields: tuple[Tokens, ...] | None = None
        found: list[GoalEvidence] = []
        kind = event.kind
        series = _series_of(event.title)
        for goal in self.goals:
            rules = GOAL_RULES[goal]
            best = rules.kinds.get(kind, 0.0)
            text = _kind_text(goal, kind) if best else ""
            if goal is Goal.VISIBILITY and event.cfp is not None and event.cfp.is_open(now):
                days = cfp_days_left(event, now)
                if days is None:
                    best, text = max(best, 0.6), "open call for papers: a chance to speak"
                else:
                    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
                    best, text = 1.0, f"CFP closes {when}: a chance to speak"
            if best < rules.feature_strength and event.features:
                feature = next(iter(sorted(rules.features & event.features)), None)
                if feature:
                    best = rules.feature_strength
                    text = f"offers {feature.replace('_', ' ')}: {rules.offer}"
            closed_cfp = (goal is Goal.VISIBILITY and event.cfp is not None
                          and not event.cfp.is_open(now))
            if best < rules.word_strength and not closed_cfp:  # "CFP" in a closed call's text
                if fields is None:
                    fields = (title_tokens(event.title), text_tokens(event.description))
                word = self._word_hit(goal, fields)
                if word:
                    best, text = rules.word_strength, f"mentions {word}: {rules.offer}"
            if series:
                offer = series.offers.get(goal)
                if offer is not None and min(offer[0], SERIES_STRENGTH) > best:
                    best, text = min(offer[0], SERIES_STRENGTH), offer[1]
            if best > 0:
                found.append(GoalEvidence(goal, best, text))
        return found

    def score(self, evidence: list[GoalEvidence]) -> float:
        """The profile-weighted mean evidence over the goals the profile values, in [0, 1]."""
        if not self.total:
            return 0.0
        return sum(self.goals[item.goal] * item.strength for item in evidence) / self.total
