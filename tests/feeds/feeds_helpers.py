"""Small builders shared by the feeds tests: events, a ranker that keeps input order, ics-check."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from eventscout.export import UnrankedMatch
from eventscout.model import CallForPapers, Event, Location
from eventscout.profile import Profile
from eventscout.testing import FIXED_NOW

PROJECT = Path(__file__).resolve().parents[2]
TOOLS = PROJECT.parent / "shared" / "tools"
CLIENTS_PY = PROJECT / ".venv-clients" / "bin" / "python"
NOW = FIXED_NOW
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def in_order(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[UnrankedMatch]:
    """A ranker for tests that need a known order: the input order, scores 0.9, 0.89, ..."""
    return [UnrankedMatch(event=event, score=max(0.0, 0.9 - i / 100)) for i, event in enumerate(events)]


def sample_events() -> list[Event]:
    """Three events of every shape a feed must get right: zoned, all-day, other zone, deadlines."""
    return [
        Event(
            title="Keynote: Building networks that last",
            start=dt.datetime(2027, 3, 10, 9, 30, tzinfo=BERLIN),
            end=dt.datetime(2027, 3, 10, 11, 0, tzinfo=BERLIN),
            url="https://keynote.example/",
            location=Location(city="Berlin", country="DE"),
            cfp=CallForPapers(url="https://keynote.example/cfp", closes="2027-02-01"),
            registration_deadline="2027-03-01",
            source="test",
        ),
        Event(
            title="DataConf Paris",
            start="2027-05-12",
            end="2027-05-14",
            location=Location(city="Paris", country="FR"),
            features=["scholarship"],
            registration_deadline=dt.datetime(2027, 4, 1, 12, 0, tzinfo=dt.UTC),
            source="test",
        ),
        Event(
            title="NYC Python meetup, networking night",
            start=dt.datetime(2027, 4, 6, 18, 30, tzinfo=NEW_YORK),
            end=dt.datetime(2027, 4, 6, 21, 0, tzinfo=NEW_YORK),
            location=Location(city="New York", country="US"),
            source="test",
        ),
    ]


def ics_check(*paths: Path | str, fast: bool = False) -> dict:
    """Run ../shared/tools/ics-check on ``paths``; skip when it cannot run here."""
    if not (TOOLS / "ics-check").exists():
        pytest.skip("../shared/tools/ics-check not present")
    if not CLIENTS_PY.exists():
        pytest.skip(".venv-clients not installed (the CI installs it from ../shared/tools)")
    skips = ["--skip", "khal", "--skip", "calcurse"] if fast else []
    proc = subprocess.run(
        [str(CLIENTS_PY), str(TOOLS / "ics-check"), "--json", *skips, *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )
    if proc.returncode == 2:
        pytest.skip("ics-check could not run here: " + proc.stdout[-500:] + proc.stderr[-500:])
    report = json.loads(proc.stdout)
    report["returncode"] = proc.returncode
    return report


def failures(report: dict) -> list[str]:
    """Every rejection and lint error of an ics-check report, for a readable assertion."""
    found = []
    for source in report["reports"]:
        for consumer in source["consumers"]:
            if consumer["status"] not in ("ok", "missing", "skipped"):
                found.append(f"{source['source']}: {consumer['consumer']}: {consumer['error']}")
        for error in source["lint"]["errors"]:
            found.append(f"{source['source']}: lint {error['code']} line {error['line']}")
    return found
