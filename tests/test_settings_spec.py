"""The settings spec: one set of readers, one duration dialect, errors naming file and key."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

import pytest

from eventscout.errors import ConfigError, ProfileError
from eventscout.reference import BEGIN, END, SECTIONS, config_reference, splice_reference
from eventscout.settings import (
    Choice,
    Duration,
    Flag,
    Number,
    Option,
    Section,
    TableOf,
    Text,
    Texts,
    Where,
    parse_duration,
)

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "config.md"
HERE = Where("c.toml", "t")


class Colour(enum.StrEnum):
    DARK_RED = "dark_red"
    BLUE = "blue"


@pytest.mark.parametrize(("value", "bare", "seconds"), [
    (30, "seconds", 30.0), ("500ms", "seconds", 0.5), ("15m", "seconds", 900.0),
    (" 2 h ", "seconds", 7200.0), ("1d", "seconds", 86400.0), ("2w", "seconds", 1209600.0),
    (3, "days", 259200.0), ("12h", "days", 43200.0), ("45", "days", 45 * 86400.0),
    (1.5, "hours", 5400.0), ("10min", "seconds", 600.0),
])
def test_one_duration_dialect_with_a_documented_bare_unit(value, bare, seconds):
    assert parse_duration(value, bare=bare) == seconds


@pytest.mark.parametrize("bad", ["6 hours", "-1", -1, True, None, "h", float("inf"), [1]])
def test_a_wrong_duration_is_refused(bad):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


def test_readers_convert_and_name_the_key_when_they_refuse():
    assert Text(case="lower")("  Python ", HERE) == "python"
    assert Texts()("one", HERE) == ("one",)
    assert Number(lo=0, hi=1)(1, HERE) == 1.0 and isinstance(Number(lo=0, hi=1)(1, HERE), float)
    assert Number(whole=True)(3, HERE) == 3
    assert Choice.of(Colour)("Dark-Red", HERE) is Colour.DARK_RED
    assert Duration(bare="days", as_timedelta=True)("12h", HERE) == dt.timedelta(hours=12)
    assert TableOf(Number())({"a": 1}, HERE) == {"a": 1.0}
    cases = [
        (Text(), "", "t", "non-empty string"),
        (Texts(), ["a", 3], "t[1]", "non-empty string"),
        (Number(lo=0, hi=1), 2, "t", "outside [0, 1]"),
        (Number(), float("nan"), "t", "finite"),
        (Number(whole=True), 1.5, "t", "whole number"),
        (Number(lo=1, whole=True), 0, "t", "positive whole number"),
        (Flag(), "yes", "t", "true or false"),
        (Choice.of(Colour), "blu", "t", "did you mean 'blue'"),
        (TableOf(Number()), {"a": "x"}, "t.a", "expected a number"),
        (Text(pattern="[A-Z]{2}", hint="a code such as 'DE'"), "Deu", "t", "a code such as"),
    ]
    for reader, value, key, words in cases:
        with pytest.raises(ConfigError) as caught:
            reader(value, HERE)
        assert (caught.value.key, caught.value.path) == (key, "c.toml")
        assert words in str(caught.value), (reader, str(caught.value))


def test_a_section_reads_known_keys_and_suggests_for_unknown_ones():
    section = Section(title="[x]", doc="", noun="thing", options=(
        Option(key="limit", reader=Number(whole=True), doc="", attribute="most"),
        Option(key="name", reader=Text(), doc=""),
    ))
    assert section.read({"limit": 3}, Where("c.toml", "x")) == {"most": 3}
    with pytest.raises(ProfileError) as caught:
        section.read({"limt": 3}, Where("c.toml", "x", ProfileError))
    assert caught.value.key == "x.limt"
    assert "unknown thing 'limt'; did you mean 'limit'?" in str(caught.value)
    assert section.read({"other": 1}, Where(None), extra=("other",)) == {}


def test_every_option_of_every_section_is_documented():
    for section in SECTIONS:
        assert section.doc.strip(), section.title
        for option in section.options:
            assert option.doc.strip(), (section.title, option.key)
            assert option.reader.describe.strip(), (section.title, option.key)


def test_the_reference_page_is_generated_from_the_spec():
    page = PAGE.read_text(encoding="utf-8")
    assert BEGIN in page and END in page, "run scripts/config_reference.py"
    assert splice_reference(page) == page, "docs/reference/config.md is stale: run scripts/config_reference.py"
    for section in SECTIONS:
        for option in section.options:
            assert f"| `{option.key}` |" in config_reference()


def test_splicing_keeps_the_hand_written_text():
    page = f"# Title\n\nintro\n\n{BEGIN}\nstale table\n{END}\n\nafter\n"
    spliced = splice_reference(page)
    assert spliced.startswith("# Title\n\nintro\n\n") and spliced.endswith("\n\nafter\n")
    assert "stale table" not in spliced


def test_an_adapters_options_are_read_off_its_class():
    from eventscout.sources.registry import adapter_options

    section = adapter_options("html")
    assert section is not None
    item = section.by_key["item"]
    assert item.default == "required" and item.doc == "one element per event"
    assert section.by_key["day_first"].default == "false"
    assert "time zone" in section.by_key["timezone"].reader.describe


def test_a_misspelled_adapter_option_names_the_nearest_one():
    from eventscout.sources.registry import create_source

    with pytest.raises(ConfigError) as caught:
        create_source("confstech", name="confs", options={"ur": "x.json"}, config_path="c.toml")
    assert caught.value.key == "sources[confs].ur" and caught.value.path == "c.toml"
    assert "did you mean 'url'?" in str(caught.value)
