"""Feed entries: what a public feed may say, and which bytes may decide its VTIMEZONEs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import icalendar
from feeds_helpers import NOW, in_order, sample_events

from eventscout.feeds import FeedDefinition, Tier, build_feeds
from eventscout.feeds.entries import CONFLICT_TEXT, tzids_in
from eventscout.profile import Profile
from eventscout.rank import rank_events
from eventscout.sources.busy import load_busy_calendar
from eventscout.store import Store

SECRET = "Job interview at Competitor GmbH"


def _busy_calendar(path: Path) -> Path:
    """A person's own calendar with one appointment during the keynote (2027-03-10, Berlin)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//test//busy//EN")
    calendar.add("version", "2.0")
    busy = icalendar.Event()
    busy.add("uid", "busy-1@test")
    busy.add("dtstamp", NOW)
    busy.add("summary", SECRET)
    busy.add("dtstart", dt.datetime(2027, 3, 10, 8, 0, tzinfo=dt.UTC))
    busy.add("dtend", dt.datetime(2027, 3, 10, 10, 0, tzinfo=dt.UTC))
    calendar.add_component(busy)
    path.write_bytes(calendar.to_ical())
    return path


def _real_ranker(events, profile, now):
    """The ranker as the pipeline runs it: the busy calendar read by the sources' reader."""
    busy = load_busy_calendar(profile.busy_calendar, now=now) if profile.busy_calendar else []
    return rank_events(events, profile, now=now, busy=busy).matches


def test_public_feeds_and_the_index_never_name_a_busy_appointment(tmp_path):
    profile = Profile(busy_calendar=str(_busy_calendar(tmp_path / "busy.ics")))
    public = FeedDefinition(name="must", tier=Tier.MUST_ATTEND)
    deadlines = FeedDefinition(name="deadlines", tier=Tier.DEADLINES)
    mine = FeedDefinition(name="mine", private=True)
    with Store(tmp_path / "state.db") as store:
        result = build_feeds([public, deadlines, mine], sample_events(), store=store,
                             out_dir=tmp_path / "out", now=NOW, profile=profile,
                             ranker=_real_ranker)
    unfolded = {name: result.feed(name).path.read_text(encoding="utf-8").replace("\r\n ", "")
                for name in ("must", "deadlines", "mine")}
    # the ranker did see the clash, and the private feed keeps its owner's own words
    assert SECRET in unfolded["mine"]
    for name in ("must", "deadlines"):
        assert "Competitor" not in unfolded[name]
        assert CONFLICT_TEXT in unfolded[name]
    page = result.index.read_text(encoding="utf-8")
    assert "Competitor" not in page
    assert CONFLICT_TEXT in page


def test_a_description_that_looks_like_a_tzid_does_not_break_the_build(tmp_path, caplog):
    events = sample_events()
    poisoned = attrs.evolve(events[2], description="Bring a laptop, see ;TZID=Europe:2027 for details")
    definitions = [FeedDefinition(name="must"), FeedDefinition(name="plan", tasks=True)]
    with Store(tmp_path / "state.db") as store:
        for day in range(2):  # the second build publishes the cached bytes again
            result = build_feeds(definitions, [events[0], events[1], poisoned], store=store,
                                 out_dir=tmp_path / "out", now=NOW + dt.timedelta(days=day),
                                 profile=Profile(), ranker=in_order)
    data = result.feed("must").path.read_bytes()
    assert b"Europe:2027" in data.replace(b"\r\n ", b"")
    zones = {str(c["TZID"]) for c in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")}
    assert zones == {"Europe/Berlin", "America/New_York"}


def test_only_property_lines_name_timezones():
    body = (b"BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20270310T093000\r\n"
            b"DTEND;TZID=Europe/Berlin:20270310T110000\r\n"
            b"DESCRIPTION:see \\;TZID=Europe:2027 and\\nDTSTART;TZID=Mars/Base:2030\r\n"
            b"EXDATE;VALUE=DATE-TIME;TZID=America/New_York:20280101T090000\r\n"
            b"X-NOTE;TZID=Asia/Tokyo:2029\r\nEND:VEVENT\r\n")
    assert tzids_in(body) == {("Europe/Berlin", 2027), ("America/New_York", 2028)}


def test_a_tzid_that_names_no_zone_is_logged_and_skipped(caplog):
    from eventscout.feeds.build import _timezones

    body = (b"DTSTART;TZID=Europe:20270310T093000\r\n"  # a folder of tzdata: IsADirectoryError
            b"DTEND;TZID=Nowhere/Town:20270310T110000\r\n"
            b"DUE;TZID=Europe/Berlin:20270311T110000\r\n")
    zones = icalendar.Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\n" + _timezones([body]) + b"END:VCALENDAR\r\n").walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/Berlin"]
    assert "'Europe'" in caplog.text and "'Nowhere/Town'" in caplog.text
