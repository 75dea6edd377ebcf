"""Feeds built from the bundled sample and from real public datasets pass every real client.

The datasets are the confs.tech conference data and developers.events' all-events.json in
../shared/data (see its PROVENANCE.md), read through their real adapters and ranked by the real
ranker for a profile, as a user's config would do; each feed kind (must attend, worth a look,
deadlines, planning tasks) is checked with ics-check.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from feeds_helpers import failures, ics_check

from eventscout.feeds import FeedDefinition, Tier, build_feeds
from eventscout.model import Event
from eventscout.profile import Goal, Profile
from eventscout.store import Store
from eventscout.testing import run_source

pytestmark = pytest.mark.shared_data

PROFILE = Profile(
    name="a backend developer",
    interests={"python": 1.0, "javascript": 0.8, "devops": 0.7, "data": 0.6, "security": 0.5},
    goals={Goal.VISIBILITY: 0.8, Goal.LEARNING: 0.6, Goal.JOB_OPPORTUNITIES: 0.5},
    horizon_days=3650,
)

DEFINITIONS = [
    FeedDefinition(name="must", tier=Tier.MUST_ATTEND, limit=20),
    FeedDefinition(name="look", tier=Tier.WORTH_A_LOOK, after=20, limit=40),
    FeedDefinition(name="deadlines", tier=Tier.DEADLINES, limit=60),
    FeedDefinition(name="plan", tier=Tier.MUST_ATTEND, limit=8, tasks=True, private=True),
]


def build_and_check(tmp_path: Path, events: list[Event], now: dt.datetime) -> None:
    out = tmp_path / "out"
    with Store(tmp_path / "state.db") as store:
        result = build_feeds(DEFINITIONS, events, store=store, out_dir=out, now=now,
                             profile=PROFILE)
    assert all(feed.entries > 0 for feed in result.feeds), result.feeds
    report = ics_check(*(feed.path for feed in result.feeds))
    assert failures(report) == []
    assert report["returncode"] == 0


def test_feeds_from_confs_tech_pass_every_client(shared_data, tmp_path):
    from eventscout.sources.confstech import ConfsTechSource

    folder = shared_data / "tech-conferences-conference-data" / "conferences"
    run = run_source(ConfsTechSource(name="confstech", url=str(folder)))
    assert len(run.events) > 5000
    build_and_check(tmp_path, list(run.events), dt.datetime(2024, 3, 1, tzinfo=dt.UTC))


def test_feeds_from_developers_events_pass_every_client(shared_data, tmp_path):
    devevents = pytest.importorskip(
        "eventscout.sources.devevents", reason="the developers.events adapter is not there yet"
    )
    file = shared_data / "scraly-developers-conferences-agenda" / "all-events.json"
    run = run_source(devevents.DevEventsSource(name="devevents", url=str(file)))
    assert len(run.events) > 1500
    build_and_check(tmp_path, list(run.events), dt.datetime(2023, 6, 1, tzinfo=dt.UTC))


def test_feeds_from_the_bundled_sample_pass_every_client(tmp_path):
    from eventscout.samples import SampleSource

    events: list[Event] = []
    now = dt.datetime(2027, 1, 15, tzinfo=dt.UTC)
    for name, file, format in (("meetups", "meetups.ics", "ical"),
                               ("conferences", "conferences", "confstech")):
        events += run_source(SampleSource(name=name, file=file, format=format), now=now).events
    assert events
    out = tmp_path / "out"
    with Store(tmp_path / "state.db") as store:
        definitions = [FeedDefinition(name="must", limit=50),
                       FeedDefinition(name="deadlines", tier=Tier.DEADLINES),
                       FeedDefinition(name="plan", tasks=True)]
        result = build_feeds(definitions, events, store=store, out_dir=out, now=now,
                             profile=PROFILE)
    report = ics_check(*(feed.path for feed in result.feeds))
    assert failures(report) == []
    assert report["returncode"] == 0
