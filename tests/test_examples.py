"""Every example script runs (offline) and does what its docstring says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def test_there_are_examples() -> None:
    assert any(s.name == "quickstart.py" for s in SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_runs(script: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.ics"
    result = subprocess.run([sys.executable, str(script), str(output)], capture_output=True,
                            text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    if script.name == "quickstart.py":
        assert "1. " in result.stdout and output.exists()
        assert output.read_bytes().startswith(b"BEGIN:VCALENDAR")
