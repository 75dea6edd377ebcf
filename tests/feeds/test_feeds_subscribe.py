"""A real client subscribes to a served feed and follows a rebuild (vdirsyncer + khal).

../shared/tools/subscribe-check syncs the feed from our server on 127.0.0.1 into a vdir with
vdirsyncer's HTTP storage and lists it with khal. After a rebuild in which one event moved, one
was cancelled upstream and one disappeared, the subscriber must see the moved time, the
cancelled one as cancelled (or not at all), and no event twice.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections import Counter

import attrs
import pytest
from feeds_helpers import CLIENTS_PY, NOW, TOOLS, in_order, sample_events

from eventscout.feeds import FeedDefinition, build_feeds
from eventscout.model import EventStatus
from eventscout.profile import Profile
from eventscout.store import Store

FEED = FeedDefinition(name="must", tasks=True)


def subscribe(url: str, workdir) -> dict:
    if not (TOOLS / "subscribe-check").exists():
        pytest.skip("../shared/tools/subscribe-check not present")
    if not CLIENTS_PY.exists():
        pytest.skip(".venv-clients not installed (the CI installs it from ../shared/tools)")
    proc = subprocess.run(
        [str(CLIENTS_PY), str(TOOLS / "subscribe-check"), url, "--workdir", str(workdir),
         "--tz", "UTC", "--from", "2027-01-01", "--to", "2027-12-31", "--json"],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode == 2:
        pytest.skip("subscribe-check could not run here: " + proc.stdout[-400:] + proc.stderr[-400:])
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, report["problems"]
    return report


def titles(report: dict) -> list[str]:
    return [row["title"] for row in report["khal"]["rows"]]


def test_a_subscriber_follows_a_move_a_cancellation_and_a_removal(tmp_path, serve_dir):
    out = tmp_path / "out"
    keynote, dataconf, meetup = sample_events()

    def build(events, now):
        with Store(tmp_path / "state.db") as store:
            build_feeds([FEED], events, store=store, out_dir=out, now=now, profile=Profile(),
                        ranker=in_order)

    build([keynote, dataconf, meetup], NOW)
    url = serve_dir(out) + "/must.ics"
    first = subscribe(url, tmp_path / "sub")
    assert sorted(titles(first)) == sorted(
        [keynote.title, dataconf.title, meetup.title])
    keynote_row = next(r for r in first["khal"]["rows"] if r["title"] == keynote.title)
    assert keynote_row["start"].startswith("2027-03-10 08:30")  # 09:30 in Berlin (CET)

    moved = attrs.evolve(keynote, start=keynote.start + dt.timedelta(hours=2),
                         end=keynote.end + dt.timedelta(hours=2))
    cancelled = attrs.evolve(meetup, status=EventStatus.CANCELLED)
    build([moved, cancelled], NOW + dt.timedelta(days=1))  # DataConf disappeared
    second = subscribe(url, tmp_path / "sub")

    rows = second["khal"]["rows"]
    shown = Counter(row["title"].removeprefix("Cancelled: ").removeprefix("No longer in this feed: ")
                    for row in rows)
    assert all(count == 1 for count in shown.values()), shown  # no duplicates
    assert len({row["uid"] for row in rows}) == len(rows)
    (keynote_now,) = [r for r in rows if r["title"] == keynote.title]
    assert keynote_now["start"].startswith("2027-03-10 10:30")  # the moved time
    # cancelled by its organiser vs. merely gone from the listing
    for gone, prefix in ((meetup.title, "Cancelled: "), (dataconf.title, "No longer in this feed: ")):
        for row in rows:
            if gone in row["title"]:
                assert row["title"] == prefix + gone, row
    since = second["khal"]["since_last_run"]
    assert any(keynote.title == row[2] and row[0].startswith("2027-03-10 08:30")
               for row in since["disappeared"])
