"""The merge gives the same output as recorded: the same groups and the same merged events.

``tests/data/merge/recorded.json`` was written by the merge before its speed work (run this file
as a script to write it again after a change meant to alter the output). It holds, for each set
of listings below, the groups of two or more (as input positions) and a SHA-256 of the ``repr``
of every merged event in output order, so that any change in which listings merge, in how they
are combined or in the output order fails here. The sets are the matcher's varied listings, the
multi-source sets of the other merge tests, a slice of the 100,000-event benchmark's data (with
its own spellings of second listings) and the bundled samples.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import random
import sys
from pathlib import Path

import pytest
from merge_helpers import synthetic, varied_listings

from eventscout import Event
from eventscout.merge import merge_groups
from eventscout.testing import run_source

RECORDED = Path(__file__).resolve().parent.parent / "data" / "merge" / "recorded.json"
BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "merge.py"


def _benchmark_listings(count: int, seed: int) -> list[Event]:
    spec = importlib.util.spec_from_file_location("merge_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    events, _truth = module.synthetic(count, 0.1, random.Random(seed))
    return list(events)


def _sample_listings() -> list[Event]:
    from eventscout.samples import SampleSource

    events: list[Event] = []
    now = dt.datetime(2027, 1, 15, tzinfo=dt.UTC)
    for name, file, format in (("meetups", "meetups.ics", "ical"),
                               ("conferences", "conferences", "confstech")):
        source = SampleSource(name=name, file=file, format=format)
        events += run_source(source, now=now).events  # type: ignore[arg-type]
    return events


SETS = {
    "varied-1": lambda: varied_listings(random.Random(1), 400),
    "varied-2": lambda: varied_listings(random.Random(2), 400),
    "synthetic-3": lambda: synthetic(random.Random(3), 300),
    "synthetic-4": lambda: synthetic(random.Random(4), 300),
    "benchmark-20k": lambda: _benchmark_listings(20_000, 11),
    "samples": _sample_listings,
}


def _outcome(events: list[Event]) -> dict[str, object]:
    result = merge_groups(events)
    position = {id(event): number for number, event in enumerate(events)}
    groups = sorted(sorted(position[id(event)] for event in members)
                    for members in result.groups if len(members) > 1)
    text = "\n".join(repr(event) for event in result.events)
    return {"events": len(result.events), "groups": groups,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_merge_output_is_the_recorded_one(name: str) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))[name]
    outcome = _outcome(SETS[name]())
    assert outcome["events"] == recorded["events"]
    assert outcome["groups"] == recorded["groups"]
    assert outcome["sha256"] == recorded["sha256"]


if __name__ == "__main__":  # write the record again: only for a change meant to alter the output
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    RECORDED.write_text(
        json.dumps({name: _outcome(make()) for name, make in sorted(SETS.items())}) + "\n",
        encoding="utf-8",
    )
