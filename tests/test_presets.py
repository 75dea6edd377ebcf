"""Source presets: well-known public sources by name, expanded into ordinary sources."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventscout.config import load_config, parse_config
from eventscout.errors import ConfigError
from eventscout.pipeline import run
from eventscout.presets import CONFS_TECH_ROOT, PRESETS

PROFILE = {"interests": {"python": 1.0}}


def sources_of(*tables: dict) -> list[tuple[str, str, dict]]:
    config = parse_config({"profile": PROFILE, "sources": list(tables)})
    return [(s.type, s.name, dict(s.options)) for s in config.sources]


def test_confs_tech_expands_into_one_source_per_year_and_topic():
    found = sources_of({"preset": "confs.tech", "topics": ["Python", "data"], "years": [2026, 2027]})
    assert [(kind, name) for kind, name, _ in found] == [
        ("confstech", "confs.tech/2026/python"), ("confstech", "confs.tech/2026/data"),
        ("confstech", "confs.tech/2027/python"), ("confstech", "confs.tech/2027/data"),
    ]
    assert found[0][2] == {"url": f"{CONFS_TECH_ROOT}/2026/python.json", "topic": "python"}


def test_years_default_to_this_year_and_next():
    found = sources_of({"preset": "confs.tech", "topics": "python", "name": "confs"})
    year = dt.date.today().year
    assert [name for _, name, _ in found] == [f"confs/{year}/python", f"confs/{year + 1}/python"]


def test_meetup_luma_and_datasets():
    found = sources_of(
        {"preset": "meetup", "groups": ["pyberlin", "berlin-rust"], "topics": ["python"]},
        {"preset": "luma", "calendars": "cal-abc123"},
        {"preset": "developers.events"},
        {"preset": "ai-deadlines", "topics": ["ai"]},
    )
    assert found[0] == ("ical", "meetup/pyberlin",
                        {"url": "https://www.meetup.com/pyberlin/events/ical/", "topics": ("python",)})
    assert found[1][0:2] == ("ical", "meetup/berlin-rust")
    assert found[2] == ("ical", "luma/cal-abc123",
                        {"url": "https://api.lu.ma/ics/get?entity=calendar&id=cal-abc123"})
    assert found[3][0:2] == ("devevents", "developers.events")
    assert found[4][2]["url"].endswith("/conferences.yml") and found[4][2]["types"].endswith("/types.yml")


@pytest.mark.parametrize(("table", "key", "words"), [
    ({"preset": "confs-tech", "topics": ["python"]}, "sources[0].preset", "did you mean 'confs.tech'"),
    ({"preset": "confs.tech"}, "sources[0].topics", "needs topics"),
    ({"preset": "confs.tech", "topics": ["python"], "yaers": [2026]}, "sources[0].yaers",
     "did you mean 'years'"),
    ({"preset": "confs.tech", "topics": ["python"], "years": ["next"]}, "sources[0].years[0]",
     "whole number"),
    ({"preset": "meetup", "type": "ical", "groups": ["x"]}, "sources[0].type", "not both"),
])
def test_mistakes_name_the_file_and_the_key(table, key, words):
    with pytest.raises(ConfigError) as caught:
        parse_config({"profile": PROFILE, "sources": [table]}, path=Path("conf/eventscout.toml"))
    assert caught.value.key == key and caught.value.path == "conf/eventscout.toml"
    assert words in str(caught.value)


def test_expanded_names_stay_unique():
    with pytest.raises(ConfigError, match="unique"):
        sources_of({"preset": "meetup", "groups": ["a"]}, {"preset": "meetup", "groups": ["a"]})


def test_every_preset_and_option_is_documented():
    for preset in PRESETS.values():
        assert preset.description and preset.options.doc
        assert all(option.doc for option in preset.options.options)


@pytest.mark.shared_data
def test_presets_read_the_real_datasets_over_http(shared_site: str, tmp_path: Path):
    config_file = tmp_path / "eventscout.toml"
    config_file.write_text(f"""
[profile]
name = "Dana"
home = "Amsterdam"
[profile.interests]
python = 1.0
data = 0.8

[[sources]]
preset = "confs.tech"
topics = ["python", "data"]
years = [2026]
base_url = "{shared_site}/tech-conferences-conference-data/conferences"
[sources.fetch]
min_delay = 0

[[sources]]
preset = "ai-deadlines"
base_url = "{shared_site}/paperswithcode-ai-deadlines/_data"
[sources.fetch]
min_delay = 0

[[sources]]
preset = "developers.events"
url = "{shared_site}/scraly-developers-conferences-agenda/all-events.json"
[sources.fetch]
min_delay = 0

