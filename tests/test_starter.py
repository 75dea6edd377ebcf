"""eventscout init: a first config from a few answers, that loads and runs as it is."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from eventscout.cli import main
from eventscout.config import load_config
from eventscout.errors import ConfigError
from eventscout.starter import Answers, starter_config, write_starter_config

TODAY = dt.date(2026, 12, 7)


def test_the_starter_config_is_valid_toml_with_presets_for_the_interests():
    answers = Answers(name='Dana "D"', home="Amsterdam", max_distance_km=800,
                      interests={"Python": 1.0, "data engineering": 0.8, "kubernetes": 0.5},
                      goals={"visibility": 0.9}, languages=("en", "nl"), budget=Decimal(600))
    data = tomllib.loads(starter_config(answers, today=TODAY))
    assert data["profile"]["name"] == 'Dana "D"'
    assert data["profile"]["interests"] == {"Python": 1.0, "data engineering": 0.8, "kubernetes": 0.5}
    assert data["profile"]["budget"] == {"amount": 600, "currency": "EUR"}
    confs, devevents = data["sources"]
    assert confs == {"preset": "confs.tech", "topics": ["python", "data", "devops"],
                     "years": [2026, 2027]}
    assert devevents == {"preset": "developers.events"}


def test_ai_interests_add_the_paper_deadlines():
    data = tomllib.loads(starter_config(Answers(interests={"machine learning": 1.0}), today=TODAY))
    assert {"preset": "ai-deadlines"} in data["sources"]


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path):
    target = tmp_path / "eventscout.toml"
    target.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="--force"):
        write_starter_config(target, Answers(interests={"rust": 1.0}))
    assert target.read_text(encoding="utf-8") == "# mine\n"
    config = write_starter_config(target, Answers(interests={"rust": 1.0}), force=True, today=TODAY)
    assert [s.name for s in config.sources][:2] == ["confs.tech/2026/rust", "confs.tech/2027/rust"]
    assert not list(tmp_path.glob(".eventscout-init-*"))


def test_init_with_flags_then_run_reads_the_local_config(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status = main(["init", "--no-input", "--name", "Dana", "--home", "Amsterdam",
                   "--interest", "python", "--interest", "data engineering=0.8",
                   "--goal", "visibility=0.9", "--language", "en", "--budget", "600EUR"])
    assert status == 0
    config = load_config(tmp_path / "eventscout.toml")
    assert config.profile.name == "Dana" and config.profile.budget is not None
    assert config.profile.budget.amount == Decimal(600)
    assert "Wrote" in capsys.readouterr().out
    assert main(["init", "--no-input", "--interest", "go"]) == 2
    assert "--force" in capsys.readouterr().err


def test_init_asks_what_the_flags_leave_open(tmp_path: Path, capsys):
    answers = iter(["Ada", "Berlin", "1200", "python, rust=0.7", "mentorship", "en, de", ""])
    from eventscout.cli_init import run_init
    from eventscout.cli_parser import build_parser

    args = build_parser().parse_args(["init", "-o", str(tmp_path / "c.toml")])
    out = io.StringIO()
    assert run_init(args, out, interactive=True, ask=lambda _question: next(answers)) == 0
    profile = load_config(tmp_path / "c.toml").profile
    assert profile.name == "Ada" and profile.max_distance_km == 1200
    assert profile.interests == {"python": 1.0, "rust": 0.7}
    assert profile.languages == ("en", "de") and profile.budget is None


def test_init_off_a_terminal_says_it_does_not_ask(tmp_path: Path):
    """Answers piped into ``init`` are not read; the command says so instead of ignoring them."""
    from eventscout.cli_init import run_init
    from eventscout.cli_parser import build_parser

    args = build_parser().parse_args(["init", "-o", str(tmp_path / "c.toml"), "--home", "Berlin"])
    out = io.StringIO()
    assert run_init(args, out, interactive=False) == 0
    assert "standard input is not a terminal" in out.getvalue()
    quiet = build_parser().parse_args(["init", "-o", str(tmp_path / "d.toml"), "--no-input"])
    out = io.StringIO()
    assert run_init(quiet, out, interactive=False) == 0
    assert "not a terminal" not in out.getvalue()


def test_an_unknown_goal_is_refused(tmp_path: Path, capsys):
    assert main(["init", "--no-input", "-o", str(tmp_path / "c.toml"), "--goal", "fame"]) == 2
    assert "unknown goal 'fame'" in capsys.readouterr().err
    assert not (tmp_path / "c.toml").exists()


def test_run_says_which_config_it_uses(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["run", "-o", str(tmp_path / "demo.ics"), "--now",
                 "2027-01-15T12:00:00Z", "--store", str(tmp_path / "s.sqlite")]) == 0
    assert "running the bundled demo" in capsys.readouterr().out


@pytest.mark.shared_data
def test_init_with_flags_then_run_over_the_real_data(tmp_path: Path, monkeypatch, capsys,
                                                      shared_site: str) -> None:
    """A newcomer's first hour: init with flags, then run, with the presets read over HTTP."""
    monkeypatch.chdir(tmp_path)
    assert main([
        "init", "--no-input", "--name", "Dana", "--home", "Amsterdam", "--max-distance", "1500",
        "--interest", "data", "--interest", "java=0.6", "--interest", "machine learning=0.5",
        "--goal", "visibility=0.9", "--language", "en", "--year", "2026", "--year", "2027",
        "--preset-url", f"confs.tech={shared_site}/tech-conferences-conference-data/conferences",
        "--preset-url",
        f"developers.events={shared_site}/scraly-developers-conferences-agenda/all-events.json",
        "--preset-url", f"ai-deadlines={shared_site}/paperswithcode-ai-deadlines/_data",
    ]) == 0
    capsys.readouterr()
    status = main(["run", "--now", "2026-01-10T09:00:00Z"])
    out, err = capsys.readouterr()
    assert "Using " + str(tmp_path / "eventscout.toml") in out
    assert status == 0, out + err
    assert "Top " in out and (tmp_path / "build" / "eventscout.ics").is_file()
    for name in ("confs.tech/2026/data", "confs.tech/2027/java", "developers.events", "ai-deadlines"):
        assert name in out
