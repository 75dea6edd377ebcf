"""``eventscout talk``: the CFP pipeline on the command line, kept in a real file across runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventscout.cli import main
from eventscout.cli_parser import build_parser
from eventscout.plan import State, load_talks
from eventscout.samples import demo_config_path

NOW = "2027-01-15T12:00:00Z"


@pytest.fixture
def store(tmp_path: Path) -> str:
    """A store holding the demo's events, as `eventscout run` leaves it."""
    path = str(tmp_path / "state.sqlite")
    assert main(["run", "-o", str(tmp_path / "run.ics"), "--now", NOW, "--quiet",
                 "--store", path]) == 0
    return path


def talk(*argv: str) -> int:
    return main(["talk", *argv])


def test_a_talk_goes_through_the_pipeline_and_every_step_survives_a_restart(
        tmp_path: Path, store: str, capsys: pytest.CaptureFixture[str]) -> None:
    talks = tmp_path / "talks" / "talks.toml"
    abstract = tmp_path / "talks" / "plans.md"
    abstract.parent.mkdir()
    abstract.write_text("How to choose a year of events.\n", encoding="utf-8")
    assert talk("add", "Plans that fit", "--abstract", str(abstract), "--tag", "Python",
                "--tag", "optimisation", "--talks", str(talks)) == 0
    assert "Added 'Plans that fit' [python, optimisation]" in capsys.readouterr().out
    (added,) = load_talks(talks).talks
    assert added.abstract == "plans.md"  # relative to the talks file, which lies beside it
    assert talk("submit", "plans", "--to", "EuroPython", "--talks", str(talks), "--store", store,
                "--now", NOW) == 0
    assert "'Plans that fit' at EuroPython 2027 (2027-07-12): idea" in capsys.readouterr().out
    for state in ("drafting", "submitted", "accepted"):
        assert talk("set", "Plans that fit", "europython", state, "--talks", str(talks),
                    "--now", "2027-02-01") == 0
        (submission,) = load_talks(talks).submissions  # read afresh: what a new process sees
        assert submission.state is State(state)
    assert "submitted -> accepted" in capsys.readouterr().out
    assert submission.event == "EuroPython 2027" and submission.event_key
    assert submission.updated == dt.date(2027, 2, 1)
    # written atomically: no temporary file is left beside it
    assert sorted(p.name for p in talks.parent.iterdir()) == ["plans.md", "talks.toml"]
    assert talk("list", "--talks", str(talks)) == 0
    listed = capsys.readouterr().out
    assert "Plans that fit  [python, optimisation]  abstract: plans.md" in listed
    assert "accepted   EuroPython 2027  since 2027-02-01" in listed


def test_ambiguous_and_unknown_names_are_clear_errors_with_candidates(
        tmp_path: Path, store: str, capsys: pytest.CaptureFixture[str]) -> None:
    talks = str(tmp_path / "talks.toml")
    assert talk("add", "Plans that fit", "--tag", "python", "--talks", talks) == 0
    assert talk("add", "Plans that stay", "--talks", talks) == 0
    capsys.readouterr()
    assert talk("submit", "Plans that fit", "--to", "Python", "--talks", talks,
                "--store", store) == 2
    error = capsys.readouterr().err
    assert "'Python' matches 13 events" in error and "EuroPython 2027 (2027-07-12)  " in error
    assert talk("submit", "Plans that fit", "--to", "Nope Conference", "--talks", talks,
                "--store", store) == 2
    assert "no event called 'Nope Conference' among the " in capsys.readouterr().err
    assert talk("submit", "Plans", "--to", "EuroPython", "--talks", talks, "--store", store) == 2
    error = capsys.readouterr().err
    assert "'Plans' matches 2 talks" in error and "\n  Plans that stay" in error
    assert talk("set", "Plans that fit", "EuroPython", "drafting", "--talks", talks) == 2
    assert "'Plans that fit' has no submission at 'EuroPython'" in capsys.readouterr().err
    assert talk("add", "plans that fit", "--talks", talks) == 2
    assert "already a talk called 'plans that fit'" in capsys.readouterr().err
    assert load_talks(talks).submissions == ()