[output]
store = "state.sqlite"
""", encoding="utf-8")
    config = load_config(config_file)
    result = run(config, now=dt.datetime(2023, 1, 10, tzinfo=dt.UTC), output=tmp_path / "out.ics")
    report = {line.name: line for line in result.collection.report.sources}
    assert set(report) == {"confs.tech/2026/python", "confs.tech/2026/data", "ai-deadlines",
                           "developers.events"}
    for name, line in report.items():
        assert line.status.succeeded and line.items > 0, (name, line)
    assert result.collection.report.outcome.exit_code == 0
    assert result.ranking.matches


def test_the_cli_lists_presets_and_their_options(capsys):
    from eventscout.cli import main

    assert main(["sources", "--presets"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in PRESETS)
    assert main(["sources", "confs.tech"]) == 0
    shown = capsys.readouterr().out
    assert "years:" in shown and "this year and next" in shown
    assert main(["sources", "confstech"]) == 0
    assert "default_languages:" in capsys.readouterr().out
    assert main(["sources", "nosuch"]) == 2
    assert "no source adapter called 'nosuch'" in capsys.readouterr().err


def test_ccf_and_sec_deadlines_presets():
    found = sources_of(
        {"preset": "ccf-deadlines", "conferences": ["sc/ccs", "AI/NeurIPS"], "since_year": 2026},
        {"preset": "sec-deadlines", "topics": ["security"]},
    )
    from eventscout.presets import CCF_DEADLINES_ROOT, SEC_DEADLINES_ROOT

    assert found[0] == ("ccfdeadlines", "ccf-deadlines", {
        "urls": [f"{CCF_DEADLINES_ROOT}/SC/ccs.yml", f"{CCF_DEADLINES_ROOT}/AI/neurips.yml"],
        "since_year": 2026})
    assert found[1] == ("secdeadlines", "sec-deadlines",
                        {"url": f"{SEC_DEADLINES_ROOT}/conferences.yml", "topics": ("security",)})


def test_ccf_deadlines_needs_conferences_and_names_a_typo():
    with pytest.raises(ConfigError, match="conferences"):
        sources_of({"preset": "ccf-deadlines"})
    with pytest.raises(ConfigError, match="since_yera"):
        sources_of({"preset": "ccf-deadlines", "conferences": ["SC/ccs"], "since_yera": 2026})


def test_deadline_presets_read_local_copies(tmp_path: Path, now: dt.datetime):
    """A preset with base_url pointing at a folder runs end to end through the pipeline."""
    data = Path(__file__).parent / "data" / "deadline-lists"
    (tmp_path / "ccf" / "SC").mkdir(parents=True)
    (tmp_path / "ccf" / "SC" / "demosec.yml").write_bytes((data / "ccf-sc-demo.yml").read_bytes())
    (tmp_path / "sec").mkdir()
    (tmp_path / "sec" / "conferences.yml").write_bytes((data / "sec-demo.yml").read_bytes())
    config = parse_config({"profile": {"interests": {"security": 1.0}}, "sources": [
        {"preset": "ccf-deadlines", "conferences": ["SC/demosec"], "base_url": str(tmp_path / "ccf")},
        {"preset": "sec-deadlines", "base_url": str(tmp_path / "sec")},
    ]})
    result = run(config, output="", now=now, store=tmp_path / "state.sqlite")
    titles = {event.title for event in result.collection.events}
    assert {"DEMOSEC 2027", "DemoCrypt 2027", "PrivWork 2027"} <= titles
    assert {problem.source for problem in result.collection.problems} == {
        "ccf-deadlines", "sec-deadlines"}


def test_a_remote_folder_url_fails_instead_of_succeeding_with_nothing(tmp_path: Path, now: dt.datetime):
    """Issue 11: a confs.tech base_url naming a web folder page (HTML, not JSON) once 'succeeded'
    with 0 events; now the source fails, names the page and the run does not exit 0."""
    import responses

    page = "https://github.com/tech-conferences/conference-data/tree/main/conferences"
    config = parse_config({"profile": PROFILE, "sources": [
        {"preset": "confs.tech", "topics": ["python"], "years": [2027], "base_url": page}]})
    with responses.RequestsMock() as mocked:
        mocked.get(f"{page}/2027/python.json", body="<!DOCTYPE html><p>a folder listing</p>",
                   content_type="text/html")
        result = run(config, output="", now=now, store=tmp_path / "state.sqlite")
    report = result.collection.report
    assert not result.collection.events
    assert report.exit_code != 0
    assert "not valid JSON" in report.render_table() or any(
        "not valid JSON" in problem.message for problem in result.collection.problems)
