"""The series shortcut of rank/_goal_columns.py: literals found by ``str.find`` stand in for the
patterns on ASCII titles, and the patterns still run on every title beyond ASCII."""

from __future__ import annotations

import re

import numpy as np
from rank_helpers import event

from eventscout.rank import RankIndex
from eventscout.rank._goal_columns import _series, literals_of
from eventscout.rank.goals import SERIES, _series_of

TITLES = [
    "KubeCon + CloudNativeCon Europe 2027", "kubecon", "PyCon DE & PyData", "EuroPython",
    "BSidesLondon", "BSides Leeds", "DevOpsDays Zurich", "devops days Berlin", "KCD Munich",
    "Kubernetes Community Day Paris", "FOSDEM", "WeAreDevelopers World Congress", "GITEX",
    "LeadDev London", "CTO Craft Con", "Python Summit", "Pythonic Days", "Cube Con",
    # beyond ASCII: the Kelvin sign and the long s match "k" and "s" when case is ignored
    "\u212aubeCon Europe", "B\u017fides Wien", "Café PyCon", "Zürich DevOps Days",
]


def test_every_series_pattern_has_a_leading_literal() -> None:
    literals = literals_of(tuple(series.pattern for series in SERIES))
    assert literals is not None and "kubecon" in literals and "devops" in literals


def test_a_pattern_without_a_leading_literal_turns_the_shortcut_off() -> None:
    assert literals_of((re.compile(r"\b[a-z]+con\b"),)) is None
    assert literals_of((re.compile(r"(?:kcd|\d+ days)"),)) is None
    # a group of one-letter choices is a character set: the literal ends before it
    assert literals_of((re.compile(r"summit (x|y)"),)) == {"summit "}
    assert literals_of((re.compile(r"\bsummit (xx|yy)"),)) == {"summit xx", "summit yy"}


def test_the_shortcut_finds_the_series_the_patterns_find() -> None:
    events = [event(title, source_id=str(n)) for n, title in enumerate(TITLES)]
    columns = RankIndex.build(events).columns
    codes = _series(columns, np.arange(len(events))).tolist()
    expected = [-1 if _series_of(title) is None else SERIES.index(_series_of(title))
                for title in TITLES]
    assert codes == expected
    assert expected[TITLES.index("\u212aubeCon Europe")] != -1  # a title beyond ASCII
    assert expected[TITLES.index("Cube Con")] == -1
