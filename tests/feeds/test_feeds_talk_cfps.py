"""Calls for papers that fit a talk, in the deadlines feed: the talk named, alarms 14/3/1 days
before, and dated all-day reminders (for the clients that drop alarms) that follow the state
rules: stable UIDs, moved with the deadline, cancelled once the talk is submitted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from feeds_helpers import NOW, failures, ics_check, in_order

from eventscout.feeds import FeedDefinition, Tier, build_feeds
from eventscout.model import CallForPapers, Event, Location
from eventscout.plan import Talk, TalkBook, cfp_deadlines
from eventscout.profile import Profile
from eventscout.runner import Store

DEADLINES = FeedDefinition(name="deadlines", tier=Tier.DEADLINES)
PROFILE = Profile(name="Ada")


def conference(title: str, closes: str, topics: list[str], **fields: object) -> Event:
    return Event(title=title, start="2027-06-10", end="2027-06-12", topics=topics,
                 location=Location(city="Prague", country="CZ"), source="test",
                 cfp=CallForPapers(url=f"https://{title.split()[0].lower()}.example/cfp",
                                   closes=closes), **fields)  # type: ignore[arg-type]


def talks() -> TalkBook:
    return (TalkBook().add_talk(Talk(title="Plans that fit", tags=["python"]))
            .add_talk(Talk(title="Calendars that stay right", tags=["python", "calendars"])))


def build(site: Path, store: Store, events: list[Event], book: TalkBook,
          now: dt.datetime = NOW) -> dict[str, icalendar.cal.Component]:
    build_feeds([DEADLINES], events, store=store, out_dir=site, now=now, profile=PROFILE,
                ranker=in_order, talk_cfps=cfp_deadlines(book, events, now))
    calendar = icalendar.Calendar.from_ical((site / "deadlines.ics").read_bytes())
    return {str(c["UID"]): c for c in calendar.walk("VEVENT")}


def reminders(entries: dict[str, icalendar.cal.Component]) -> dict[str, icalendar.cal.Component]:
    return {uid: c for uid, c in entries.items() if "@reminders." in uid}


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "state.sqlite") as opened:
        yield opened


def test_a_fitting_call_names_the_talks_and_is_reminded_14_3_and_1_days_before(
        tmp_path: Path, store: Store) -> None:
    events = [conference("PyConf 2027", "2027-02-20", ["python"]),
              conference("RustConf 2027", "2027-02-25", ["rust"])]
    entries = build(tmp_path / "site", store, events, talks())
    pycon_key, rust_key = events[0].key, events[1].key
    cfp = entries[f"cfp-{pycon_key}@deadlines.feeds.eventscout"]
    assert str(cfp["SUMMARY"]) == ("CFP closes: PyConf 2027 (submit “Calendars that stay right” "
                                   "or “Plans that fit”)")
    assert "fit this call (tags: python)" in str(cfp["DESCRIPTION"])
    triggers = sorted(alarm["TRIGGER"].dt for alarm in cfp.walk("VALARM"))
    assert triggers == [-dt.timedelta(days=14), -dt.timedelta(days=3), -dt.timedelta(days=1)]
    # a call no talk fits keeps the feed's own reminders and its plain summary
    rust = entries[f"cfp-{rust_key}@deadlines.feeds.eventscout"]
    assert str(rust["SUMMARY"]) == "CFP closes: RustConf 2027"
    assert len(rust.walk("VALARM")) == 2
    dated = reminders(entries)
    namespace = "reminders.deadlines.feeds.eventscout"
    assert sorted(dated) == sorted(f"cfp-{n}d-{pycon_key}@{namespace}" for n in (14, 3, 1))
    # the call closes 2027-02-20 at the end of the day Anywhere on Earth
    days = {uid.split("-")[1]: c.decoded("DTSTART") for uid, c in dated.items()}
    assert days == {"14d": dt.date(2027, 2, 6), "3d": dt.date(2027, 2, 17),
                    "1d": dt.date(2027, 2, 19)}
    three = dated[f"cfp-3d-{pycon_key}@{namespace}"]
    assert three.decoded("DTEND") == dt.date(2027, 2, 18)  # one whole day
    assert str(three["SUMMARY"]) == ("Submit “Calendars that stay right” or “Plans that fit” to "
                                     "PyConf 2027: the call for papers closes in 3 days")
    assert "closes Sat 20 Feb 2027, 23:59 Anywhere on Earth" in str(three["DESCRIPTION"])
    assert str(three["URL"]) == "https://pyconf.example/cfp"
    assert not three.walk("VALARM")  # the entry is the reminder


def test_reminders_keep_their_uids_follow_a_moved_deadline_and_leave_once_submitted(
        tmp_path: Path, store: Store) -> None:
    site = tmp_path / "site"
    book = talks()
    event = conference("PyConf 2027", "2027-02-20", ["python"], key="pyconf-2027")
    first = build(site, store, [event], book)
    again = build(site, store, [event], book)
    assert {uid: c.to_ical() for uid, c in again.items()} == {
        uid: c.to_ical() for uid, c in first.items()}  # an unchanged build changes nothing

    moved = conference("PyConf 2027", "2027-02-27", ["python"], key="pyconf-2027")
    later = reminders(build(site, store, [moved], book))
    assert sorted(later) == sorted(reminders(first))  # the same UIDs, moved a week
    for uid, component in later.items():
        assert component.decoded("DTSTART") == (reminders(first)[uid].decoded("DTSTART")
                                                + dt.timedelta(days=7))
        assert component["SEQUENCE"] == 1

    # both talks submitted there: the reminders still ahead are cancelled, the deadline stays
    for title in ("Plans that fit", "Calendars that stay right"):
        book = book.propose(title, "PyConf 2027", event_key="pyconf-2027")
        for state in ("drafting", "submitted"):
            book = book.move(title, "pyconf-2027", state)
    after = build(site, store, [moved], book)
    for uid, component in reminders(after).items():
        assert component["STATUS"] == "CANCELLED", uid
        assert component["SEQUENCE"] == 2
        assert str(component["SUMMARY"]).startswith("No longer in this feed: Submit")
    cfp = after["cfp-pyconf-2027@deadlines.feeds.eventscout"]
    assert str(cfp["SUMMARY"]) == "CFP closes: PyConf 2027" and cfp["STATUS"] == "CONFIRMED"


def test_a_passed_reminder_day_retires_and_a_call_closed_early_cancels_the_rest(
        tmp_path: Path, store: Store) -> None:
    site = tmp_path / "site"
    event = conference("PyConf 2027", "2027-02-20", ["python"], key="pyconf-2027")
    build(site, store, [event], talks())
    # on 2027-02-10 the 14-day reminder (2027-02-06) is past: kept as it was, not cancelled
    feb_10 = dt.datetime(2027, 2, 10, 12, tzinfo=dt.UTC)
    entries = reminders(build(site, store, [event], talks(), now=feb_10))
    namespace = "reminders.deadlines.feeds.eventscout"
    passed = entries[f"cfp-14d-pyconf-2027@{namespace}"]
    assert passed["STATUS"] == "CONFIRMED" and passed["SEQUENCE"] == 0
    # the organiser closes the call on 2027-02-12: the reminders ahead leave as cancelled
    early = conference("PyConf 2027", "2027-02-12", ["python"], key="pyconf-2027")
    entries = reminders(build(site, store, [early], talks(), now=feb_10))
    # 3 and 1 days before the new closing day: 02-09 is past, 02-11 moved there
    assert entries[f"cfp-1d-pyconf-2027@{namespace}"].decoded("DTSTART") == dt.date(2027, 2, 11)
    assert entries[f"cfp-3d-pyconf-2027@{namespace}"]["STATUS"] == "CANCELLED"


def test_a_fitting_call_of_an_event_past_the_tiers_limit_is_still_published(
        tmp_path: Path, store: Store) -> None:
    events = [conference(f"Conf {n} 2027", "2027-03-01", ["rust"]) for n in range(3)]
    events.append(conference("PyConf 2027", "2027-02-20", ["python"]))
    limited = FeedDefinition(name="deadlines", tier=Tier.DEADLINES, limit=2)
    build_feeds([limited], events, store=store, out_dir=tmp_path, now=NOW, profile=PROFILE,
                ranker=in_order, talk_cfps=cfp_deadlines(talks(), events, NOW))
    calendar = icalendar.Calendar.from_ical((tmp_path / "deadlines.ics").read_bytes())
    summaries = sorted(str(c["SUMMARY"]) for c in calendar.walk("VEVENT")
                       if "@deadlines." in str(c["UID"]))
    assert summaries == ["CFP closes: Conf 0 2027", "CFP closes: Conf 1 2027",
                         "CFP closes: PyConf 2027 (submit “Calendars that stay right” or "
                         "“Plans that fit”)"]
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "PyConf 2027 (for “Calendars that stay right”, “Plans that fit”)" in page


def test_the_deadlines_feed_with_talk_reminders_passes_ics_check(
        tmp_path: Path, store: Store) -> None:
    events = [conference("PyConf 2027", "2027-02-20", ["python"]),
              conference("Calendar Days 2027", "2027-04-01", ["calendars"])]
    build(tmp_path, store, events, talks())
    report = ics_check(tmp_path / "deadlines.ics")
    assert failures(report) == [] and report["returncode"] == 0
    (checked,) = report["reports"]
    assert all(c["vevent"] == 8 for c in checked["consumers"] if c["status"] == "ok")


def test_eventscout_build_reads_the_configs_talks_file(tmp_path: Path) -> None:
    import attrs

    from eventscout.pipeline import build as build_site
    from eventscout.pipeline import demo_config
    from eventscout.plan import save_talks

    save_talks(TalkBook().add_talk(Talk(title="Plans that fit", tags=["python"])),
               tmp_path / "talks.toml")
    config = demo_config()
    config = attrs.evolve(config, plan=attrs.evolve(config.plan, talks=tmp_path / "talks.toml"))
    build_site(config, out_dir=tmp_path / "site", now=NOW, store=tmp_path / "state.sqlite")
    calendar = icalendar.Calendar.from_ical((tmp_path / "site" / "deadlines.ics").read_bytes())
    summaries = {str(c["SUMMARY"]) for c in calendar.walk("VEVENT")}
    assert "CFP closes: EuroPython 2027 (submit “Plans that fit”)" in summaries
    assert ("Submit “Plans that fit” to EuroPython 2027: the call for papers closes in 14 days"
            in summaries)
    assert "CFP closes: Berlin Buzzwords 2027" in summaries  # no talk fits it: as before


def test_a_subscriber_sees_the_reminders_and_sees_them_go_once_the_talk_is_submitted(
        tmp_path: Path, serve_dir) -> None:  # type: ignore[no-untyped-def]
    from test_feeds_subscribe import subscribe

    site = tmp_path / "site"
    event = conference("PyConf 2027", "2027-02-20", ["python"], key="pyconf-2027")
    book = TalkBook().add_talk(Talk(title="Plans that fit", tags=["python"]))
    with Store(tmp_path / "state.sqlite") as store:
        build(site, store, [event], book)
    url = serve_dir(site) + "/deadlines.ics"
    first = subscribe(url, tmp_path / "sub")
    shown = sorted((row["start"][:10], row["title"]) for row in first["khal"]["rows"])
    reminder = "Submit “Plans that fit” to PyConf 2027: the call for papers closes in {}"
    assert shown == [("2027-02-06", reminder.format("14 days")),
                     ("2027-02-17", reminder.format("3 days")),
                     ("2027-02-19", reminder.format("1 day")),
                     ("2027-02-21", "CFP closes: PyConf 2027 (submit “Plans that fit”)")]

    book = book.propose("Plans that fit", "PyConf 2027", event_key="pyconf-2027")
    for state in ("drafting", "submitted"):
        book = book.move("Plans that fit", "pyconf-2027", state)
    with Store(tmp_path / "state.sqlite") as store:
        build(site, store, [event], book, now=NOW + dt.timedelta(hours=6))
    second = subscribe(url, tmp_path / "sub")
    titles = sorted(row["title"] for row in second["khal"]["rows"])
    assert "CFP closes: PyConf 2027" in titles
    assert all(title.startswith("No longer in this feed: ") for title in titles
               if "Submit" in title)
    assert len(second["khal"]["since_last_run"]["disappeared"]) == 4  # the old copies went
