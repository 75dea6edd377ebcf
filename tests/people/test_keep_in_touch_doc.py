"""docs/how-to/keep-in-touch.md stays true: its commands run as written, its TOML loads.

(The page's Python examples are run by tests/plan/test_plan_docs.py.) Commands run in a scratch
folder holding a link to the project's tests/, so the paths the page names resolve as they do
from the project root and nothing is written into the project.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest

from eventscout.cli import main
from eventscout.config import parse_config
from eventscout.people import load_contacts

PROJECT = Path(__file__).resolve().parents[2]
PAGE = PROJECT / "docs" / "how-to" / "keep-in-touch.md"
_BLOCK = re.compile(r"(<!-- docs-test: skip[^\n]*-->\n)?```(\w+)\n(.*?)```", re.DOTALL)


def blocks(language: str) -> list[tuple[bool, str]]:
    """(skipped, text) of each block in ``language``."""
    return [(bool(skip), text) for skip, lang, text in _BLOCK.findall(PAGE.read_text("utf-8"))
            if lang == language]


def test_the_commands_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tests").symlink_to(PROJECT / "tests")
    monkeypatch.chdir(tmp_path)
    ran = 0
    for skipped, text in blocks("console"):
        if skipped:
            continue
        for line in text.splitlines():
            if line.startswith("eventscout "):
                assert main(shlex.split(line)[1:]) == 0, line
                ran += 1
    assert ran >= 4
    out = capsys.readouterr().out
    assert "(3 new, 0 already known), 4 skipped" in out and "Overdue:" in out
    assert len(load_contacts(tmp_path / "build" / "contacts.toml").contacts) == 6


def test_every_skipped_block_says_why() -> None:
    text = PAGE.read_text("utf-8")
    for marker in re.findall(r"<!-- docs-test: skip[^\n]*-->", text):
        assert re.match(r"<!-- docs-test: skip because \w+", marker), marker


def test_the_toml_examples_load(tmp_path: Path) -> None:
    found = blocks("toml")
    assert len(found) == 3
    for _, text in found:
        data = tomllib.loads(text)
        if "profile" in data:
            parse_config(data, path=tmp_path / "eventscout.toml")
        else:
            path = tmp_path / "contacts.toml"
            path.write_text(text, encoding="utf-8")
            assert load_contacts(path).contacts
