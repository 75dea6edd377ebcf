"""Evaluate eventscout's ranker against the baselines people have today, on real listings.

Run: ``python benchmarks/ranking/evaluate.py``. Two measurements, each against four baselines
measured in the same run over the same events and the same words:

1. **Judged sets** — nine career profiles (``data/profiles.toml``) over 199 candidate events drawn
   from ../shared/data (confs.tech, developers.events, ai-deadlines; ``data/candidates.json``),
   with graded relevance 0-3 judged per profile (``data/judgments.json``), and six more over 157
   confs.tech 2026 listings (``data/*_2026.*``). NDCG@10 (gain ``2^rel - 1``) and precision@10
   (relevant: grade ≥ 2), per profile and averaged over all profiles.
2. **confs.tech hidden-topic check** — every 2025 confs.tech event with its topic (the file
   name) hidden; for each topic a profile naming only that topic; relevant = the event is listed
   in that topic's file. NDCG@10 averaged over topics (``general`` left out: it names no topic).

Baselines: a **keyword** filter (events whose text contains an interest, soonest first: what
conference sites offer), **BM25** (rank-bm25 Okapi), **BM25 × distance** (BM25 times the place
factor ``1 / (1 + km / 500)``, online 0.7, unknown 0.4) and **TF-IDF** cosine (scikit-learn), all
over the title, topics, description and place, queried with the profile's interest names.

The ``before`` column is eventscout with the second round of issue 9 switched off (no language
presumed for a profile naming none; online worth 0.7 whatever the goals; robotics under the
internet of things in the vocabulary; QCon and InfoQ unknown to it), measured in the same run;
it is not a baseline. The last line reads ``ranking: eventscout=<ndcg> before=<ndcg> bm25=<ndcg>
bm25xdist=<ndcg> tfidf=<ndcg> keyword=<ndcg>`` for the judged set.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from candidates import CONFSTECH, SHARED, confstech_event, load_event  # noqa: E402
from rank_bm25 import BM25Okapi  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics.pairwise import linear_kernel  # noqa: E402

from eventscout import places  # noqa: E402
from eventscout.model import Event  # noqa: E402
from eventscout.profile import Profile  # noqa: E402
from eventscout.rank import rank_events  # noqa: E402
from eventscout.rank.interests import InterestScorer  # noqa: E402
from eventscout.rank.signals import (  # noqa: E402
    Language,
    Place,
    RankContext,
    Signal,
    default_signals,
)
from eventscout.rank.vocabulary import DEFAULT_VOCABULARY, Vocabulary  # noqa: E402

DATA = HERE / "data"
JUDGED_NOW = dt.datetime(2024, 1, 15, 12, 0, tzinfo=dt.UTC)
JUDGED_2026_NOW = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)
HIDDEN_YEAR = "2025"
HIDDEN_NOW = dt.datetime(2024, 12, 31, 12, 0, tzinfo=dt.UTC)
K = 10
_WORD = re.compile(r"\w+")

Ranker = Callable[[Sequence[Event], Profile, dt.datetime], list[int]]


def document(event: Event) -> str:
    """The text the baselines see: everything the ranker's interest signal sees, and the place."""
    place = event.location.describe() if event.location else event.attendance.value
    return " ".join([event.title, " ".join(event.topics), event.description, place])


def _query(profile: Profile) -> list[str]:
    return [word for name in profile.interests for word in _WORD.findall(name.lower())]


