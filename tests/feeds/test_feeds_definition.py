"""[[feeds]] tables are parsed strictly, with errors naming the file and the key."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from eventscout.errors import ConfigError
from eventscout.feeds import FeedDefinition, Tier, load_tokens, parse_feeds
from eventscout.feeds.definition import DEFAULT_REMINDERS
from eventscout.model import EventKind


def test_a_full_table_is_read():
    (feed,) = parse_feeds([{
        "name": "deadlines", "tier": "deadlines", "min_score": 0.4, "kinds": ["conference"],
        "topics": ["Python"], "countries": ["de"], "regions": ["europe"], "online_only": True,
        "sources": ["confs"], "limit": 30, "tasks": True, "private": True, "grace_days": 7,
        "refresh_hours": 6, "deadline_kinds": ["cfp"],
        "reminders": {"cfp": [14, "3d", "12h"], "event": 2},
        "profile": {"interests": {"python": 1.0}},
    }], path="eventscout.toml")
    assert feed.tier is Tier.DEADLINES
    assert feed.filters.kinds == {EventKind.CONFERENCE}
    assert feed.filters.topics == {"python"}
    assert feed.filters.countries == {"DE"}
    assert feed.reminders["cfp"] == (dt.timedelta(days=14), dt.timedelta(days=3),
                                     dt.timedelta(hours=12))
    assert feed.reminders["event"] == (dt.timedelta(days=2),)
    assert feed.reminders["registration"] == DEFAULT_REMINDERS["registration"]
    assert feed.grace == dt.timedelta(days=7)
    assert feed.refresh == dt.timedelta(hours=6)
    assert feed.profile is not None and feed.profile.interests == {"python": 1.0}
    assert feed.uid_namespace == "deadlines.feeds.eventscout"


def test_reminder_kinds_are_read_whatever_their_case():
    (feed,) = parse_feeds([{"name": "x", "reminders": {"CFP": [7], "Task": "1d"}}])
    assert feed.reminders["cfp"] == (dt.timedelta(days=7),)
    assert feed.reminders["task"] == (dt.timedelta(days=1),)
    assert "CFP" not in feed.reminders and "Task" not in feed.reminders


def test_defaults():
    (feed,) = parse_feeds([{"name": "must"}])
    assert feed.tier is Tier.MUST_ATTEND
    assert feed.effective_limit == 10
    assert not feed.tasks and not feed.private
    assert feed.reminders["cfp"] == (dt.timedelta(days=14), dt.timedelta(days=3))
    assert parse_feeds([{"name": "x", "reminders": False}])[0].reminders == {}


@pytest.mark.parametrize("table, key, words", [
    ({"name": "a", "tier": "must-see"}, "feeds[0].tier", "not one of"),
    ({"name": "a", "limt": 3}, "feeds[0].limt", "did you mean 'limit'"),
    ({"name": "a", "min_score": 2}, "feeds[0].min_score", "[0, 1]"),
    ({"name": "a", "tasks": "yes"}, "feeds[0].tasks", "true or false"),
    ({"name": "a", "kinds": ["party"]}, "feeds[0].kinds[0]", "not one of"),
    ({"name": "a", "countries": ["Germany"]}, "feeds[0].countries[0]", "ISO code"),
    ({"name": "a", "reminders": {"cfp": ["soon"]}}, "feeds[0].reminders.cfp[0]", "days"),
    ({"name": "a", "reminders": {"party": [1]}}, "feeds[0].reminders.party", "not one of"),
    ({"name": "../etc"}, "feeds[0].name", "a-z"),
    ({"tier": "deadlines"}, "feeds[0].name", "needs a name"),
    ({"name": "a", "refresh_hours": 0}, "feeds[0].refresh_hours", "at least 1 hour"),
])
def test_errors_name_the_file_and_the_key(table, key, words):
    with pytest.raises(ConfigError) as caught:
        parse_feeds([table], path="conf/eventscout.toml")
    assert caught.value.key == key
    assert caught.value.path == "conf/eventscout.toml"
    assert words in str(caught.value)


def test_two_feeds_with_one_name_are_refused():
    with pytest.raises(ConfigError, match="already called"):
        parse_feeds([{"name": "a"}, {"name": "a"}])
    with pytest.raises(ConfigError, match="used twice"):
        parse_feeds([{"name": "a", "uid_namespace": "x"}, {"name": "b", "uid_namespace": "x"}])


def test_a_profile_file_is_read_beside_the_config(tmp_path):
    (tmp_path / "ada.toml").write_text('name = "Ada"\n[interests]\nrust = 1.0\n', encoding="utf-8")
    (feed,) = parse_feeds([{"name": "a", "profile": "ada.toml"}], path=tmp_path / "c.toml")
    assert feed.profile is not None and feed.profile.name == "Ada"


def test_a_bad_name_is_refused_in_code_too():
    with pytest.raises(ValueError, match="names the file"):
        FeedDefinition(name="a/b")


def test_tokens_are_made_once_kept_private_and_reused(tmp_path):
    file = tmp_path / "tokens.json"
    first = load_tokens(file, ["mine", "team"])
    assert len(first["mine"]) >= 40 and first["mine"] != first["team"]
    assert os.stat(file).st_mode & 0o777 == 0o600
    assert load_tokens(file, ["mine"]) == {"mine": first["mine"]}
    file.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ConfigError, match="JSON object"):
        load_tokens(file, ["mine"])
