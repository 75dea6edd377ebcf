"""Contacts from vCards, LinkedIn's export and TOML: malformed entries reported, never fatal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventscout.errors import ConfigError
from eventscout.people import (
    Contact,
    ContactBook,
    load_contacts,
    parse_cadence,
    read_linkedin_connections,
    read_vcards,
    save_contacts,
)


@pytest.fixture
def people(data_dir: Path) -> Path:
    return data_dir / "people"


def test_vcards_of_both_versions_with_folded_lines(people: Path) -> None:
    contacts, problems = read_vcards(people / "contacts.vcf")
    by_name = {c.name: c for c in contacts}
    assert list(by_name) == ["Ada Lovelace", "Grace Hopper", "Donald Knuth"]
    ada = by_name["Ada Lovelace"]
    assert ada.company == "Analytical Engines Ltd, London"
    assert (ada.role, ada.email, ada.topics) == ("Chief Mathematician", "ada@example.org",
                                                 ("python", "compilers"))
    assert by_name["Grace Hopper"].url == "https://example.org/grace"
    file = people / "contacts.vcf"
    assert [(p.where, p.message) for p in problems] == [
        (f"{file}:23", "card skipped: a contact needs a name"),
        (f"{file}:27", "not a vCard line: 'this line is not a vCard line'"),
        (f"{file}:28", "vCard version 2.1; only 3.0 and 4.0 are read"),
        (f"{file}:32", "card has no END:VCARD; skipped"),
    ]


def test_a_vcard_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "latin1.vcf"
    path.write_bytes("BEGIN:VCARD\nVERSION:3.0\nFN:Jos\xe9\nEND:VCARD\n".encode("latin-1"))
    contacts, problems = read_vcards(path)
    assert contacts == [] and problems[0].message.startswith("not UTF-8 text")


def test_linkedin_connections_after_the_notes_preamble(people: Path) -> None:
    contacts, problems = read_linkedin_connections(people / "Connections.csv")
    assert [c.name for c in contacts] == ["Linus Torvalds", "Margaret Hamilton", "Barbara Liskov"]
    linus, margaret, barbara = contacts
    assert linus.since == dt.date(2026, 12, 7) and linus.email is None
    assert margaret.company == "Hamilton Technologies, Inc." and margaret.email == "margaret@example.org"
    assert barbara.since == dt.date(2024, 2, 20)
    file = people / "Connections.csv"
    assert [(p.where, p.message) for p in problems] == [
        (f"{file}:7", "'2026-12-07' is not a date like 07 Dec 2026"),
        (f"{file}:8", "3 fields where the header has 7"),
        (f"{file}:9", "no name"),
    ]


def test_a_csv_without_the_header_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("Name,Mail\nA,b\n", encoding="utf-8")
    contacts, problems = read_linkedin_connections(path)
    assert contacts == [] and "no header line" in problems[0].message


@pytest.mark.parametrize(("text", "days"), [
    ("every 8 weeks", 56), ("8 weeks", 56), ("8w", 56), ("10d", 10), (14, 14), ("every 3 days", 3),
    ("48h", 2), ("Every 1 week", 7),
])
def test_cadences(text: object, days: int) -> None:
    assert parse_cadence(text) == days


@pytest.mark.parametrize("text", ["every fortnight", "36h", "0d", -3, "2 months"])
def test_bad_cadences_say_what_a_cadence_is(text: object) -> None:
    with pytest.raises(ValueError):
        parse_cadence(text)


def test_the_toml_file_round_trips_atomically(people: Path, tmp_path: Path) -> None:
    book = load_contacts(people / "contacts.toml")
    ada = book.find("ada lovelace")
    assert ada is not None and ada.cadence_days == 56 and ada.timezone == "Europe/Berlin"
    assert book.meetings[0].promises == ("intro to Grace", "share slides")
    target = tmp_path / "out" / "contacts.toml"
    save_contacts(book, target)
    assert load_contacts(target) == book
    assert [p.name for p in target.parent.iterdir()] == ["contacts.toml"]  # no temporary left


def test_a_missing_file_is_an_empty_book(tmp_path: Path) -> None:
    assert load_contacts(tmp_path / "none.toml") == ContactBook()


def test_a_wrong_key_names_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[contact]]\nname = "A B"\ncadense = "8w"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c.toml, key 'contact\[0\].cadense'.*did you mean 'cadence'"):
        load_contacts(path)
    path.write_text('[[contact]]\nname = "A B"\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a time zone"):
        load_contacts(path)


def test_text_with_quotes_and_newlines_survives_saving(tmp_path: Path) -> None:
    book = ContactBook(contacts=(Contact(name='Jo "JJ" O\'Neil', role="CTO\nand founder",
                                         topics=("c#", "ünïcode")),))
    save_contacts(book, tmp_path / "c.toml")
    assert load_contacts(tmp_path / "c.toml") == book


def test_recording_a_meeting_updates_last_contact_and_adds_new_people() -> None:
    book = ContactBook(contacts=(Contact(name="Ada Lovelace", last_contact="2026-05-01"),))
    after = book.record_meeting("ADA LOVELACE", "PyCon DE 2027", dt.date(2027, 4, 14),
                                promises=["share slides"])
    assert after.find("Ada Lovelace").last_contact == dt.date(2027, 4, 14)  # type: ignore[union-attr]
    assert after.find("Ada Lovelace").where_met == "PyCon DE 2027"  # type: ignore[union-attr]
    newer = after.record_meeting("Grace Hopper", "PyCon DE 2027", dt.date(2027, 4, 14))
    assert [c.name for c in newer.contacts] == ["Ada Lovelace", "Grace Hopper"]
    assert len(newer.meetings) == 2 and book.meetings == ()


def test_merging_an_import_keeps_what_the_person_wrote(people: Path) -> None:
    book = load_contacts(people / "contacts.toml")
    cards, _ = read_vcards(people / "contacts.vcf")
    merged = book.merge(cards)
    ada = merged.find("Ada Lovelace")
    assert ada is not None and ada.where_met == "PyCon DE 2026" and ada.email == "ada@example.org"
    assert ada.topics == ("python", "compilers")
    assert [c.name for c in merged.contacts] == ["Ada Lovelace", "Grace Hopper", "Donald Knuth"]
