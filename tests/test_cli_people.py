"""`eventscout met` and `eventscout people`: meetings recorded, who is due, imports, done, push."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventscout.cli import main
from eventscout.decisions import mark
from eventscout.model import Event
from eventscout.people import load_contacts
from eventscout.runner import Store

NOW = "2027-04-22T09:00:00Z"
EVENTS = [
    Event(title="PyCon DE 2027", start=dt.date(2027, 4, 19), end=dt.date(2027, 4, 21),
          source="s", source_id="pycon"),
    Event(title="Python meetup", start=dt.date(2027, 4, 1), source="s", source_id="m1"),
    Event(title="Python meetup", start=dt.date(2027, 4, 8), source="s", source_id="m2"),
    Event(title="Compilers Day", start=dt.date(2027, 6, 1), source="s", source_id="cd",
          description="Keynote by Ada Lovelace: engines that think. Also speaking: Alan Turing"),
    Event(title="RustConf 2027", start=dt.date(2027, 9, 1), source="s", source_id="rc"),
]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "eventscout.toml"
    path.write_text('[profile]\nname = "T"\n\n[people]\ncontacts = "contacts.toml"\n'
                    'due_within = 7\n\n[output]\nstore = "state.sqlite"\n', encoding="utf-8")
    with Store(tmp_path / "state.sqlite") as store:
        store.save_source_events("s", EVENTS, fetched_at=dt.datetime(2027, 4, 1, tzinfo=dt.UTC))
    return path


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_met_records_a_new_contact_and_the_file_survives_a_restart(config: Path, capsys) -> None:
    code, out, _ = cli(capsys, "met", "Ada Lovelace", "--at", "PyCon DE", "--promised",
                       "share slides", "--topic", "compilers", "--config", str(config), "--now", NOW)
    assert code == 0
    assert "New contact: Ada Lovelace" in out
    assert "Met Ada Lovelace at PyCon DE 2027 (2027-04-21); by 2027-04-23: a thank-you note, " \
           "share slides." in out
    book = load_contacts(config.parent / "contacts.toml")  # read afresh, as after a restart
    (ada,) = book.contacts
    assert (ada.last_contact, ada.where_met, ada.topics) == (dt.date(2027, 4, 21), "PyCon DE 2027",
                                                            ("compilers",))
    (meeting,) = book.meetings
    assert meeting.event_key == EVENTS[0].key and meeting.promises == ("share slides",)
    # met again: a known contact, no second "New contact"
    code, out, _ = cli(capsys, "met", "ada lovelace", "--at", EVENTS[1].key, "--config",
                       str(config), "--now", NOW)
    assert code == 0 and "New contact" not in out
    assert load_contacts(config.parent / "contacts.toml").find("Ada Lovelace").last_contact == \
        dt.date(2027, 4, 21)  # type: ignore[union-attr]  # the latest contact stays


def test_an_ambiguous_or_unknown_event_lists_candidates(config: Path, capsys) -> None:
    code, _, err = cli(capsys, "met", "Ada", "--at", "Python meetup", "--config", str(config))
    assert code == 2 and "matches 2 events" in err
    assert EVENTS[1].key in err and EVENTS[2].key in err
    code, _, err = cli(capsys, "met", "Ada", "--at", "PyCon DE 2026", "--config", str(config))
    assert code == 2 and "no event called 'PyCon DE 2026'" in err and "PyCon DE 2027" in err
    assert not (config.parent / "contacts.toml").exists()  # nothing written on an error


def test_an_event_not_begun_needs_a_date(config: Path, capsys) -> None:
    code, _, err = cli(capsys, "met", "Ada", "--at", "RustConf", "--config", str(config),
                       "--now", NOW)
    assert code == 2 and "starts on 2027-09-01" in err and "--on" in err
    code, out, _ = cli(capsys, "met", "Ada", "--at", "RustConf", "--on", "2027-04-20",
                       "--config", str(config), "--now", NOW)
    assert code == 0 and "(2027-04-20); by 2027-04-22" in out


def test_people_lists_due_overdue_follow_ups_milestones_and_going(config: Path, capsys) -> None:
    (config.parent / "contacts.toml").write_text(
        '[[contact]]\nname = "Ada Lovelace"\ncadence = "4w"\nlast_contact = 2027-03-20\n\n'
        '[[contact]]\nname = "Alan Turing"\ncadence = "2w"\nlast_contact = 2027-03-01\n\n'
        '[[contact]]\nname = "Grace Hopper"\nrole = "CTO"\nrole_since = 2027-04-15\n',
        encoding="utf-8")
    cli(capsys, "met", "Grace Hopper", "--at", "PyCon DE 2027", "--promised", "intro to Ada",
        "--config", str(config), "--now", NOW)
    with Store(config.parent / "state.sqlite") as store:
        mark(store, "Compilers Day", "going", now=dt.datetime(2027, 4, 1, tzinfo=dt.UTC))
    code, out, _ = cli(capsys, "people", "--config", str(config), "--now", NOW)
    assert code == 0
    assert out.split("Overdue:\n")[1].startswith("  Alan Turing: due 2027-03-15, 38 days ago\n")
    assert "Due:\n  Ada Lovelace: 2027-04-17" not in out  # 17 April is past: overdue
    assert "Ada Lovelace: due 2027-04-17, 5 days ago" in out
    assert "by 2027-04-23: Send Grace Hopper a thank-you note after PyCon DE 2027" in out
    assert "by 2027-04-23: Grace Hopper: intro to Ada (promised at PyCon DE 2027)" in out
    assert "Congratulate Grace on the new role: CTO" in out
    assert "Congratulate Ada on speaking at Compilers Day (2027-06-01)" in out
    at = out.split("At planned events:\n")[1]
    assert "2027-06-01 Compilers Day: Ada Lovelace" in at and "Alan Turing" in at
    # --within looks further ahead than [people] due_within
    code, out, _ = cli(capsys, "people", "--config", str(config), "--now", "2027-03-01T00:00:00Z")
    assert "Ada Lovelace" not in out.split("Follow-ups:")[0]
    code, out, _ = cli(capsys, "people", "--within", "50", "--config", str(config), "--now",
                       "2027-03-01T00:00:00Z")
    assert "Ada Lovelace: 2027-04-17" in out.split("Follow-ups:")[0]


def test_people_done_marks_follow_ups(config: Path, capsys) -> None:
    cli(capsys, "met", "Ada Lovelace", "--at", "PyCon DE 2027", "--promised", "share slides",
        "--promised", "intro to Grace", "--config", str(config), "--now", NOW)
    code, out, _ = cli(capsys, "people", "done", "Ada Lovelace", "slides", "--config", str(config))
    assert code == 0 and "Done for Ada Lovelace: share slides" in out
    assert load_contacts(config.parent / "contacts.toml").meetings[0].done == ("share slides",)
    code, out, _ = cli(capsys, "people", "--config", str(config), "--now", NOW)
    assert "share slides" not in out and "intro to Grace" in out
    code, _, err = cli(capsys, "people", "done", "Ada Lovelace", "slides", "--config", str(config))
    assert code == 2 and "open: 'thank-you', 'intro to Grace'" in err
    code, out, _ = cli(capsys, "people", "done", "Ada Lovelace", "--config", str(config))
    assert "thank-you, intro to Grace" in out


def test_import_reports_malformed_rows_with_file_and_line(config: Path, data_dir: Path,
                                                        capsys) -> None:
    people = data_dir / "people"
    code, out, _ = cli(capsys, "people", "import", str(people / "contacts.vcf"), "--config",
                       str(config))
    assert code == 0
    assert f"skipped: vcard: {people / 'contacts.vcf'}:23: card skipped: a contact needs a name" in out
    assert "Read 3 contacts" in out and "(3 new, 0 already known), 4 skipped" in out
    code, out, _ = cli(capsys, "people", "import", str(people / "Connections.csv"),
                       "--contacts", str(config.parent / "contacts.toml"), "--config", str(config))
    assert code == 0
    assert f"{people / 'Connections.csv'}:7" in out and "3 fields where the header has 7" in out
    names = [c.name for c in load_contacts(config.parent / "contacts.toml").contacts]
    assert names == ["Ada Lovelace", "Grace Hopper", "Donald Knuth", "Linus Torvalds",
                     "Margaret Hamilton", "Barbara Liskov"]
    code, out, _ = cli(capsys, "people", "import", str(people / "contacts.vcf"), "--config",
                       str(config))
    assert "(0 new, 3 already known)" in out
    code, _, err = cli(capsys, "people", "import", str(people / "contacts.toml"), "--config",
                       str(config))
    assert code == 2 and "give a .vcf" in err


def test_the_bundled_demo_contacts_are_read_only(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "people", "--now", "2026-12-07T12:00:00Z")
    assert code == 0 and "Congratulate Grace on the new role" in out
    code, _, err = cli(capsys, "people", "done", "Ada Lovelace")
    assert code == 2 and "read-only" in err and "--contacts" in err
    code, _, err = cli(capsys, "people", "done", "Ada Lovelace", "--contacts",
                       str(tmp_path / "mine.toml"))
    assert code == 2 and "no open follow-up for 'Ada Lovelace'" in err


def test_push_needs_a_calendar(config: Path, capsys) -> None:
    code, _, err = cli(capsys, "people", "push", "--config", str(config))
    assert code == 2 and "caldav_url" in err


@pytest.mark.parametrize("argv", [["met"], ["people"], ["people", "import"], ["people", "done"],
                                  ["people", "push"]])
def test_every_people_command_has_a_description_and_examples(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text and f"eventscout {' '.join(argv)}" in text.split("examples:")[1]
    description = text.split("\n\n")[1]
    assert len(description.split()) >= 8, description


def test_people_without_contacts_says_how_to_add_some(config: Path, capsys) -> None:
    code, out, _ = cli(capsys, "people", "--config", str(config))
    assert code == 0 and "No contacts yet in" in out and "eventscout people import FILE" in out


def test_within_takes_zero_or_more_days(config: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["people", "--within", "-1", "--config", str(config)])
    assert "give 0 or more" in capsys.readouterr().err
