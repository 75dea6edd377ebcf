"""Who is due: cadences on the person's own calendar days (across DST), follow-ups, milestones."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import subprocess
import threading
from pathlib import Path

import pytest

from eventscout.model import Event
from eventscout.people import (
    Contact,
    ContactBook,
    Meeting,
    at_events,
    follow_ups,
    milestones,
    next_due,
    people_report,
    reminder_calendar,
    reminder_entries,
    render_people,
    stay_in_touch,
)

PROJECT = Path(__file__).resolve().parents[2]
CLIENTS_PYTHON = PROJECT / ".venv-clients" / "bin" / "python"
ICS_CHECK = PROJECT.parent / "shared" / "tools" / "ics-check"
SUBSCRIBE_CHECK = PROJECT.parent / "shared" / "tools" / "subscribe-check"
UTC = dt.UTC


def test_a_cadence_across_the_spring_dst_change_lands_on_the_same_weekday() -> None:
    # Berlin moves to summer time on 28 March 2027: four weeks after Monday 1 March is Monday 29
    ada = Contact(name="Ada Lovelace", cadence_days=28, last_contact="2027-03-01",
                  timezone="Europe/Berlin")
    assert next_due(ada) == dt.date(2027, 3, 29)
    book = ContactBook(contacts=(ada,))
    # 23:30 UTC on 28 March is already 01:30 on the 29th in Berlin (UTC+2 by then): due today
    late = dt.datetime(2027, 3, 28, 23, 30, tzinfo=UTC)
    (item,) = stay_in_touch(book, late, within_days=0)
    assert (item.due, item.days_over) == (dt.date(2027, 3, 29), 0)
    # 21:30 UTC is 23:30 on the 28th in Berlin: not yet due with no look-ahead
    assert stay_in_touch(book, late - dt.timedelta(hours=2), within_days=0) == []


def test_a_cadence_across_the_autumn_dst_change_in_new_york() -> None:
    # New York falls back on 7 November 2027; the reminder stays on calendar day 8 November
    grace = Contact(name="Grace Hopper", cadence_days=7, last_contact="2027-11-01",
                    timezone="America/New_York")
    book = ContactBook(contacts=(grace,))
    # 03:30 UTC on 9 November is 22:30 on the 8th in New York (UTC-5): due today, not overdue
    (item,) = stay_in_touch(book, dt.datetime(2027, 11, 9, 3, 30, tzinfo=UTC), within_days=0)
    assert item.due == dt.date(2027, 11, 8) and not item.overdue
    # 05:30 UTC is 00:30 on the 9th there: one day over
    (item,) = stay_in_touch(book, dt.datetime(2027, 11, 9, 5, 30, tzinfo=UTC), within_days=0)
    assert item.days_over == 1 and item.overdue


def test_due_overdue_and_never_in_touch() -> None:
    now = dt.datetime(2027, 1, 15, 12, tzinfo=UTC)
    book = ContactBook(contacts=(
        Contact(name="Over Due", cadence_days=14, last_contact="2026-12-01"),
        Contact(name="Soon Due", cadence_days=14, last_contact="2027-01-05"),
        Contact(name="Not Yet", cadence_days=60, last_contact="2027-01-05"),
        Contact(name="Never Met", cadence_days=30),
        Contact(name="No Cadence", last_contact="2020-01-01"),
        Contact(name="Linked In", cadence_days=30, since="2026-12-01"),
    ))
    report = people_report(book, now=now)
    assert [s.contact.name for s in report.overdue] == ["Over Due", "Linked In"]
    assert [s.contact.name for s in report.due] == ["Never Met", "Soon Due"]
    assert report.overdue[0].days_over == 31
    text = render_people(report)
    assert "Over Due: due 2026-12-15, 31 days ago" in text and "Soon Due: 2027-01-19" in text


def test_follow_ups_are_due_48_hours_after_the_event_and_done_ones_drop() -> None:
    meeting = Meeting(name="Ada Lovelace", event="PyCon DE 2027", on="2027-04-14",
                      promises=("intro to Grace", "share slides", "send the paper"))
    items = follow_ups(ContactBook(meetings=(meeting,)))
    assert sorted((f.kind, f.due) for f in items) == [
        ("intro", dt.date(2027, 4, 16)), ("promise", dt.date(2027, 4, 16)),
        ("slides", dt.date(2027, 4, 16)), ("thank_you", dt.date(2027, 4, 16))]
    done = Meeting(name="Ada Lovelace", event="PyCon DE 2027", on="2027-04-14",
                   promises=("intro to Grace", "share slides"), done=("thank-you", "share slides"))
    assert [f.kind for f in follow_ups(ContactBook(meetings=(done,)))] == ["intro"]


def test_milestones_from_listings_and_new_roles() -> None:
    now = dt.datetime(2027, 1, 15, 12, tzinfo=UTC)
    ada = Contact(name="Ada Lovelace")
    grace = Contact(name="Grace Hopper", role="CTO", company="Navy Labs", role_since="2027-01-10")
    old_role = Contact(name="Old Role", role="CEO", role_since="2026-06-01")
    book = ContactBook(contacts=(ada, grace, old_role))
    talk = Event(title="Compilers Day", start="2027-03-01",
                 description="Keynote by Ada Lovelace: engines that think")
    past = Event(title="Old Conf", start="2026-12-01", description="Ada Lovelace spoke here")
    unrelated = Event(title="Adams Days", start="2027-03-02", description="Ada L. and friends")
    found = milestones(book, [talk, past, unrelated], now)
    assert [(m.kind, m.contact.name) for m in found] == [("new_role", "Grace Hopper"),
                                                         ("speaking", "Ada Lovelace")]
    assert found[0].text == "Congratulate Grace on the new role: CTO at Navy Labs"
    assert found[1].text == "Congratulate Ada on speaking at Compilers Day (2027-03-01)"
    (sighting,) = at_events(book, [talk, unrelated])
    assert (sighting.contact.name, sighting.event.title) == ("Ada Lovelace", "Compilers Day")


def entries() -> list:
    meeting = Meeting(name="Ada Lovelace", event="PyCon DE 2027", on="2027-04-14",
                      promises=("share slides",))
    ada = Contact(name="Ada Lovelace", cadence_days=28, last_contact="2027-03-01",
                  topics=("python", "compilers"), timezone="Europe/Berlin")
    book = ContactBook(contacts=(ada,), meetings=(meeting,))
    touch = stay_in_touch(book, dt.datetime(2027, 3, 28, tzinfo=UTC))
    return reminder_entries(follow_ups(book), touch)


def test_reminder_entries_have_stable_uids_in_their_own_namespace() -> None:
    first, second = entries(), entries()
    assert [e.uid for e in first] == [e.uid for e in second]
    assert len({e.uid for e in first}) == 3
    assert all(e.uid.endswith("@people.eventscout") for e in first)
    assert sorted((e.day, e.summary) for e in first) == [
        (dt.date(2027, 3, 29), "Get in touch with Ada Lovelace"),
        (dt.date(2027, 4, 16), "Ada Lovelace: share slides (promised at PyCon DE 2027)"),
        (dt.date(2027, 4, 16), "Send Ada Lovelace a thank-you note after PyCon DE 2027"),
    ]
    assert [e.day for e in first] == sorted(e.day for e in first)
    assert first[0].description == "Every 28 days: last in touch 2027-03-01; you talk about python, compilers."


def test_reminder_vevents_are_all_day_with_an_exclusive_end() -> None:
    data = reminder_calendar(entries(), stamp=dt.datetime(2027, 3, 1, 8, tzinfo=UTC)).decode()
    assert "DTSTART;VALUE=DATE:20270329\r\nDTEND;VALUE=DATE:20270330\r\n" in data
    assert data.count("BEGIN:VEVENT") == 3 and "DTSTAMP:20270301T080000Z" in data


@pytest.mark.skipif(not (CLIENTS_PYTHON.exists() and ICS_CHECK.exists()),
                    reason="ics-check or its venv (.venv-clients, see ../shared/tools/README.md) is not installed")
def test_the_reminder_calendar_passes_ics_check(tmp_path: Path) -> None:
    path = tmp_path / "follow-ups.ics"
    path.write_bytes(reminder_calendar(entries(), stamp=dt.datetime(2027, 3, 1, 8, tzinfo=UTC)))
    check = subprocess.run([str(CLIENTS_PYTHON), str(ICS_CHECK), "--json", str(path)],
                           capture_output=True, text=True, timeout=300)
    report = json.loads(check.stdout)
    assert check.returncode == 0, check.stdout
    assert report["reports"][0]["lint"]["errors"] == []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.mark.skipif(not (CLIENTS_PYTHON.exists() and SUBSCRIBE_CHECK.exists()),
                    reason="subscribe-check or its venv (.venv-clients) is not installed")
def test_a_subscriber_sees_every_reminder_on_its_day(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "follow-ups.ics").write_bytes(
        reminder_calendar(entries(), stamp=dt.datetime(2027, 3, 1, 8, tzinfo=UTC)))
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/follow-ups.ics"
        proc = subprocess.run([str(CLIENTS_PYTHON), str(SUBSCRIBE_CHECK), url, "--workdir",
                               str(tmp_path / "sub"), "--tz", "Europe/Berlin", "--from",
                               "2027-03-01", "--to", "2027-05-01", "--json"],
                              capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
        server.server_close()
    if proc.returncode == 2:
        pytest.skip("subscribe-check could not run here: " + proc.stdout[-400:])
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, report.get("problems")
    rows = report["khal"]["rows"]
    assert sorted(row["title"] for row in rows) == sorted(e.summary for e in entries())