def eventscout_order(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[int]:
    position = {id(event): index for index, event in enumerate(events)}
    ranking = rank_events(events, profile, now=now)
    return [position[id(match.event)] for match in ranking.matches]


#: the vocabulary before the second round of issue 9: robotics under the internet of things,
#: QCon and InfoQ not yet known as software development conferences
_BEFORE_VOCABULARY = {
    **DEFAULT_VOCABULARY, "iot": (DEFAULT_VOCABULARY["iot"][0], ("robotics",)),
    "software development": (
        tuple(s for s in DEFAULT_VOCABULARY["software development"][0] if s not in {"qcon", "infoq"}),
        DEFAULT_VOCABULARY["software development"][1]),
}


def _before_signals(context: RankContext) -> list[Signal]:
    """The signals as they were before the second round of issue 9: no language presumed for a
    profile naming none, online worth 0.7 whatever the goals, robotics under iot, no QCon or
    InfoQ in the vocabulary."""
    profile = context.profile
    context.vocabulary = Vocabulary(_BEFORE_VOCABULARY, user=profile.vocabulary)
    context.interests = InterestScorer(profile.interests, context.vocabulary)
    signals = default_signals(context)
    return [Place(context, people_goals=False) if isinstance(signal, Place) else
            Language(context, presume=False) if isinstance(signal, Language) else signal
            for signal in signals]


def before_order(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[int]:
    """eventscout before the language presumption and the goal-aware online value."""
    position = {id(event): index for index, event in enumerate(events)}
    ranking = rank_events(events, profile, now=now, signals=_before_signals)
    return [position[id(match.event)] for match in ranking.matches]


def keyword_order(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[int]:
    patterns = [re.compile(r"\b" + re.escape(name) + r"\b", re.IGNORECASE)
                for name in profile.interests]
    kept = [i for i, event in enumerate(events)
            if any(p.search(document(event)) for p in patterns)]
    return sorted(kept, key=lambda i: (events[i].first_day, i))


def bm25_order(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[int]:
    corpus = [_WORD.findall(document(event).lower()) or ["_"] for event in events]
    scores = BM25Okapi(corpus).get_scores(_query(profile))
    return sorted(range(len(events)), key=lambda i: (-scores[i], i))


def _distance_factor(event: Event, home: tuple[float, float] | None) -> float:
    """What the BM25 x distance baseline multiplies by: 1 / (1 + d / 500 km); online 0.7 and an
    unknown place 0.4 (the same shape eventscout's place signal has, without its hard rules)."""
    if event.location is None or event.attendance.value == "online":
        return 0.7 if event.attendance.value == "online" else 0.4
    if home is None:
        return 0.4
    city = places.find_city(event.location.city, event.location.country) if event.location.city else None
    if city is None:
        return 0.4
    return 1.0 / (1.0 + places.haversine_km(*home, city.latitude, city.longitude) / 500.0)


def _home(profile: Profile) -> tuple[float, float] | None:
    home = profile.home
    if home is None:
        return None
    if home.latitude is not None and home.longitude is not None:
        return home.latitude, home.longitude
    city = places.find_city(home.place, home.country)
    return (city.latitude, city.longitude) if city else None


def bm25_distance_order(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[int]:
    corpus = [_WORD.findall(document(event).lower()) or ["_"] for event in events]
    scores = BM25Okapi(corpus).get_scores(_query(profile))
    home = _home(profile)
    scaled = [score * _distance_factor(event, home) for score, event in zip(scores, events, strict=True)]
    return sorted(range(len(events)), key=lambda i: (-scaled[i], i))


def tfidf_order(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[int]:
    vectorizer = TfidfVectorizer(token_pattern=r"\w+")
    matrix = vectorizer.fit_transform([document(event) for event in events])
    query = vectorizer.transform([" ".join(_query(profile))])
    scores = np.asarray(linear_kernel(query, matrix)).ravel()
    return sorted(range(len(events)), key=lambda i: (-scores[i], i))


RANKERS: dict[str, Ranker] = {
    "eventscout": eventscout_order, "before": before_order, "bm25": bm25_order, "bm25xdist": bm25_distance_order,
    "tfidf": tfidf_order, "keyword": keyword_order,
}


def ndcg(order: Sequence[int], grades: dict[int, int], k: int = K) -> float:
    gains = sorted(grades.values(), reverse=True)[:k]
    ideal = sum((2**g - 1) / math.log2(r + 2) for r, g in enumerate(gains))
    if ideal == 0:
        return 0.0
    got = sum((2 ** grades.get(i, 0) - 1) / math.log2(r + 2) for r, i in enumerate(order[:k]))
    return got / ideal


def precision(order: Sequence[int], grades: dict[int, int], k: int = K) -> float:
    return sum(1 for i in order[:k] if grades.get(i, 0) >= 2) / k


#: the judged sets: (candidates, profiles, judgments, the day they were judged on)
JUDGED_SETS = (
    ("candidates.json", "profiles.toml", "judgments.json", JUDGED_NOW),
    ("candidates_2026.json", "profiles_2026.toml", "judgments_2026.json", JUDGED_2026_NOW),
)


def judged_set() -> tuple[dict[str, dict[str, float]], dict[str, dict[str, tuple[float, float]]]]:
    """Per ranker: mean NDCG@10 and P@10 over every judged profile, and per profile both."""
    per_profile: dict[str, dict[str, tuple[float, float]]] = {}
    totals = {name: {"ndcg": 0.0, "p": 0.0} for name in RANKERS}
    for candidates, profile_file, judgment_file, now in JUDGED_SETS:
        references = json.loads((DATA / candidates).read_text(encoding="utf-8"))
        events = [load_event(reference) for reference in references]
        profiles = tomllib.loads((DATA / profile_file).read_text(encoding="utf-8"))
        judgments = json.loads((DATA / judgment_file).read_text(encoding="utf-8"))
        for key, table in profiles.items():
            profile = Profile.from_mapping(table, path=f"{profile_file} [{key}]")
            grades = {int(i): int(g) for g, items in judgments[key].items() for i in items}
            per_profile[key] = {}
            for name, ranker in RANKERS.items():
                order = ranker(events, profile, now)
                per_profile[key][name] = (ndcg(order, grades), precision(order, grades))
                totals[name]["ndcg"] += per_profile[key][name][0]
                totals[name]["p"] += per_profile[key][name][1]
    count = len(per_profile)
    means = {name: {m: v / count for m, v in values.items()} for name, values in totals.items()}
    return means, per_profile


def hidden_topic() -> tuple[dict[str, float], int, int]:
    """Mean NDCG@10 per ranker over the confs.tech topics of one year, topics hidden."""
    events: list[Event] = []
    topics_of: list[set[str]] = []
    seen: dict[tuple[str, str], int] = {}
    for path in sorted((CONFSTECH / HIDDEN_YEAR).glob("*.json")):
        items = json.loads(path.read_text(encoding="utf-8"))
        for index, item in enumerate(items):
            identity = (item["name"].strip().casefold(), item["startDate"])
            if identity in seen:
                topics_of[seen[identity]].add(path.stem)
                continue
            seen[identity] = len(events)
            events.append(confstech_event(HIDDEN_YEAR, path.stem, index, hide_topic=True))
            topics_of.append({path.stem})
    topics = sorted({t for found in topics_of for t in found} - {"general"})
    totals = dict.fromkeys(RANKERS, 0.0)
    for topic in topics:
        profile = Profile(interests={topic: 1.0}, horizon_days=3650)
        grades = {i: 1 for i, found in enumerate(topics_of) if topic in found}
        for name, ranker in RANKERS.items():
            totals[name] += ndcg(ranker(events, profile, HIDDEN_NOW), grades)
    return {name: value / len(topics) for name, value in totals.items()}, len(topics), len(events)


def main() -> None:
    if not SHARED.is_dir():
        sys.exit(f"the shared datasets are not at {SHARED}")
    judged, per_profile = judged_set()
    hidden, topic_count, event_count = hidden_topic()
    names = list(RANKERS)
    baselines = names[2:]  # not eventscout, not eventscout before
    print(f"judged sets: {len(per_profile)} profiles, NDCG@{K} / P@{K} per profile")
    print(f"{'profile':26}" + "".join(f"{name:>14}" for name in names))
    for key, values in per_profile.items():
        print(f"{key:26}" + "".join(f"{values[n][0]:8.3f}/{values[n][1]:.1f}" for n in names))
    wins = sum(1 for values in per_profile.values()
               if all(values["eventscout"][0] >= values[n][0] - 1e-9 for n in baselines))
    best = max(judged[n]["ndcg"] for n in baselines)
    print(f"eventscout wins or ties {wins} of {len(per_profile)} profiles; macro NDCG@{K} lead "
          f"over the best baseline: {judged['eventscout']['ndcg'] - best:+.3f}")
    print()
    print(f"{'summary':26}" + "".join(f"{name:>12}" for name in names))
    print(f"{'judged NDCG@10':26}" + "".join(f"{judged[n]['ndcg']:12.3f}" for n in names))
    print(f"{'judged P@10':26}" + "".join(f"{judged[n]['p']:12.3f}" for n in names))
    print(f"{'hidden-topic NDCG@10':26}" + "".join(f"{hidden[n]:12.3f}" for n in names))
    print(f"(hidden-topic check: {topic_count} confs.tech {HIDDEN_YEAR} topics over "
          f"{event_count} distinct events)")
    leads = all(judged["eventscout"]["ndcg"] > judged[n]["ndcg"] and
                hidden["eventscout"] > hidden[n] for n in baselines)
    print(f"eventscout leads every baseline on both: {'yes' if leads else 'NO'}")
    print("ranking: " + " ".join(f"{n}={judged[n]['ndcg']:.3f}" for n in names))


if __name__ == "__main__":
    main()
