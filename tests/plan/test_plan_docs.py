"""The how-to pages' Python examples run as written (so the docs stay true)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "how-to"


def blocks(page: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", (DOCS / page).read_text(encoding="utf-8"), re.DOTALL)


@pytest.mark.parametrize("page", ["plan-your-year.md", "keep-in-touch.md"])
def test_the_examples_run(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    found = blocks(page)
    assert found
    for code in found:
        exec(compile(code, f"{page} example", "exec"), {"__name__": "example"})
    assert capsys.readouterr().out


def test_the_plan_example_prints_what_the_page_says() -> None:
    namespace: dict[str, object] = {"__name__": "example"}
    exec(compile(blocks("plan-your-year.md")[0], "example", "exec"), namespace)
    reasons = {entry.event.title: entry.reason for entry in namespace["plan"].entries}  # type: ignore[attr-defined]
    assert reasons["DataFest"] == "left out: overlaps PyCon DE, which scores higher (0.82 vs 0.75)"
    assert reasons["Local Data Day"] == "left out: clashes with your busy time 'Team offsite'"


def test_the_talks_file_on_the_page_loads_and_names_a_real_demo_event(tmp_path: Path) -> None:
    from eventscout.pipeline import demo_config, run
    from eventscout.plan import State, load_talks

    page = (DOCS / "plan-your-year.md").read_text(encoding="utf-8")
    (talks,) = [block for block in re.findall(r"```toml\n(.*?)```", page, re.DOTALL)
                if "[[talk]]" in block]
    path = tmp_path / "talks.toml"
    path.write_text(talks, encoding="utf-8")
    book = load_talks(path)
    assert book.submissions[0].state is State.ACCEPTED
    from eventscout.testing import FIXED_NOW

    events = run(demo_config(), now=FIXED_NOW, output="", store=tmp_path / "s.sqlite").events
    (accepted,) = book.accepted_at(events)
    assert next(e.title for e in events if e.key == accepted) == "EuroPython 2027"
