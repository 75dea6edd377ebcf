"""CalDAV push against a real server: Radicale on 127.0.0.1, started for the tests.

Push the follow-ups, read the tasks back, update one (a contact met again moves its reminder),
complete one (a follow-up done), cancel one (a contact removed: its task is deleted), read back.
"""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from eventscout.errors import ExportError
from eventscout.export.caldav import TASK_DOMAIN, CalDavCalendar, task_calendar
from eventscout.people import Contact, ContactBook, Meeting, reminder_set

NOW = dt.datetime(2027, 4, 22, 9, tzinfo=dt.UTC)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server on a free port of 127.0.0.1 with a temporary storage folder and no
    password check; its base URL. Stopped (by its own process) when the module's tests end."""
    pytest.importorskip("radicale", reason="radicale is installed by the test extra")
    folder = tmp_path_factory.mktemp("radicale")
    port = _free_port()
    log = (folder / "radicale.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "", "--server-hosts", f"127.0.0.1:{port}",
         "--auth-type", "none", "--rights-type", "authenticated",
         "--storage-filesystem-folder", str(folder / "collections")],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                requests.get(url, timeout=1)
                break
            except requests.ConnectionError:
                if server.poll() is not None:
                    pytest.fail("radicale stopped: " + (folder / "radicale.log").read_text())
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def book(*, last_contact: str = "2027-03-01", done: tuple[str, ...] = (),
         with_grace: bool = True) -> ContactBook:
    ada = Contact(name="Ada Lovelace", cadence_days=56, last_contact=last_contact,
                  timezone="Europe/Berlin")
    grace = Contact(name="Grace Hopper", cadence_days=28, last_contact="2027-04-01")
    meeting = Meeting(name="Ada Lovelace", event="PyCon DE 2027", on="2027-04-21",
                      promises=("share slides",), done=done)
    return ContactBook(contacts=(ada, grace) if with_grace else (ada,), meetings=(meeting,))


def tasks(calendar: CalDavCalendar) -> dict[str, tuple[str, dt.date | None, str]]:
    return {t.summary: (t.status, t.due, t.uid) for t in calendar.tasks()}


def test_push_read_back_update_complete_and_cancel(radicale: str) -> None:
    url = f"{radicale}ada/follow-ups/"
    with CalDavCalendar(url, auth=("ada", "")) as calendar:
        first = reminder_set(book(), NOW)
        outcome = calendar.push(first.entries, done=first.done, stamp=NOW)
        assert len(outcome.added) == 4 and not outcome.updated
        seen = tasks(calendar)
        assert {summary: (status, due) for summary, (status, due, _) in seen.items()} == {
            "Send Ada Lovelace a thank-you note after PyCon DE 2027": ("NEEDS-ACTION", dt.date(2027, 4, 23)),
            "Ada Lovelace: share slides (promised at PyCon DE 2027)": ("NEEDS-ACTION", dt.date(2027, 4, 23)),
            "Get in touch with Ada Lovelace": ("NEEDS-ACTION", dt.date(2027, 4, 26)),
            "Get in touch with Grace Hopper": ("NEEDS-ACTION", dt.date(2027, 4, 29)),
        }
        assert all(uid.endswith("@" + TASK_DOMAIN) for _, _, uid in seen.values())
        # the same reminders again: nothing is written
        again = calendar.push(first.entries, done=first.done, stamp=NOW)
        assert len(again.unchanged) == 4 and not (again.added or again.updated or again.deleted)

        # Ada met again (her reminder moves), the thank-you sent, Grace removed from the book
        later = reminder_set(book(last_contact="2027-04-21", done=("thank-you",), with_grace=False),
                             NOW)
        outcome = calendar.push(later.entries, done=later.done, stamp=NOW)
        assert (len(outcome.updated), len(outcome.completed), len(outcome.deleted)) == (1, 1, 1)
        after = tasks(calendar)
        assert after["Get in touch with Ada Lovelace"][:2] == ("NEEDS-ACTION", dt.date(2027, 6, 16))
        assert after["Get in touch with Ada Lovelace"][2] == seen["Get in touch with Ada Lovelace"][2]
        assert after["Send Ada Lovelace a thank-you note after PyCon DE 2027"][0] == "COMPLETED"
        assert "Get in touch with Grace Hopper" not in after
        assert len(after) == 3


