"""The example adapter package installs with pip and eventscout finds it like a built-in one.

It is built and installed offline (no build isolation, no index, no dependencies) into a
temporary folder that only the subprocesses put on their path, so the test venv stays untouched.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).parent.parent
EXAMPLE = PROJECT / "examples" / "eventscout-example-source"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Install the example with pip; return an environment that sees it (and this eventscout)."""
    pytest.importorskip("hatchling", reason="the example is built with hatchling (the test extra)")
    target = tmp_path_factory.mktemp("site")
    build_dir = tmp_path_factory.mktemp("build")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "TMPDIR": str(build_dir)}
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(EXAMPLE)],
        check=True, capture_output=True, env=env, timeout=120,
    )
    path = os.pathsep.join([str(target), str(PROJECT / "src")])
    return {**env, "PYTHONPATH": path}


def run(installed: dict[str, str], *args: str, cwd: Path = PROJECT) -> str:
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=installed, cwd=cwd,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_installed_adapter_is_registered(installed: dict[str, str]) -> None:
    out = run(installed, "-c", "import eventscout; print(sorted(eventscout.available_sources()))")

    assert "'community-csv'" in out
    assert "'ical'" in out  # the built-ins are still there beside it


def test_installed_adapter_appears_in_eventscout_sources(installed: dict[str, str]) -> None:
    out = run(installed, "-c", "from eventscout.cli import main; raise SystemExit(main(['sources']))")

    line = next(line for line in out.splitlines() if line.startswith("community-csv"))
    assert "eventscout_example_source:CommunityCsvSource" in line


def test_the_example_tests_pass_against_the_installed_package(installed: dict[str, str]) -> None:
    out = run(installed, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=EXAMPLE)

    assert "5 passed" in out
