"""Busy calendars: read from .ics, recurring entries expanded, clashes found."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from rank_helpers import event

from eventscout.errors import ConfigError
from eventscout.profile import Profile
from eventscout.rank import rank_events
from eventscout.sources.busy import load_busy_calendar, read_busy_calendar


def test_reads_periods_and_expands_recurrences(data_dir, now):  # type: ignore[no-untyped-def]
    periods = load_busy_calendar(str(data_dir / "busy" / "team.ics"), now=now, days=365)
    summaries = [p.summary for p in periods]
    assert summaries.count("Team offsite") == 1
    # weekly on Mondays, 20 times from 2027-01-04: those after now (2027-01-15) remain
    assert summaries.count("Choir rehearsal") == 18
    assert "Cancelled trip" not in summaries and "Reminder only" not in summaries
    offsite = next(p for p in periods if p.summary == "Team offsite")
    assert offsite.start == dt.datetime(2027, 3, 10, tzinfo=dt.UTC)
    assert offsite.end == dt.datetime(2027, 3, 13, tzinfo=dt.UTC)


def test_the_busy_calendars_periods_steer_the_ranking(data_dir, now):  # type: ignore[no-untyped-def]
    """The calendar is read by the sources' reader (as the pipeline does); the ranker gets periods."""
    profile = Profile(interests={"python": 1.0}, busy_calendar=str(data_dir / "busy" / "team.ics"))
    periods = load_busy_calendar(str(profile.busy_calendar), now=now, days=profile.horizon_days)
    clash = event("PyCon Offsite", "2027-03-12")
    evening = event("Python Evening", start=dt.datetime(2027, 2, 1, 17, 30, tzinfo=dt.UTC),
                    end=dt.datetime(2027, 2, 1, 19, 0, tzinfo=dt.UTC))  # Monday 18:30 Berlin
    free = event("Python Day", "2027-03-20")
    ranking = rank_events([clash, evening, free], profile, now=now, busy=periods)
    texts = {m.event.title: [r.text for r in m.reasons] for m in ranking.matches}
    assert "conflicts with Team offsite" in texts["PyCon Offsite"]
    assert "conflicts with Choir rehearsal" in texts["Python Evening"]
    assert not any(t.startswith("conflicts") for t in texts["Python Day"])
    no_busy = rank_events([clash, evening, free], attrs.evolve(profile, busy_calendar=None),
                          now=now, busy=[])
    before = {m.event.title: m.score for m in no_busy.matches}
    after = {m.event.title: m.score for m in ranking.matches}
    assert after["PyCon Offsite"] < before["PyCon Offsite"]


def test_busy_calendar_url_needs_a_fetch_function(now):  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="fetch"):
        load_busy_calendar("https://example.org/me.ics", now=now)
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n" \
           b"DTSTAMP:20270101T000000Z\r\nDTSTART:20270201T100000Z\r\n" \
           b"DTEND:20270201T110000Z\r\nSUMMARY:Review\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    periods = load_busy_calendar("https://example.org/me.ics", now=now,
                                 fetch=lambda url: data)
    assert [p.summary for p in periods] == ["Review"]


def test_unreadable_busy_calendar_fails_clearly(tmp_path, now):  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="busy calendar"):
        load_busy_calendar(str(tmp_path / "missing.ics"), now=now)
    with pytest.raises(ConfigError, match="iCalendar"):
        read_busy_calendar(b"not a calendar", start=now, end=now + dt.timedelta(days=1))


def test_the_ranker_reads_no_files_and_says_so(data_dir, now, caplog):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"python": 1.0}, busy_calendar=str(data_dir / "busy" / "team.ics"))
    ranking = rank_events([event("PyCon Offsite", "2027-03-12")], profile, now=now)
    assert not any(r.text.startswith("conflicts") for m in ranking.matches for r in m.reasons)
    assert "not read: pass busy=load_busy_calendar" in caplog.text