def test_an_illegal_move_is_refused_and_the_file_is_left_as_it_was(
        tmp_path: Path, store: str, capsys: pytest.CaptureFixture[str]) -> None:
    talks = tmp_path / "talks.toml"
    assert talk("add", "Plans that fit", "--talks", str(talks)) == 0
    assert talk("submit", "Plans that fit", "--to", "EuroPython 2027", "--talks", str(talks),
                "--store", store) == 0
    before = talks.read_bytes()
    capsys.readouterr()
    assert talk("set", "Plans that fit", "EuroPython 2027", "accepted", "--talks", str(talks)) == 2
    assert ("'Plans that fit' at 'EuroPython 2027' cannot go from idea to accepted "
            "(from idea: drafting, withdrawn)") in capsys.readouterr().err
    assert talks.read_bytes() == before
    assert talk("set", "Plans that fit", "EuroPython 2027", "withdrawn", "--talks", str(talks)) == 0
    assert talk("set", "Plans that fit", "EuroPython 2027", "drafting", "--talks", str(talks)) == 2
    assert "from withdrawn: nothing, it is final" in capsys.readouterr().err


def test_submit_can_record_a_talk_already_sent(tmp_path: Path, store: str) -> None:
    talks = str(tmp_path / "talks.toml")
    assert talk("add", "Plans that fit", "--talks", talks) == 0
    assert talk("submit", "Plans that fit", "--to", "PyData Global", "--state", "submitted",
                "--talks", talks, "--store", store) == 0
    (submission,) = load_talks(talks).submissions
    assert (submission.event, submission.state) == ("PyData Global 2027", State.SUBMITTED)


def test_cfps_lists_the_open_calls_that_fit_with_days_left(
        tmp_path: Path, store: str, capsys: pytest.CaptureFixture[str]) -> None:
    talks = str(tmp_path / "talks.toml")
    assert talk("cfps", "--talks", talks, "--store", store, "--now", NOW) == 0
    assert "No talks yet" in capsys.readouterr().out
    assert talk("add", "Plans that fit", "--tag", "python", "--talks", talks) == 0
    assert talk("add", "Rust for planners", "--tag", "rust", "--talks", talks) == 0
    capsys.readouterr()
    assert talk("cfps", "--talks", talks, "--store", store, "--now", NOW) == 0
    out = capsys.readouterr().out
    assert "Open calls for papers that fit your talks (2):" in out
    lines = out.splitlines()[1:]
    assert lines[0].split()[:5] == ["2027-02-28", "23:59", "AoE", "44", "days"]
    assert "EuroPython 2027: 'Plans that fit' (python)  https://example.org/europython/cfp" in lines[0]
    assert "PyData Global 2027" in lines[1] and "212 days left" in lines[1]
    assert "PyCon DE" not in out  # its call closed on 2027-01-05
    assert "Rust for planners" not in out  # no open call fits the tag rust
    assert talk("submit", "Plans that fit", "--to", "EuroPython", "--state", "submitted",
                "--talks", talks, "--store", store) == 0
    capsys.readouterr()
    assert talk("cfps", "--talks", talks, "--store", store, "--now", NOW) == 0
    out = capsys.readouterr().out
    assert "EuroPython" not in out and "(1):" in out  # submitted there: no more reminding


def test_the_talks_file_comes_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "eventscout.toml"
    text = demo_config_path().read_text(encoding="utf-8")
    config.write_text(text.replace("[plan]\n", '[plan]\ntalks = "mine/talks.toml"\n', 1),
                      encoding="utf-8")
    assert talk("add", "Plans that fit", "--config", str(config)) == 0
    assert load_talks(tmp_path / "mine" / "talks.toml").talks[0].title == "Plans that fit"


def test_every_talk_action_has_a_description_and_examples() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    talk_parser = commands.choices["talk"]  # type: ignore[attr-defined]
    (actions,) = [a for a in talk_parser._actions if a.dest == "talk_command"]
    assert set(actions.choices) == {"add", "list", "submit", "set", "cfps"}  # type: ignore[attr-defined]
    for name, sub in actions.choices.items():  # type: ignore[attr-defined]
        help_text = sub.format_help()
        assert sub.description and len(sub.description) > 60, name
        assert f"examples:\n  eventscout talk {name}" in help_text, name
