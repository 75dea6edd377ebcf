"""The main job end to end on the bundled samples: fetch, merge, rank, export."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import icalendar
import pytest
import responses

import eventscout
from eventscout.pipeline import demo_config
from eventscout.testing import FIXED_NOW

NOW = FIXED_NOW


@pytest.fixture
def result(tmp_path: Path) -> eventscout.RunResult:
    return eventscout.run(demo_config(), now=NOW, output=tmp_path / "out.ics",
                          store=tmp_path / "state.sqlite")


def test_the_demo_ranks_upcoming_events_with_reasons(result: eventscout.RunResult) -> None:
    assert result.collection.report.exit_code == 0
    assert result.collection.problems == ()
    matches = result.ranking.matches
    assert len(matches) > 20
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    for match in matches[:10]:
        assert match.event.end_instant() > NOW
        assert match.reasons and all(r.text for r in match.reasons)
    excluded = {e.event.title: e.reason for e in result.ranking.excluded}
    assert any("cancel" in reason for reason in excluded.values())


def test_the_ics_holds_the_top_matches_and_their_cfp_deadlines(result: eventscout.RunResult) -> None:
    assert result.ics_path is not None
    calendar = icalendar.Calendar.from_ical(result.ics_path.read_bytes())
    events = calendar.walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    top = demo_config().output.top
    assert sum(1 for e in events if not str(e["UID"]).startswith("cfp-")) == top
    # the profile values visibility, so open CFPs of exported events get deadline events
    assert any(str(e["UID"]).startswith("cfp-") for e in events), summaries
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_two_runs_give_identical_uids(tmp_path: Path) -> None:
    def uids(folder: str) -> list[str]:
        out = tmp_path / folder / "out.ics"
        eventscout.run(demo_config(), now=NOW, output=out, store=tmp_path / folder / "s.sqlite")
        return re.findall(r"^UID:(.*)$", out.read_text().replace("\r\n", "\n"), re.MULTILINE)

    first, second = uids("a"), uids("b")
    assert first and first == second


def test_the_demo_never_goes_stale(tmp_path: Path) -> None:
    """Run the demo ten years from now: the sample events roll forward and still fill the list."""
    later = dt.datetime(2036, 8, 1, tzinfo=dt.UTC)
    result = eventscout.run(demo_config(), now=later, output="", store=tmp_path / "s.sqlite")
    conferences = [m for m in result.ranking.matches if m.event.all_day]
    assert len(conferences) >= 8
    assert all(later < m.event.end_instant() < later + dt.timedelta(days=366) for m in result.ranking.matches)
    assert result.ics_path is None


BUSY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//busy//EN\r\nBEGIN:VEVENT\r\nUID:offsite@test\r\n"
    "DTSTAMP:20270101T000000Z\r\nSUMMARY:Team offsite\r\nDTSTART;TZID=Europe/Berlin:20270211T180000\r\n"
    "DTEND;TZID=Europe/Berlin:20270211T230000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@responses.activate
def test_a_busy_calendar_url_is_fetched_and_its_conflicts_explained(tmp_path: Path) -> None:
    responses.get("https://cal.example.org/robots.txt", status=404)
    responses.get("https://cal.example.org/busy.ics", body=BUSY, content_type="text/calendar")
    config = demo_config()
    config = attrs.evolve(config, profile=attrs.evolve(config.profile, busy_calendar="https://cal.example.org/busy.ics"))
    result = eventscout.run(config, now=NOW, output="", store=tmp_path / "s.sqlite")
    clashing = [m for m in result.ranking.matches
                if m.event.title.startswith("Python Users Berlin") and m.event.first_day == dt.date(2027, 2, 11)]
    assert len(clashing) == 1
    assert any("Team offsite" in r.text for r in clashing[0].reasons), clashing[0].reasons


@responses.activate
def test_build_uses_a_busy_calendar_url_without_publishing_its_titles(tmp_path: Path) -> None:
    from eventscout.pipeline import build

    responses.get("https://cal.example.org/robots.txt", status=404)
    responses.get("https://cal.example.org/busy.ics", body=BUSY, content_type="text/calendar")
    config = demo_config()
    config = attrs.evolve(config, profile=attrs.evolve(config.profile, busy_calendar="https://cal.example.org/busy.ics"))
    outcome = build(config, out_dir=tmp_path / "site", now=NOW, store=tmp_path / "s.sqlite")
    published = "".join(p.read_bytes().decode() for p in (tmp_path / "site").glob("*.ics")).replace("\r\n ", "")
    assert "conflicts with something in your calendar" in published
    assert "Team offsite" not in published
    assert outcome.collection.report.exit_code == 0


def test_build_ranks_the_main_profile_once_for_the_plan_and_the_feeds(tmp_path: Path,
                                                                       monkeypatch) -> None:
    """The plan feed and the tier feeds share one ranking and one index of the events."""
    import eventscout.pipeline as pipeline
    from eventscout.pipeline import build
    from eventscout.rank import RankIndex

    calls = {"rank": 0, "index": 0}
    rank, index = pipeline.rank_events, RankIndex.build

    def counted_rank(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["rank"] += 1
        return rank(*args, **kwargs)

    def counted_index(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["index"] += 1
        return index(*args, **kwargs)

    monkeypatch.setattr(pipeline, "rank_events", counted_rank)
    monkeypatch.setattr(RankIndex, "build", counted_index)
    result = build(demo_config(), out_dir=tmp_path / "site", store=tmp_path / "s.sqlite",
                   now=dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC))
    assert {feed.name for feed in result.result.feeds} >= {"must-attend", "plan"}
    assert calls == {"rank": 1, "index": 1}
