"""The config's [people] table: the contacts file, the feed, CalDAV; strict like every table."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventscout.config import load_config
from eventscout.errors import ConfigError
from eventscout.people import FeedMode, PeopleSettings, default_contacts_path
from eventscout.reference import config_reference

BASE = '[profile]\nname = "T"\n'


def config(tmp_path: Path, people: str) -> Path:
    path = tmp_path / "eventscout.toml"
    path.write_text(BASE + "\n[people]\n" + people, encoding="utf-8")
    return path


def test_the_contacts_path_is_relative_to_the_config_file(tmp_path: Path) -> None:
    loaded = load_config(config(tmp_path, 'contacts = "me/contacts.toml"\nfeed = "public"\n'
                                          'caldav_url = "http://127.0.0.1:5232/ada/tasks"\n'
                                          'caldav_username = "ada"\n'
                                          'caldav_password_env = "DAV_PASSWORD"\n'))
    people = loaded.people
    assert people.contacts_path == tmp_path / "me" / "contacts.toml"
    assert people.feed is FeedMode.PUBLIC and people.due_within == 7
    assert people.caldav_url == "http://127.0.0.1:5232/ada/tasks/"  # a collection ends in /
    assert (people.caldav_username, people.caldav_password_env) == ("ada", "DAV_PASSWORD")


def test_without_a_table_the_defaults_hold(tmp_path: Path) -> None:
    path = tmp_path / "eventscout.toml"
    path.write_text(BASE, encoding="utf-8")
    assert load_config(path).people == PeopleSettings()
    assert PeopleSettings().contacts_path == default_contacts_path()
    assert default_contacts_path().name == "contacts.toml"


@pytest.mark.parametrize(("line", "message"), [
    ('contact = "c.toml"', r"people.contact.*did you mean 'contacts'"),
    ('feed = "secret"', r"people.feed.*not one of: private, public, none"),
    ("due_within = -1", r"people.due_within"),
    ('caldav_url = "dav.example.org"', r"people.caldav_url.*not an http\(s\) URL"),
    ('caldav_password_env = "my password"', r"people.caldav_password_env"),
])
def test_a_wrong_key_or_value_names_the_file_and_key(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(config(tmp_path, line + "\n"))
    assert "eventscout.toml" in str(caught.value)


def test_the_reference_lists_every_people_key() -> None:
    text = config_reference()
    section = text.split("[people]", 1)[1]
    for key in ("contacts", "due_within", "feed", "caldav_url", "caldav_username",
                "caldav_password_env"):
        assert f"`{key}`" in section