def test_a_task_checked_off_on_another_device_stays_done(radicale: str) -> None:
    url = f"{radicale}ada/checked/"
    with CalDavCalendar(url, auth=("ada", "")) as calendar:
        reminders = reminder_set(book(with_grace=False), NOW)
        calendar.push(reminders.entries, stamp=NOW)
        (touch,) = [t for t in calendar.tasks() if t.summary.startswith("Get in touch")]
        checked = touch.data.replace(b"STATUS:NEEDS-ACTION", b"STATUS:COMPLETED")
        calendar.put(touch.href, checked, etag=touch.etag)
        outcome = calendar.push(reminders.entries, stamp=NOW)
        assert len(outcome.unchanged) == 3
        assert tasks(calendar)["Get in touch with Ada Lovelace"][0] == "COMPLETED"


def test_tasks_of_others_are_left_alone_and_a_stale_etag_is_refused(radicale: str) -> None:
    url = f"{radicale}ada/mixed/"
    with CalDavCalendar(url, auth=("ada", "")) as calendar:
        calendar.create()
        own = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\nBEGIN:VTODO\r\n"
               b"UID:buy-milk@example.org\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Buy milk\r\n"
               b"END:VTODO\r\nEND:VCALENDAR\r\n")
        calendar.put(f"{url}buy-milk.ics", own, new=True)
        calendar.push(reminder_set(book(with_grace=False), NOW).entries, stamp=NOW)
        calendar.push([], stamp=NOW)
        assert list(tasks(calendar)) == ["Buy milk"]
        with pytest.raises(ExportError, match="HTTP 412"):
            calendar.put(f"{url}buy-milk.ics", own, etag='"not-the-etag"')
        with pytest.raises(ExportError, match="HTTP 412"):
            calendar.put(f"{url}buy-milk.ics", own, new=True)


def test_an_unreachable_server_is_an_export_error() -> None:
    with CalDavCalendar(f"http://127.0.0.1:{_free_port()}/x/", timeout=2) as calendar, \
            pytest.raises(ExportError, match="CalDAV PROPFIND"):
        calendar.exists()


def test_a_task_resource_is_one_open_vtodo_due_on_its_day(tmp_path: Path) -> None:
    (entry, *_) = reminder_set(book(with_grace=False), NOW).entries
    data = task_calendar(entry, stamp=NOW).decode()
    assert "BEGIN:VTODO" in data and "DUE;VALUE=DATE:20270423" in data
    assert "STATUS:NEEDS-ACTION" in data and f"@{TASK_DOMAIN}" in data


def test_eventscout_people_push_from_the_config(radicale: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from eventscout.cli import main
    from eventscout.people import save_contacts

    save_contacts(book(), tmp_path / "contacts.toml")
    config = tmp_path / "eventscout.toml"
    config.write_text(
        '[profile]\nname = "Ada"\n\n[people]\ncontacts = "contacts.toml"\n'
        f'caldav_url = "{radicale}ada/pushed"\ncaldav_username = "ada"\n'
        'caldav_password_env = "TEST_CALDAV_PASSWORD"\n', encoding="utf-8")
    monkeypatch.delenv("TEST_CALDAV_PASSWORD", raising=False)
    assert main(["people", "push", "--config", str(config), "--now", "2027-04-22T09:00:00Z"]) == 2
    assert "TEST_CALDAV_PASSWORD" in capsys.readouterr().err  # the variable is named, no secret
    monkeypatch.setenv("TEST_CALDAV_PASSWORD", "anything")
    assert main(["people", "push", "--config", str(config), "--now", "2027-04-22T09:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert f"CalDAV {radicale}ada/pushed/: 4 added, 0 updated" in out
    assert main(["people", "done", "Ada Lovelace", "thank-you", "--config", str(config)]) == 0
    assert main(["people", "push", "--config", str(config), "--now", "2027-04-22T10:00:00Z"]) == 0
    assert "1 completed" in capsys.readouterr().out
    with CalDavCalendar(f"{radicale}ada/pushed/", auth=("ada", "")) as calendar:
        statuses = {summary: status for summary, (status, _, _) in tasks(calendar).items()}
    assert statuses["Send Ada Lovelace a thank-you note after PyCon DE 2027"] == "COMPLETED"
    assert list(statuses.values()).count("NEEDS-ACTION") == 3
