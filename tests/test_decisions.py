"""Decisions that stick: marking events by key, UID or title, kept in the store across restarts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventscout.cli import main
from eventscout.decisions import apply_decisions, find_event, forget, going_keys, mark
from eventscout.errors import EventNotFound
from eventscout.model import Event
from eventscout.profile import Profile
from eventscout.runner import Store, Verdict

NOW = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)


def event(title: str, day: int, source_id: str) -> Event:
    return Event(title=title, start=dt.date(2027, 3, day), source="s", source_id=source_id)


EVENTS = [event("PyCon DE 2027", 1, "a"), event("Python meetup", 2, "b"),
          event("Python meetup", 9, "c"), event("Rust Nation", 3, "d")]


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "state.sqlite") as opened:
        opened.save_source_events("s", EVENTS, fetched_at=NOW)
        yield opened


def test_an_event_is_found_by_key_uid_exact_title_or_part_of_one():
    pycon = EVENTS[0]
    assert find_event(EVENTS, pycon.key) is pycon
    assert find_event(EVENTS, f"{pycon.key}@eventscout") is pycon
    assert find_event(EVENTS, "pycon de 2027") is pycon
    assert find_event(EVENTS, "Rust") is EVENTS[3]


def test_an_ambiguous_title_lists_the_candidates_with_their_keys():
    with pytest.raises(EventNotFound) as caught:
        find_event(EVENTS, "Python meetup")
    assert len(caught.value.candidates) == 2
    assert all(e.key in str(caught.value) for e in EVENTS[1:3])
    assert "2027-03-02" in str(caught.value)


def test_an_unknown_event_suggests_near_titles():
    with pytest.raises(EventNotFound, match="no event called 'PyCon DE 2026'") as caught:
        find_event(EVENTS, "PyCon DE 2026")
    assert caught.value.candidates and "PyCon DE 2027" in caught.value.candidates[0]


def test_decisions_survive_a_restart_and_can_be_changed_or_forgotten(tmp_path: Path, store):
    mark(store, "PyCon", "going", now=NOW)
    mark(store, "Rust Nation", Verdict.DISMISSED, now=NOW)
    store.close()
    with Store(tmp_path / "state.sqlite") as again:
        kept = {d.title: d.verdict for d in again.decisions()}
        assert kept == {"PyCon DE 2027": Verdict.GOING, "Rust Nation": Verdict.DISMISSED}
        mark(again, "PyCon", "attended", now=NOW)
        assert next(d.verdict for d in again.decisions()) is Verdict.ATTENDED
        assert forget(again, "Rust Nation")[1] is True
        assert forget(again, "Rust Nation")[1] is False
        assert [d.title for d in again.decisions()] == ["PyCon DE 2027"]


def test_decisions_become_the_profiles_feedback(store):
    mark(store, "PyCon", "going", now=NOW)
    mark(store, "Rust Nation", "dismissed", now=NOW)
    profile = apply_decisions(Profile(dismissed=("Old conf",)), store.decisions())
    assert profile.liked == (EVENTS[0].key,)
    assert profile.dismissed == ("Old conf", EVENTS[3].key)
    assert going_keys(store.decisions()) == {EVENTS[0].key}
    assert apply_decisions(profile, store.decisions()) is profile  # nothing new: unchanged


def test_marked_events_steer_the_ranking_and_the_plan(tmp_path: Path, capsys):
    state = str(tmp_path / "s.sqlite")
    args = ["--now", "2027-01-15T12:00:00Z", "--quiet", "--store", state]
    assert main(["run", "-o", str(tmp_path / "r.ics"), *args]) == 0
    assert main(["mark", "Berlin Buzzwords 2027", "dismissed", "--store", state]) == 0
    assert main(["mark", "Rust Nation UK 2027", "going", "--store", state]) == 0
    assert main(["mark", "Python Users Berlin", "going", "--store", state]) == 2
    assert "matches 12 events" in capsys.readouterr().err
    assert main(["decisions", "--store", state]) == 0
    listed = capsys.readouterr().out
    assert "dismissed   Berlin Buzzwords 2027" in listed and "going       Rust Nation UK 2027" in listed
    assert main(["plan", "-o", str(tmp_path / "p.ics"), *args]) == 0
    plan = capsys.readouterr().out
    chosen = plan.split("Total:")[0]
    assert "Rust Nation UK 2027" in chosen and "(going)" in chosen
    assert "Berlin Buzzwords" not in plan
