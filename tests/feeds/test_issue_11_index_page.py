"""Issue 11: the index page is the person's planning page (name, feeds, open deadlines, events by
month with reasons that differ, series collapsed), and ``deadlines.ics`` drops closed deadlines."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import attrs
import pytest
from feeds_helpers import BERLIN, NOW, sample_events

from eventscout.export import UnrankedMatch
from eventscout.feeds import FeedDefinition, Tier, build_feeds
from eventscout.feeds.index import series_key
from eventscout.model import CallForPapers, Event, Location
from eventscout.profile import Profile
from eventscout.store import Store

MUST = FeedDefinition(name="must", title="Must attend")
WORTH = FeedDefinition(name="worth", tier=Tier.WORTH_A_LOOK, after=0)
DEADLINES = FeedDefinition(name="deadlines", tier=Tier.DEADLINES)
ADA = Profile(name="Ada Lovelace")


@attrs.frozen
class Reason:
    signal: str
    contribution: float
    text: str


def with_reasons(events: Sequence[Event], profile: Profile, now: dt.datetime) -> list[UnrankedMatch]:
    """Input order; every event shares one reason and has one of its own (from its title)."""
    return [
        UnrankedMatch(event=event, score=max(0.0, 0.9 - i / 100), reasons=(
            Reason("place", 0.2, "within reach of Berlin"),
            Reason("topic", 0.3, f"about {event.title.split()[0].lower()}"),
        ))
        for i, event in enumerate(events)
    ]


def meetups(count: int = 5) -> list[Event]:
    return [
        Event(title=f"PyData Berlin Meetup #{41 + i}",
              start=dt.datetime(2027, 2 + i, 3, 19, 0, tzinfo=BERLIN),
              end=dt.datetime(2027, 2 + i, 3, 21, 0, tzinfo=BERLIN),
              url=f"https://meetup.example/pydata/{41 + i}",
              location=Location(city="Berlin", country="DE"), source="test")
        for i in range(count)
    ]


def build(tmp_path, events, definitions, *, now=NOW, profile=ADA, store_name="state.db"):
    with Store(tmp_path / store_name) as store:
        return build_feeds(definitions, events, store=store, out_dir=tmp_path / "out", now=now,
                           profile=profile, ranker=with_reasons,
                           base_url="https://feeds.example.org/ada/")


def section(page: str, ident: str) -> str:
    found = re.search(rf'<section[^>]* id="{ident}">(.*?)</section>', page, re.S)
    assert found, f"no section {ident}"
    return found.group(1)


def test_the_page_is_headed_with_the_persons_name(tmp_path):
    page = build(tmp_path, sample_events(), [MUST, DEADLINES]).index.read_text("utf-8")
    assert "<h1>Ada Lovelace</h1>" in page
    assert "<title>Ada Lovelace · event plan</title>" in page


def test_the_tier_is_not_said_twice_when_the_title_says_it(tmp_path):
    page = build(tmp_path, sample_events(), [MUST, WORTH]).index.read_text("utf-8")
    assert "Must attend · Must attend" not in page
    assert not re.search(r"Must attend\s*<span[^>]*>\s*Must attend", page)
    assert "Worth a look" in page


def test_the_deadlines_section_lists_deadlines_not_the_must_attend_events(tmp_path):
    page = build(tmp_path, sample_events(), [MUST, DEADLINES]).index.read_text("utf-8")
    deadlines = section(page, "deadlines")
    assert 'class="event"' not in deadlines  # no event cards repeated from "Must attend"
    stamps = re.findall(r'<time datetime="([^"]+)" data-deadline>([^<]+)</time>', deadlines)
    # the keynote's CFP (a day, so AoE) and registration, DataConf's scholarship (UTC noon)
    assert stamps == [
        ("2027-02-02T11:59:59+00:00", "Mon 01 Feb 2027, 23:59 AoE"),
        ("2027-03-02T11:59:59+00:00", "Mon 01 Mar 2027, 23:59 AoE"),
        ("2027-04-01T12:00:00+00:00", "Thu 01 Apr 2027, 12:00 UTC"),
    ]
    assert "Call for papers" in deadlines and "Scholarship applications" in deadlines


def test_a_deadline_long_past_leaves_the_deadline_feed_and_the_page(tmp_path):
    events = sample_events()
    build(tmp_path, events, [DEADLINES])
    # the keynote's CFP closed on 1 Feb: the entry retires (kept as it was for the grace period,
    # as the feeds state does with every entry that is over), it is no live entry any more
    soon = dt.datetime(2027, 2, 20, tzinfo=dt.UTC)
    result = build(tmp_path, events, [DEADLINES], now=soon)
    assert result.feed("deadlines").actions.get("retired") == 1
    assert "Call for papers" not in result.index.read_text("utf-8")
    months_later = soon + DEADLINES.grace + dt.timedelta(days=1)
    build(tmp_path, events, [DEADLINES], now=months_later)
    data = (tmp_path / "out" / "deadlines.ics").read_bytes()
    assert b"UID:cfp-" not in data
    assert b"UID:scholarship-" in data  # DataConf's scholarship is still open (1 Apr)
    # a CFP that closed long before the first build is never published at all
    old = attrs.evolve(events[0], title="Old CFP Conf",
                       cfp=CallForPapers(closes="2026-09-01"), registration_deadline=None)
    fresh = build(tmp_path, [old], [DEADLINES], store_name="fresh.db", now=soon)
    assert fresh.feed("deadlines").entries == 0
    assert "Old CFP Conf" not in fresh.index.read_text("utf-8")


def test_a_series_shows_its_next_edition_once(tmp_path):
    events = meetups(5) + sample_events()
    page = build(tmp_path, events, [WORTH]).index.read_text("utf-8")
    worth = section(page, "worth")
    assert worth.count("PyData Berlin Meetup #") == 1  # one card; the later ones are dates
    assert re.findall(r'<div class="title"><a[^>]*>PyData Berlin Meetup #(\d+)', worth) == ["41"]
    assert "also: 4 more dates" in worth
    later = re.search(r"<details.*?</details>", worth, re.S).group(0)
    assert re.findall(r'href="https://meetup.example/pydata/(\d+)"', later) == ["42", "43", "44", "45"]
    assert series_key("PyData Berlin Meetup #41") == series_key("PyData Berlin Meetup #45 2027")
    assert series_key("PyCon US 2027") == series_key("PyCon US 2028") != series_key("PyCon DE")


def test_events_are_grouped_by_month_and_show_what_sets_them_apart(tmp_path):
    page = build(tmp_path, sample_events(), [MUST]).index.read_text("utf-8")
    must = section(page, "must")
    assert re.findall(r'<h3 class="month">([^<]+)</h3>', must) == [
        "March 2027", "April 2027", "May 2027"]
    cards = re.findall(r'<li class="event">(.*?)</li>(?=<li class="event">|</ol>)', must, re.S)
    assert len(cards) == 3
    # the reason all three share is said once above the list, not on every card
    assert must.count("within reach of Berlin") == 1
    assert "All of these: within reach of Berlin" in must
    assert {re.search(r"<li>(about [^<]+)</li>", card).group(1) for card in cards} == {
        "about keynote:", "about dataconf", "about nyc"}


def test_an_unchanged_build_writes_the_same_page_and_the_default_name_is_not_shown(tmp_path):
    first = build(tmp_path, sample_events(), [MUST, DEADLINES], profile=Profile())
    before = first.index.read_bytes()
    again = build(tmp_path, sample_events(), [MUST, DEADLINES], profile=Profile(),
                  now=NOW + dt.timedelta(hours=3))
    assert again.index.read_bytes() == before
    assert b"<h1>eventscout feeds</h1>" in before and b">me<" not in before


@pytest.mark.parametrize("tier", [Tier.MUST_ATTEND, Tier.DEADLINES])
def test_private_feeds_stay_off_the_planning_page(tmp_path, tier):
    secret = FeedDefinition(name="secret", tier=tier, private=True, title="Hidden plans")
    page = build(tmp_path, sample_events(), [secret]).index.read_text("utf-8")
    assert "secret" not in page and "Hidden plans" not in page
    assert "Keynote" not in page


def test_the_page_loads_nothing_from_elsewhere(tmp_path):
    page = build(tmp_path, meetups(3) + sample_events(), [MUST, WORTH, DEADLINES]).index.read_text(
        "utf-8")
    assert not re.search(r"\bsrc=|<link\b|@import|url\(|fetch\(|XMLHttpRequest", page)
    assert page.count("<script>") == 1 and page.count("<style>") == 1
