"""The columnar path (rank/_columnar.py) against the per-event path: the same ranking, to the bit.

Large inputs are ranked over columns and explained lazily; small ones event by event. Both are
run here on the same events by moving the threshold, and every match (event, score, reasons,
relevance), every exclusion (rule and sentence), the unknown interests and the floor counts must
be equal. The events are the real confs.tech dataset, with profiles that switch on every rule.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rank_helpers import confstech_events, event

from eventscout.model import AttendanceMode, BusyPeriod, Event, EventKind
from eventscout.profile import Budget, Goal, Home, Profile
from eventscout.rank import RankIndex, Ranking, rank_events
from eventscout.rank import _ranker as ranker_module
from eventscout.rank._types import Explained
from eventscout.rank.signals import Price, default_signals

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

PROFILES = {
    "data engineer, Amsterdam, budget and languages": Profile(
        interests={"data engineering": 1.0, "python": 0.8, "sql": 0.5, "apache kafka": 0.6},
        goals={Goal.VISIBILITY: 0.8, Goal.JOB_OPPORTUNITIES: 0.5, Goal.LEARNING: 0.6},
        home=Home(place="Amsterdam"), max_distance_km=800.0,
        budget=Budget(amount=Decimal(400), currency="EUR"), languages=("en",)),
    "designer, Lisbon, regions and formats": Profile(
        interests={"ux": 1.0, "accessibility": 0.7, "design": 0.8},
        goals={Goal.MENTORSHIP: 0.9, Goal.SUPPORT: 0.5, Goal.PARTNERSHIPS: 0.3},
        home=Home(place="Lisbon"), regions=frozenset({"EU", "online"}),
        formats=frozenset({AttendanceMode.IN_PERSON, AttendanceMode.HYBRID}),
        exclude_kinds=frozenset({EventKind.WEBINAR}), horizon_days=500),
    "verdicts and no home": Profile(
        interests={"javascript": 1.0, "react": 0.9, "kubernetes": 0.4},
        liked=("JSConf EU", "React Summit"), dismissed=("KubeCon + CloudNativeCon Europe",),
        attended=("NodeConf EU",), relevance_floor=0.2),
    "goals only": Profile(goals={Goal.SUPPORT: 1.0, Goal.LEARNING: 0.4},
                          home=Home(place="New York"), max_distance_km=3000.0),
    "nothing named": Profile(),
}

BUSY = [BusyPeriod(start=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
                   end=dt.datetime(2025, 3, 20, tzinfo=dt.UTC), summary="Family trip"),
        BusyPeriod(start=dt.datetime(2025, 6, 2, 9, tzinfo=dt.UTC),
                   end=dt.datetime(2025, 6, 2, 17, tzinfo=dt.UTC), summary="Board meeting")]


@pytest.fixture(scope="module")
def confs(shared_data) -> list[Event]:  # type: ignore[no-untyped-def]
    return confstech_events(shared_data, NOW)


def _both(monkeypatch: pytest.MonkeyPatch, index: RankIndex, profile: Profile,
          **options: object) -> tuple[Ranking, Ranking]:
    monkeypatch.setattr(ranker_module, "COLUMNAR_FROM", 10**9)
    each = rank_events(index, profile, now=NOW, **options)  # type: ignore[arg-type]
    monkeypatch.setattr(ranker_module, "COLUMNAR_FROM", 0)
    columns = rank_events(index, profile, now=NOW, **options)  # type: ignore[arg-type]
    assert isinstance(columns.matches, Explained)
    assert not isinstance(each.matches, Explained)
    return each, columns


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_columnar_path_ranks_exactly_as_the_per_event_path(
        confs, monkeypatch: pytest.MonkeyPatch, name: str) -> None:  # type: ignore[no-untyped-def]
    index = RankIndex.build(confs)
    each, columns = _both(monkeypatch, index, PROFILES[name], busy=BUSY)
    # the floor counts come from the columns without explaining every match
    assert columns.below_floor == each.below_floor
    assert [m.event.key for m in columns.relevant] == [m.event.key for m in each.relevant]
    assert len(columns.matches) == len(each.matches)
    for mine, theirs in zip(columns.matches, each.matches, strict=True):
        assert mine == theirs, mine.event.title
    assert list(columns.excluded) == list(each.excluded)
    assert columns.unknown_interests == each.unknown_interests
    assert columns.floor == each.floor


def test_a_second_profile_over_the_same_columns_is_ranked_exactly(
        confs, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The columns keep what one ranking read (goal words, series): the next must not be
    misled by what the first left unread."""
    index = RankIndex.build(confs)
    monkeypatch.setattr(ranker_module, "COLUMNAR_FROM", 0)
    rank_events(index, PROFILES["data engineer, Amsterdam, budget and languages"], now=NOW)
    each, columns = _both(monkeypatch, index, PROFILES["designer, Lisbon, regions and formats"])
    assert list(columns.matches) == list(each.matches)
    assert list(columns.excluded) == list(each.excluded)


