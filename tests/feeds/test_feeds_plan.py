"""The year plan as the feed plan.ics: built with the other feeds, linked from the index page,
served, parsed by real consumers, and its UIDs kept when the plan changes."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from pathlib import Path

import attrs
import icalendar
from feeds_helpers import NOW, failures, ics_check

from eventscout.pipeline import build, demo_config, plan_year
from eventscout.runner import Decision, Store, Verdict


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as answer:  # 127.0.0.1 only
        return answer.headers["Content-Type"], answer.read()


def events_of(data: bytes) -> dict[str, icalendar.cal.Component]:
    return {str(c["UID"]): c for c in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_the_plan_feed_is_served_linked_and_keeps_its_uids_when_the_plan_changes(
        tmp_path: Path, serve_dir: Callable[..., str]) -> None:
    site, state = tmp_path / "site", tmp_path / "state.sqlite"
    outcome = build(demo_config(), out_dir=site, now=NOW, store=state)
    expected = plan_year(demo_config(), now=NOW, store=tmp_path / "other.sqlite").plan
    assert outcome.result.feed("plan").entries == len(expected.chosen) == 8

    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="feed-plan"' in page and 'href="plan.ics"' in page
    assert "Year plan 2027" in page and "Plan · 8 entries" in page

    base = serve_dir(site)
    kind, data = fetch(f"{base}/plan.ics")
    assert kind == "text/calendar; charset=utf-8"
    first = events_of(data)
    assert {str(c["SUMMARY"]) for c in first.values()} == {e.event.title for e in expected.chosen}
    assert all(uid.endswith("@plan.feeds.eventscout") for uid in first)
    assert all("in your 2027 plan (" in str(c["DESCRIPTION"]) for c in first.values())

    report = ics_check(f"{base}/plan.ics")
    assert failures(report) == [] and report["returncode"] == 0

    # dismiss a chosen event: it leaves as cancelled under its UID, the rest keep theirs
    dropped = next(e.event for e in expected.chosen if e.event.title == "EuroPython 2027")
    with Store(state) as store:
        store.save_decision(Decision(event_key=dropped.key, verdict=Verdict.DISMISSED,
                                     title=dropped.title, first_day=dropped.first_day,
                                     decided_at=NOW))
    later = NOW.replace(hour=18)
    build(demo_config(), out_dir=site, now=later, store=state)
    second = events_of(fetch(f"{base}/plan.ics")[1])
    gone = f"{dropped.key}@plan.feeds.eventscout"
    assert second[gone]["STATUS"] == "CANCELLED" and second[gone]["SEQUENCE"] == 1
    assert set(first) <= set(second)  # no UID vanishes: what left is published as cancelled
    replanned = plan_year(demo_config(), now=later, store=state).plan
    now_in = {f"{e.event.key}@plan.feeds.eventscout" for e in replanned.chosen}
    assert gone not in now_in and now_in - set(first), "the money and days freed go elsewhere"
    confirmed = {uid for uid, c in second.items() if c["STATUS"] == "CONFIRMED"}
    assert confirmed == now_in
    stayed = now_in & set(first)  # events in both plans keep their UID, and their bytes
    assert stayed and all(second[uid].to_ical() == first[uid].to_ical() for uid in stayed)
    for uid in set(first) - now_in:
        assert second[uid]["STATUS"] == "CANCELLED" and second[uid]["SEQUENCE"] == 1


def test_the_plan_feed_can_be_turned_off(tmp_path: Path) -> None:
    config = demo_config()
    config = attrs.evolve(config, plan=attrs.evolve(config.plan, feed=False))
    outcome = build(config, out_dir=tmp_path / "site", now=NOW, store=tmp_path / "s.sqlite")
    assert "plan" not in {feed.name for feed in outcome.result.feeds}
    assert not (tmp_path / "site" / "plan.ics").exists()


def test_a_feed_of_ones_own_called_plan_is_refused_while_the_plan_feed_is_on(
        tmp_path: Path) -> None:
    import pytest

    from eventscout.errors import ConfigError

    config = attrs.evolve(demo_config(), feeds=({"name": "plan", "tier": "must_attend"},))
    with pytest.raises(ConfigError, match="a feed is already called 'plan'"):
        build(config, out_dir=tmp_path / "site", now=NOW, store=tmp_path / "s.sqlite")
    off = attrs.evolve(config, plan=attrs.evolve(config.plan, feed=False))
    outcome = build(off, out_dir=tmp_path / "site", now=NOW, store=tmp_path / "s.sqlite")
    assert [feed.name for feed in outcome.result.feeds if feed.name != "follow-ups"] == ["plan"]
