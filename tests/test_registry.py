"""Adapters are found through the ``eventscout.sources`` entry-point group, built-in or not."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eventscout import SourceLoadError, available_sources
from eventscout.sources.registry import load_adapter

BUILT_IN = {"ical", "confstech", "sample"}


def test_built_in_adapters_are_registered_as_entry_points() -> None:
    adapters = available_sources()
    assert set(adapters) >= BUILT_IN
    for name in BUILT_IN:
        assert adapters[name].value.startswith("eventscout.")
    assert list(adapters) == sorted(adapters)


def _install_plugin(root: Path, *, broken: bool = False) -> Path:
    """Lay out an installed distribution by hand (module + dist-info with entry_points.txt), as pip would."""
    site = root / "site"
    site.mkdir()
    body = "raise RuntimeError('boom')\n" if broken else textwrap.dedent('''
        import datetime as dt
        from eventscout import Event, Problem

        class TalksSource:
            def __init__(self, *, name, city="Berlin"):
                self.name = name
                self.city = city

            def fetch(self, context):
                start = (context.now + dt.timedelta(days=10)).date()
                yield Event(title=f"Plugin Python meetup {self.city}", start=start,
                            topics=["python"], source=self.name)
                yield Problem(source=self.name, where="row 2", message="no date")
        ''')
    (site / "es_plugin_demo.py").write_text(body)
    info = site / "es_plugin_demo-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: es-plugin-demo\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[eventscout.sources]\ntalks = es_plugin_demo:TalksSource\n")
    return site


def _run(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(site))
    return subprocess.run([sys.executable, "-m", "eventscout.cli", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120)


def test_a_third_party_adapter_is_listed_and_runs(tmp_path: Path) -> None:
    site = _install_plugin(tmp_path)
    listing = _run(site, "sources", cwd=tmp_path)
    assert listing.returncode == 0, listing.stderr
    assert "talks" in listing.stdout and "es_plugin_demo:TalksSource" in listing.stdout
    assert "es-plugin-demo" in listing.stdout
    config = tmp_path / "plugin.toml"
    config.write_text(textwrap.dedent("""
        [profile]
        [profile.interests]
        python = 1.0
        [[sources]]
        type = "talks"
        name = "community-talks"
        city = "Hamburg"
    """))
    result = _run(site, "run", "--config", str(config), "-o", str(tmp_path / "out.ics"), "--quiet",
                  "--problems", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Plugin Python meetup Hamburg" in result.stdout
    assert "community-talks: row 2: no date" in result.stdout
    assert "Plugin Python meetup Hamburg" in (tmp_path / "out.ics").read_text()


def test_a_broken_plugin_names_its_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _install_plugin(tmp_path, broken=True)
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(SourceLoadError, match=r"talks = es_plugin_demo:TalksSource.*boom"):
        load_adapter("talks")