def test_matches_are_explained_when_read_and_behave_as_a_list(
        confs, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    index = RankIndex.build(confs)
    each, columns = _both(monkeypatch, index, PROFILES["data engineer, Amsterdam, budget and languages"])
    matches = columns.matches
    assert isinstance(matches, Explained)
    top = matches[:5]
    assert top == each.matches[:5]
    assert len(matches._made) == 5  # only what was read is explained
    assert matches[-1] == each.matches[-1]
    assert matches[0] is matches[0]  # explained once, then kept
    assert matches == each.matches
    with pytest.raises(IndexError):
        matches[len(matches)]


def test_signals_of_ones_own_are_ranked_event_by_event(
        confs, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def signals(context):  # type: ignore[no-untyped-def]
        return default_signals(context)

    monkeypatch.setattr(ranker_module, "COLUMNAR_FROM", 0)
    ranking = rank_events(confs, PROFILES["goals only"], now=NOW, signals=signals)
    assert isinstance(ranking.matches, Explained)  # the built-in signals, from a factory

    class DoublePrice(Price):
        """A built-in signal's subclass: it may judge differently, so no columns are used."""

        def value(self, event, case):  # type: ignore[no-untyped-def]
            value, text = super().value(event, case)
            return 2 * value, text

    def custom(context):  # type: ignore[no-untyped-def]
        return [DoublePrice(context) if type(s) is Price else s for s in default_signals(context)]

    ranking = rank_events(confs, PROFILES["goals only"], now=NOW, signals=custom)
    assert not isinstance(ranking.matches, Explained)


def test_small_inputs_are_ranked_event_by_event() -> None:
    items = [event("PyCon Berlin", topics=("python",), city="Berlin", country="DE")]
    ranking = rank_events(items, Profile(interests={"python": 1.0}),
                          now=dt.datetime(2027, 1, 15, tzinfo=dt.UTC))
    assert isinstance(ranking.matches, list)
    assert ranking.matches[0].event.title == "PyCon Berlin"


def test_instants_in_the_hour_a_clock_change_repeats_are_judged_by_their_instant(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two datetimes of one zone compare by wall clock in Python: 02:30 CEST (00:30 UTC) is not
    "before" 02:10 CET (01:10 UTC) then. Both paths judge the instants (found in review)."""
    from zoneinfo import ZoneInfo

    from eventscout.model import CallForPapers

    berlin = ZoneInfo("Europe/Berlin")
    ended = dt.datetime(2026, 10, 25, 2, 30, tzinfo=berlin)  # fold 0: CEST, 00:30 UTC
    now = dt.datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=berlin)  # CET, 01:10 UTC
    items = [Event(title="Night hack", start=ended - dt.timedelta(hours=1), end=ended),
             Event(title="Speak at X", start=dt.datetime(2026, 12, 1, 10, tzinfo=berlin),
                   cfp=CallForPapers(closes=ended))]
    index = RankIndex.build(items)
    profile = Profile(goals={Goal.VISIBILITY: 1.0})
    for threshold in (10**9, 0):
        monkeypatch.setattr(ranker_module, "COLUMNAR_FROM", threshold)
        ranking = rank_events(index, profile, now=now)
        assert [(x.event.title, x.signal) for x in ranking.excluded] == [("Night hack", "past")]
        [match] = ranking.matches
        assert not any("CFP" in reason.text for reason in match.reasons)  # the call has closed
