"""The year plan: every limit binds, going and dismissed are honoured, and every reason is true."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

import pytest
from plan_helpers import BERLIN, chosen_titles, match

from eventscout.errors import ConfigError
from eventscout.model import EventKind
from eventscout.plan import (
    PLAN_SECTION,
    Action,
    PlanSettings,
    cost_event,
    make_plan,
    read_plan_settings,
    render_plan,
)
from eventscout.rank import BusyPeriod


def three_priced() -> list:
    return [match("Alpha", 0.9, "2027-02-01", price=600), match("Beta", 0.8, "2027-05-01", price=500),
            match("Gamma", 0.7, "2027-09-01", price=400)]


def test_the_yearly_budget_binds_and_says_by_how_much() -> None:
    loose = make_plan(three_priced(), PlanSettings(), year=2027)
    assert chosen_titles(loose) == ["Alpha", "Beta", "Gamma"]
    tight = make_plan(three_priced(), PlanSettings(yearly_budget=Decimal(1000)), year=2027)
    assert chosen_titles(tight) == ["Alpha", "Gamma"]
    (beta,) = tight.left_out
    assert beta.signal == "budget"
    assert beta.reason == "left out: would exceed the yearly budget (1,500 EUR of 1,000 EUR)"
    assert tight.totals.cost == Decimal(1000)
    assert tight.optimal and tight.method == "exact"


def test_max_events_binds() -> None:
    plan = make_plan(three_priced(), PlanSettings(max_events=2), year=2027)
    assert chosen_titles(plan) == ["Alpha", "Beta"]
    assert plan.left_out[0].reason == "left out: the plan already has 2 events, the most allowed is 2"


def test_days_away_bind_and_online_events_take_none() -> None:
    matches = [match("Far Conf", 0.9, "2027-03-01", "2027-03-03", city="Lisbon"),
               match("Near Days", 0.5, "2027-04-01", "2027-04-02", city="Potsdam"),
               match("Online Camp", 0.3, "2027-05-01", "2027-05-05")]
    loose = make_plan(matches, PlanSettings(), year=2027, home=BERLIN)
    far = next(e.candidate for e in loose.chosen if e.event.title == "Far Conf")
    near = next(e.candidate for e in loose.chosen if e.event.title == "Near Days")
    assert (far.days_away, far.nights) == (4, 3)  # three days, travelling the day before
    assert (near.days_away, near.nights) == (2, 1)  # Potsdam is a day trip away
    tight = make_plan(matches, PlanSettings(max_days_away=3), year=2027, home=BERLIN)
    assert chosen_titles(tight) == ["Near Days", "Online Camp"]
    (left,) = tight.left_out
    assert left.reason == "left out: would exceed the days away (6 of 3)"


def test_travel_is_the_round_trip_per_km_plus_nights() -> None:
    settings = PlanSettings(per_km=Decimal("0.30"), per_night=Decimal(100))
    candidate = cost_event(match("Munich Days", 0.5, "2027-06-01", "2027-06-02",
                                 city="Munich", price=250).event, 0.5, settings, home=BERLIN)
    assert candidate.distance_km == pytest.approx(504, abs=5)
    km = Decimal(str(round(2 * candidate.distance_km)))
    assert candidate.travel == km * Decimal("0.30") + 2 * 100
    assert candidate.cost == candidate.travel + 250


def test_an_unknown_distance_is_said() -> None:
    candidate = cost_event(match("Somewhere", 0.5, "2027-06-01", city="Berlin").event, 0.5,
                           PlanSettings(), home=None)
    assert "distance unknown: travel counted as nights only" in candidate.notes
    assert candidate.nights == 1


def test_no_two_overlapping_events_and_the_reason_names_the_winner() -> None:
    matches = [match("PyCon DE", 0.82, "2027-04-10", "2027-04-12"),
               match("DataFest", 0.75, "2027-04-12", "2027-04-13")]
    plan = make_plan(matches, PlanSettings(), year=2027)
    assert chosen_titles(plan) == ["PyCon DE"]
    assert plan.left_out[0].reason == "left out: overlaps PyCon DE, which scores higher (0.82 vs 0.75)"
    apart = [match("PyCon DE", 0.82, "2027-04-10", "2027-04-12"),
             match("DataFest", 0.75, "2027-04-13", "2027-04-14")]
    assert chosen_titles(make_plan(apart, PlanSettings(), year=2027)) == ["DataFest", "PyCon DE"]


def test_a_lower_scoring_overlap_can_win_and_the_reason_does_not_claim_otherwise() -> None:
    matches = [match("Big", 0.9, "2027-04-10", "2027-04-13"),
               match("Small A", 0.6, "2027-04-10"), match("Small B", 0.6, "2027-04-13")]
    plan = make_plan(matches, PlanSettings(), year=2027)
    assert chosen_titles(plan) == ["Small A", "Small B"]
    (big,) = plan.left_out
    assert "scores higher" not in big.reason
    assert big.reason.startswith("left out: overlaps Small ")
    assert big.reason.endswith("; no plan with this event instead scores more in total")


def test_busy_times_keep_events_out() -> None:
    busy = [BusyPeriod(start=dt.datetime(2027, 5, 1, 9, tzinfo=dt.UTC),
                       end=dt.datetime(2027, 5, 1, 17, tzinfo=dt.UTC), summary="Team offsite")]
    free = make_plan(three_priced(), PlanSettings(), year=2027)
    taken = make_plan(three_priced(), PlanSettings(), year=2027, busy=busy)
    assert "Beta" in chosen_titles(free) and "Beta" not in chosen_titles(taken)
    assert taken.left_out[0].reason == "left out: clashes with your busy time 'Team offsite'"


def test_going_is_always_in_and_dismissed_never() -> None:
    matches = three_priced()
    alpha, beta = matches[0].event.key, matches[1].event.key
    plan = make_plan(matches, PlanSettings(yearly_budget=Decimal(500)), year=2027,
                     going=[alpha], dismissed=[beta])
    assert chosen_titles(plan) == ["Alpha"]
    by_title = {e.event.title: e for e in plan.entries}
    assert by_title["Alpha"].reason.startswith("in: you marked it going")
    assert by_title["Beta"].reason == "left out: you dismissed it"
    assert by_title["Gamma"].reason == "left out: would exceed the yearly budget (1,000 EUR of 500 EUR)"
    assert plan.warnings == ("the events marked going alone go over the limit budget (600 of 500)",)


def test_the_balance_of_actions_binds() -> None:
    matches = [match("Conf One", 0.9, "2027-02-01", kind="conference"),
               match("Conf Two", 0.8, "2027-03-01", kind="conference"),
               match("Mentor Circle", 0.4, "2027-04-01", kind="mentorship")]
    assert len(make_plan(matches, PlanSettings(), year=2027).chosen) == 3
    plan = make_plan(matches, PlanSettings(balance={Action.CONFERENCE: 1}), year=2027)
    assert chosen_titles(plan) == ["Conf One", "Mentor Circle"]
    assert plan.left_out[0].reason == ("left out: the plan already has 1 conference event, "
                                       "the most the balance allows is 1")


def test_an_accepted_talk_has_its_travel_and_ticket_covered() -> None:
    matches = [match("Lisbon Summit", 0.6, "2027-06-01", "2027-06-02", city="Lisbon", price=700,
                     kind=EventKind.CONFERENCE)]
    settings = PlanSettings(yearly_budget=Decimal(300))
    assert make_plan(matches, settings, year=2027, home=BERLIN).chosen == ()
    plan = make_plan(matches, settings, year=2027, home=BERLIN, talks=[matches[0].event.key])
    (entry,) = plan.chosen
    assert entry.candidate.cost == 0 and entry.candidate.action is Action.SPEAKING
    assert "travel covered for the speaker" in entry.reason
    paid = PlanSettings(yearly_budget=Decimal(300), talk_travel_covered=False)
    assert make_plan(matches, paid, year=2027, home=BERLIN, talks=[matches[0].event.key]).chosen == ()


def test_events_of_another_year_are_left_out() -> None:
    plan = make_plan([match("Next Year", 0.9, "2028-01-05")], PlanSettings(), year=2027)
    assert plan.left_out[0].reason == "left out: not in 2027"


def test_every_limit_reason_is_true_on_a_random_year() -> None:
    rng = random.Random(3)
    matches = []
    for n in range(60):
        start = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randrange(360))
        end = start + dt.timedelta(days=rng.randrange(3))
        matches.append(match(f"Event {n}", round(rng.uniform(0.1, 1), 2), start.isoformat(),
                             end.isoformat(), price=rng.randrange(0, 900)))
    settings = PlanSettings(yearly_budget=Decimal(3000), max_events=8)
    plan = make_plan(matches, settings, year=2027)
    assert plan.method == "heuristic"
    spans = [(e.event.first_day, e.event.last_day) for e in plan.chosen]
    for entry in plan.left_out:
        c = entry.candidate
        if entry.signal == "overlap":
            assert any(a <= c.event.last_day and c.event.first_day <= b for a, b in spans)
        elif entry.signal == "budget":
            assert plan.totals.cost + c.cost > settings.yearly_budget
        elif entry.signal == "max_events":
            assert plan.totals.events == 8
        else:
            pytest.fail(f"unexpected reason {entry.reason}")
    assert plan.totals.cost <= settings.yearly_budget and plan.totals.events <= 8


def test_the_plan_does_not_depend_on_input_order() -> None:
    matches = [match(f"E{n}", 0.1 + n / 20, f"2027-{n % 12 + 1:02d}-{n % 27 + 1:02d}", price=100 * n)
               for n in range(16)]
    settings = PlanSettings(yearly_budget=Decimal(2500))
    first = make_plan(matches, settings, year=2027)
    second = make_plan(list(reversed(matches)), settings, year=2027)
    assert [e.reason for e in first.entries] == [e.reason for e in second.entries]


def test_the_table_shows_totals_per_quarter_and_reasons() -> None:
    plan = make_plan(three_priced(), PlanSettings(yearly_budget=Decimal(1000), max_events=4),
                     year=2027)
    text = render_plan(plan)
    assert "Year plan 2027 (exact optimum): 2 of 3 events" in text
    assert "Total: 1,000 EUR of 1,000 EUR" in text and "2 of 4 events" in text
    assert "Q1 1 event, 600 EUR, 0 days | Q2 0 events, 0 EUR, 0 days | Q3 1 event, 400 EUR" in text
    assert "2027-05-01  Beta: would exceed the yearly budget" in text


def test_settings_are_read_strictly_from_the_spec() -> None:
    settings = read_plan_settings({"yearly_budget": {"amount": 1500, "currency": "usd"},
                                   "max_days_away": 12, "balance": {"conference": 3},
                                   "travel_per_km": 0.2})
    assert settings.yearly_budget == 1500 and settings.currency == "USD"
    assert settings.balance == {Action.CONFERENCE: 3} and settings.per_km == Decimal("0.2")
    with pytest.raises(ConfigError, match="did you mean 'max_events'"):
        read_plan_settings({"max_event": 3}, path="me.toml")
    with pytest.raises(ConfigError, match="unknown action 'talks'"):
        read_plan_settings({"balance": {"talks": 1}})


def test_the_how_to_lists_every_plan_key() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "how-to" / "plan-your-year.md").read_text(
        encoding="utf-8")
    for key in PLAN_SECTION.keys:
        assert f"`{key}`" in page, key


def test_hybrid_counts_as_in_person_and_moved_online_as_online() -> None:
    hybrid = match("Hybrid Summit", 0.5, "2027-06-01", city="Lisbon", attendance="hybrid").event
    moved = match("Moved Summit", 0.5, "2027-06-01", city="Lisbon", status="moved_online").event
    assert cost_event(hybrid, 0.5, PlanSettings(), home=BERLIN).days_away == 2
    assert cost_event(moved, 0.5, PlanSettings(), home=BERLIN).days_away == 0
