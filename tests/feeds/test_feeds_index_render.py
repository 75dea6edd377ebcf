"""The index page renders in headless Chromium and its subscribe links point at the feeds."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import struct

import attrs
import pytest
from feeds_helpers import BERLIN, NOW, PROJECT, in_order, sample_events

from eventscout.feeds import FeedDefinition, Tier, build_feeds
from eventscout.profile import Profile
from eventscout.store import Store


def load_script():
    spec = importlib.util.spec_from_file_location(
        "screenshot_index", PROJECT / "scripts" / "screenshot_index.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_index_renders_in_headless_chromium(tmp_path):
    script = load_script()
    if script.find_browser() is None:
        pytest.skip("no chromium installed (Debian: apt-get install chromium)")
    definitions = [FeedDefinition(name="must", title="Must attend"),
                   FeedDefinition(name="deadlines", tier=Tier.DEADLINES),
                   FeedDefinition(name="secret", private=True)]
    with Store(tmp_path / "state.db") as store:
        result = build_feeds(definitions, sample_events(), store=store, out_dir=tmp_path / "out",
                             now=NOW, profile=Profile(), ranker=in_order,
                             base_url="https://feeds.example.org/me/")
    image = tmp_path / "index.png"
    dom = script.render(result.index, image, width=900, height=1200, dump_dom=True)
    header = image.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (900, 1200)
    links = set(re.findall(r'href="([^"]+)"', dom))
    for name in ("must", "deadlines"):
        assert f"webcal://feeds.example.org/me/{name}.ics" in links
        assert f"https://feeds.example.org/me/{name}.ics" in links
    assert not any("secret" in link for link in links)
    assert "Keynote: Building networks that last" in dom


def planning_site(tmp_path):
    """A planning page of every shape: a name, three public feeds and a private one, deadlines
    of every kind, a meetup series, a long unbroken title and a long feed address."""
    from test_issue_11_index_page import meetups, with_reasons

    events = sample_events() + meetups(5)
    events.append(attrs.evolve(
        events[0], title="Supercalifragilisticexpialidocious" * 3 + " Summit",
        start=dt.datetime(2027, 6, 2, 9, 0, tzinfo=BERLIN), end=dt.datetime(2027, 6, 2, 17, 0, tzinfo=BERLIN),
        url="https://summit.example/" + "a" * 120, key="long-title"))
    definitions = [
        FeedDefinition(name="must", title="Must attend", description="The few worth the trip."),
        FeedDefinition(name="worth", tier=Tier.WORTH_A_LOOK, after=2, title="Worth a look"),
        FeedDefinition(name="deadlines", tier=Tier.DEADLINES, title="Deadlines"),
        FeedDefinition(name="secret", private=True),
    ]
    with Store(tmp_path / "state.db") as store:
        return build_feeds(definitions, events, store=store, out_dir=tmp_path / "out", now=NOW,
                           profile=Profile(name="Ada Lovelace"), ranker=with_reasons,
                           base_url="https://feeds.example.org/" + "very-long-path/" * 4)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_planning_page_fits_desktop_and_phone_widths(tmp_path, width):
    script = load_script()
    if script.find_browser() is None:
        pytest.skip("no chromium installed (Debian: apt-get install chromium)")
    result = planning_site(tmp_path)
    image = tmp_path / f"index-{width}.png"
    found = script.inspect(result.index, image, width=width, height=1600)
    assert found["inner-width"] == width
    assert found["scroll-width"] <= found["inner-width"], found["wide"]
    assert found["overflowing"] == 0, found["wide"]
    assert struct.unpack(">II", image.read_bytes()[16:24]) == (width, 1600)
    # the inline script ran: the days left beside every deadline, counted in the viewer's zone
    left = re.findall(r'<span class="left[^"]*" data-left="">([^<]*)</span>', found["dom"])
    assert len(left) == 5 and all(re.fullmatch(r"closed|closes today|1 day left|\d+ days left", t)
                                  for t in left), left
