"""The follow-ups feed: built with the other feeds, with state (SEQUENCE, moves, cancellations).

A contact met again moves their stay-in-touch reminder (same UID, SEQUENCE + 1, a new day); a
follow-up done leaves as "Done: ..." (STATUS:CANCELLED); a contact removed leaves as "No longer
due: ..."; a follow-up long past and never done retires as it is. Real consumers read the feed
(ics-check) and a khal user subscribed to it follows the changes (subscribe-check).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from eventscout.feeds import build_feeds, make_app, make_server
from eventscout.feeds.follow_ups import ReminderFeed, follow_ups_definition
from eventscout.people import Contact, ContactBook, Meeting, reminder_set
from eventscout.pipeline import build, demo_config
from eventscout.profile import Profile
from eventscout.runner import Store

PROJECT = Path(__file__).resolve().parents[2]
CLIENTS_PYTHON = PROJECT / ".venv-clients" / "bin" / "python"
TOOLS = PROJECT.parent / "shared" / "tools"
NOW = dt.datetime(2027, 4, 22, 9, tzinfo=dt.UTC)
TOKEN = "follow-ups-token-0123456789"


def book(*, ada_last: str = "2027-03-01", done: tuple[str, ...] = (),
         grace: bool = True) -> ContactBook:
    ada = Contact(name="Ada Lovelace", cadence_days=56, last_contact=ada_last,
                  timezone="Europe/Berlin", topics=("python",))
    people = (ada, Contact(name="Grace Hopper", cadence_days=28, last_contact="2027-04-01"))
    meeting = Meeting(name="Ada Lovelace", event="PyCon DE 2027", on="2027-04-21",
                      promises=("share slides",), done=done)
    return ContactBook(contacts=people if grace else people[:1], meetings=(meeting,))


def build_once(tmp_path: Path, contacts: ContactBook, now: dt.datetime = NOW):
    feed = ReminderFeed(definition=follow_ups_definition(), reminders=reminder_set(contacts, now))
    with Store(tmp_path / "state.sqlite") as store:
        result = build_feeds([], [], store=store, out_dir=tmp_path / "site", now=now,
                             profile=Profile(), follow_ups=feed)
    return result.feed("follow-ups")


def vevents(path: Path) -> dict[str, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_is_private_and_an_unchanged_rebuild_keeps_its_bytes(tmp_path: Path) -> None:
    first = build_once(tmp_path, book())
    assert first.path == tmp_path / "site" / "private" / "follow-ups.ics"
    assert first.entries == 4 and first.actions == {"new": 4}
    data = first.path.read_bytes()
    later = build_once(tmp_path, book(), NOW + dt.timedelta(hours=6))
    assert (later.written, later.actions) == (False, {"unchanged": 4})
    assert first.path.read_bytes() == data
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "follow-ups" not in index and "Ada" not in index  # names never reach the index page


def test_met_again_moves_done_cancels_removed_says_so(tmp_path: Path) -> None:
    first = build_once(tmp_path, book())
    before = vevents(first.path)
    touch = before["Get in touch with Ada Lovelace"]
    assert touch.decoded("DTSTART") == dt.date(2027, 4, 26) and touch["SEQUENCE"] == 0
    result = build_once(tmp_path, book(ada_last="2027-04-21", done=("thank-you",), grace=False),
                        NOW + dt.timedelta(days=1))
    assert result.actions == {"changed": 1, "cancelled": 2, "unchanged": 1}
    after = vevents(result.path)
    moved = after["Get in touch with Ada Lovelace"]
    assert moved["UID"] == touch["UID"] and moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == dt.date(2027, 6, 16)
    done = after["Done: Send Ada Lovelace a thank-you note after PyCon DE 2027"]
    assert done["STATUS"] == "CANCELLED" and done["SEQUENCE"] == 1
    gone = after["No longer due: Get in touch with Grace Hopper"]
    assert gone["STATUS"] == "CANCELLED"
    assert after["Ada Lovelace: share slides (promised at PyCon DE 2027)"]["SEQUENCE"] == 0


def test_a_follow_up_never_done_retires_after_a_month_as_it_is(tmp_path: Path) -> None:
    build_once(tmp_path, book())
    result = build_once(tmp_path, book(), dt.datetime(2027, 5, 30, tzinfo=dt.UTC))
    assert result.actions["retired"] == 2  # thank-you and slides: left as they were
    kept = vevents(result.path)
    assert kept["Ada Lovelace: share slides (promised at PyCon DE 2027)"]["SEQUENCE"] == 0
    assert not any(summary.startswith(("Done: ", "No longer due: ")) for summary in kept)
    gone = build_once(tmp_path, book(), dt.datetime(2027, 7, 1, tzinfo=dt.UTC))
    assert gone.actions["removed"] == 2


def test_a_reminder_falls_on_the_contacts_calendar_day_across_dst(tmp_path: Path) -> None:
    # Berlin springs forward on 28 March 2027: 4 weeks after Monday 1 March is Monday 29 March
    ada = Contact(name="Ada Lovelace", cadence_days=28, last_contact="2027-03-01",
                  timezone="Europe/Berlin")
    result = build_once(tmp_path, ContactBook(contacts=(ada,)),
                        dt.datetime(2027, 3, 28, 23, 30, tzinfo=dt.UTC))
    (event,) = vevents(result.path).values()
    assert event.decoded("DTSTART") == dt.date(2027, 3, 29)
    assert event.decoded("DTEND") == dt.date(2027, 3, 30)


def test_make_demo_writes_the_follow_ups_feed(tmp_path: Path) -> None:
    outcome = build(demo_config(), out_dir=tmp_path / "site", store=tmp_path / "state.sqlite",
                    now=dt.datetime(2026, 12, 7, 12, tzinfo=dt.UTC))
    feed = outcome.result.feed("follow-ups")
    assert feed.path == tmp_path / "site" / "private" / "follow-ups.ics"
    summaries = set(vevents(feed.path))
    assert "Get in touch with Ada Lovelace" in summaries
    assert "Ada Lovelace: share slides (promised at PyCon DE 2026)" in summaries


def ics_check(path: Path) -> dict:
    if not (TOOLS / "ics-check").exists():
        pytest.skip("../shared/tools not present")
    if not CLIENTS_PYTHON.exists():
        pytest.skip(".venv-clients not installed (see ../shared/tools/README.md)")
    proc = subprocess.run([str(CLIENTS_PYTHON), str(TOOLS / "ics-check"), "--json", str(path)],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode == 2:
        pytest.skip("ics-check could not run here: " + proc.stdout[-500:])
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stdout
    return report


def test_both_builds_pass_ics_check(tmp_path: Path) -> None:
    first = ics_check(build_once(tmp_path, book()).path)
    assert first["reports"][0]["lint"]["errors"] == []
    assert {c["vevent"] for c in first["reports"][0]["consumers"] if c["status"] == "ok"} == {4}
    later = build_once(tmp_path, book(ada_last="2027-04-21", done=("thank-you",), grace=False),
                       NOW + dt.timedelta(days=1))
    second = ics_check(later.path)
    assert second["reports"][0]["lint"]["errors"] == []


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    app = make_app(tmp_path / "site", tokens={"follow-ups": TOKEN})
    server = make_server(app, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/follow-ups.ics?token={TOKEN}"
    finally:
        server.shutdown()
        server.server_close()
        app.stop()
        thread.join(timeout=5)


def subscribe(url: str, workdir: Path) -> dict:
    if not (TOOLS / "subscribe-check").exists():
        pytest.skip("../shared/tools/subscribe-check not present")
    if not CLIENTS_PYTHON.exists():
        pytest.skip(".venv-clients not installed (see ../shared/tools/README.md)")
    proc = subprocess.run(
        [str(CLIENTS_PYTHON), str(TOOLS / "subscribe-check"), url, "--workdir", str(workdir),
         "--tz", "Europe/Berlin", "--from", "2027-04-01", "--to", "2027-07-01", "--json"],
        capture_output=True, text=True, timeout=300)
    if proc.returncode == 2:
        pytest.skip("subscribe-check could not run here: " + proc.stdout[-400:] + proc.stderr[-400:])
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, report.get("problems")
    return report


def test_a_subscriber_sees_the_reminder_move_and_the_done_one_go(tmp_path: Path, served: str) -> None:
    build_once(tmp_path, book())
    first = subscribe(served, tmp_path / "sub")
    assert sorted(row["title"] for row in first["khal"]["rows"]) == [
        "Ada Lovelace: share slides (promised at PyCon DE 2027)",
        "Get in touch with Ada Lovelace", "Get in touch with Grace Hopper",
        "Send Ada Lovelace a thank-you note after PyCon DE 2027"]
    build_once(tmp_path, book(ada_last="2027-04-21", done=("thank-you",), grace=False),
               NOW + dt.timedelta(days=1))
    second = subscribe(served, tmp_path / "sub")
    rows = {row["title"]: row for row in second["khal"]["rows"]}
    assert "Get in touch with Ada Lovelace" in rows
    assert rows["Get in touch with Ada Lovelace"]["start"].startswith("2027-06-16")
    shown = [title for title in rows if "thank-you" in title or "Grace" in title]
    assert all(title.startswith(("Done: ", "No longer due: ")) for title in shown)


def test_a_broken_contacts_file_keeps_the_last_feed_and_the_others_build(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import attrs

    from eventscout.people import PeopleSettings, save_contacts

    contacts = tmp_path / "contacts.toml"
    save_contacts(book(), contacts)
    config = attrs.evolve(demo_config(), people=PeopleSettings(contacts=contacts))
    now = dt.datetime(2027, 4, 22, 9, tzinfo=dt.UTC)
    first = build(config, out_dir=tmp_path / "site", store=tmp_path / "s.sqlite", now=now)
    data = first.result.feed("follow-ups").path.read_bytes()
    contacts.write_text('[[contact]]\nname = "Ada"\ncadense = "8w"\n', encoding="utf-8")
    again = build(config, out_dir=tmp_path / "site", store=tmp_path / "s.sqlite", now=now)
    assert "follow-ups feed not rebuilt" in caplog.text and "cadense" in caplog.text
    names = [f.name for f in again.result.feeds]
    assert "follow-ups" not in names and names[:3] == ["must-attend", "worth-a-look", "deadlines"]
    assert first.result.feed("follow-ups").path.read_bytes() == data


def test_a_feed_of_ones_own_called_follow_ups_is_refused_while_the_feed_is_on(
        tmp_path: Path) -> None:
    import attrs

    from eventscout.errors import ConfigError
    from eventscout.people import FeedMode

    config = attrs.evolve(demo_config(), feeds=({"name": "follow-ups", "tier": "must_attend"},))
    with pytest.raises(ConfigError, match="a feed is already called 'follow-ups'"):
        build(config, out_dir=tmp_path / "site", now=NOW, store=tmp_path / "s.sqlite")
    off = attrs.evolve(config, people=attrs.evolve(config.people, feed=FeedMode.NONE))
    outcome = build(off, out_dir=tmp_path / "site", now=NOW, store=tmp_path / "s.sqlite")
    assert (tmp_path / "site" / "follow-ups.ics").exists()  # the person's own feed
    assert not (tmp_path / "site" / "private" / "follow-ups.ics").exists()
    assert "follow-ups" in [f.name for f in outcome.result.feeds]
