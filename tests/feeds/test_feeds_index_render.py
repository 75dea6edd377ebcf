"""The index page renders in headless Chromium and its subscribe links point at the feeds."""

from __future__ import annotations

import importlib.util
import re
import struct

import pytest
from feeds_helpers import NOW, PROJECT, in_order, sample_events

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
