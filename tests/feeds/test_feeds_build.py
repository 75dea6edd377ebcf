"""build_feeds and the state rules: stable bytes, SEQUENCE, cancellation, grace, return, reuse."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import icalendar
import pytest
import requests
from feeds_helpers import NOW, failures, ics_check, in_order, sample_events

from eventscout.feeds import FeedDefinition, Tier, build_feeds, planning_tasks
from eventscout.feeds import entries as entries_module
from eventscout.model import EventStatus
from eventscout.profile import Profile
from eventscout.store import Store

DAY = dt.timedelta(days=1)


def build(tmp_path: Path, events, definitions, *, now=NOW, **options):
    with Store(tmp_path / "state.db") as store:
        return build_feeds(
            definitions, events, store=store, out_dir=tmp_path / "out", now=now,
            profile=Profile(), ranker=in_order, **options,
        )


def components(path: Path, name: str = "VEVENT") -> dict[str, icalendar.cal.Component]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(c["UID"]): c for c in calendar.walk(name)}


MUST = FeedDefinition(name="must", tier=Tier.MUST_ATTEND)


def test_two_builds_without_change_are_byte_identical_with_the_same_etag(
    tmp_path, serve_dir
):
    definitions = [MUST, FeedDefinition(name="deadlines", tier=Tier.DEADLINES),
                   FeedDefinition(name="plan", tasks=True)]
    first = build(tmp_path, sample_events(), definitions)
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    base = serve_dir(tmp_path / "out")
    etag = requests.get(f"{base}/must.ics", timeout=10).headers["ETag"]
    second = build(tmp_path, sample_events(), definitions, now=NOW + 3 * DAY)
    after = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir() if p.is_file()}
    assert after == before
    assert all(result.written for result in first.feeds)
    assert not any(result.written for result in second.feeds)
    assert second.feed("must").actions == {"unchanged": 3}
    again = requests.get(f"{base}/must.ics", headers={"If-None-Match": etag}, timeout=10)
    assert again.status_code == 304
    assert requests.get(f"{base}/must.ics", timeout=10).headers["ETag"] == etag


def test_a_changed_event_keeps_its_uid_with_sequence_plus_one(tmp_path):
    events = sample_events()
    build(tmp_path, events, [MUST])
    old = components(tmp_path / "out" / "must.ics")
    moved = attrs.evolve(events[0], start=events[0].start + 2 * dt.timedelta(hours=1),
                         end=events[0].end + 2 * dt.timedelta(hours=1))
    result = build(tmp_path, [moved, *events[1:]], [MUST], now=NOW + DAY)
    assert result.feed("must").actions == {"changed": 1, "unchanged": 2}
    new = components(tmp_path / "out" / "must.ics")
    assert set(new) == set(old)
    (uid,) = [u for u in new if "Keynote" in str(new[u]["SUMMARY"])]
    assert new[uid]["SEQUENCE"] == old[uid]["SEQUENCE"] + 1 == 1
    assert new[uid].decoded("LAST-MODIFIED") == NOW + DAY
    assert new[uid].decoded("DTSTAMP") == NOW + DAY
    assert new[uid].decoded("DTSTART").hour == 11
    for other in set(new) - {uid}:
        assert new[other].to_ical() == old[other].to_ical()


def test_an_event_that_leaves_is_cancelled_for_the_grace_period_then_removed(tmp_path):
    events = sample_events()
    feed = attrs.evolve(MUST, grace=dt.timedelta(days=10))
    build(tmp_path, events, [feed])
    gone_uid = next(u for u, c in components(tmp_path / "out" / "must.ics").items()
                    if "NYC" in str(c["SUMMARY"]))
    result = build(tmp_path, events[:2], [feed], now=NOW + DAY)
    assert result.feed("must").actions == {"cancelled": 1, "unchanged": 2}
    cancelled = components(tmp_path / "out" / "must.ics")[gone_uid]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 1
    # it left the feed; nobody said the meetup itself is off
    assert str(cancelled["SUMMARY"]) == "No longer in this feed: NYC Python meetup, networking night"
    assert not cancelled.walk("VALARM")
    snapshot = (tmp_path / "out" / "must.ics").read_bytes()
    within = build(tmp_path, events[:2], [feed], now=NOW + 5 * DAY)
    assert within.feed("must").actions == {"gone": 1, "unchanged": 2}
    assert (tmp_path / "out" / "must.ics").read_bytes() == snapshot
    after = build(tmp_path, events[:2], [feed], now=NOW + 12 * DAY)
    assert after.feed("must").actions == {"removed": 1, "unchanged": 2}
    assert gone_uid not in components(tmp_path / "out" / "must.ics")
    assert after.feed("must").entries == 2


def test_an_event_that_returns_after_the_grace_period_continues_its_sequence(tmp_path):
    events = sample_events()
    feed = attrs.evolve(MUST, grace=dt.timedelta(days=10))
    build(tmp_path, events, [feed])
    build(tmp_path, events[:2], [feed], now=NOW + DAY)  # cancelled: SEQUENCE 1
    build(tmp_path, events[:2], [feed], now=NOW + 12 * DAY)  # removed
    later = build(tmp_path, events[:2], [feed], now=NOW + 20 * DAY)
    assert later.feed("must").actions == {"tombstone": 1, "unchanged": 2}
    assert not any("NYC" in str(c["SUMMARY"]) for c in components(tmp_path / "out" / "must.ics").values())
    back = build(tmp_path, events, [feed], now=NOW + 30 * DAY)
    assert back.feed("must").actions == {"returned": 1, "unchanged": 2}
    (returned,) = [c for c in components(tmp_path / "out" / "must.ics").values()
                   if "NYC" in str(c["SUMMARY"])]
    assert returned["SEQUENCE"] == 2  # newer than the cancelled copy a client may still hold
    assert returned["STATUS"] == "CONFIRMED"
    assert returned.decoded("CREATED") == NOW


def test_a_tombstone_is_forgotten_a_year_after_the_grace_period(tmp_path):
    from eventscout.feeds.state import TOMBSTONE_KEEP

    events = sample_events()
    feed = attrs.evolve(MUST, grace=dt.timedelta(days=10))
    build(tmp_path, events, [feed])
    build(tmp_path, events[:2], [feed], now=NOW + DAY)
    build(tmp_path, events[:2], [feed], now=NOW + 12 * DAY)
    end = build(tmp_path, events[:2], [feed], now=NOW + DAY + feed.grace + TOMBSTONE_KEEP)
    assert end.feed("must").actions == {"forgotten": 1, "unchanged": 2}
    with Store(tmp_path / "state.db") as store:
        assert len(store.load_feed_items("must")) == 2


def test_an_event_that_comes_back_keeps_its_uid(tmp_path):
    events = sample_events()
    build(tmp_path, events, [MUST])
    first = components(tmp_path / "out" / "must.ics")
    build(tmp_path, events[1:], [MUST], now=NOW + DAY)
    result = build(tmp_path, events, [MUST], now=NOW + 2 * DAY)
    assert result.feed("must").actions == {"returned": 1, "unchanged": 2}
    back = components(tmp_path / "out" / "must.ics")
    assert set(back) == set(first)
    (uid,) = [u for u in back if "Keynote" in str(back[u]["SUMMARY"])]
    assert back[uid]["STATUS"] == "CONFIRMED"
    assert back[uid]["SEQUENCE"] == 2  # cancelled (1), back (2): always newer for clients
    assert back[uid].decoded("CREATED") == NOW


def test_an_event_that_is_over_when_it_leaves_is_not_cancelled(tmp_path):
    events = sample_events()
    build(tmp_path, events, [MUST])
    later = dt.datetime(2027, 3, 11, tzinfo=dt.UTC)  # the keynote is over
    result = build(tmp_path, events[1:], [MUST], now=later)
    assert result.feed("must").actions == {"retired": 1, "unchanged": 2}
    kept = [c for c in components(tmp_path / "out" / "must.ics").values()
            if "Keynote" in str(c["SUMMARY"])]
    assert kept[0]["STATUS"] == "CONFIRMED"
    assert kept[0]["SEQUENCE"] == 0


def test_an_upstream_cancellation_is_published_as_cancelled(tmp_path):
    events = sample_events()
    build(tmp_path, events, [MUST])
    cancelled = attrs.evolve(events[2], status=EventStatus.CANCELLED)
    build(tmp_path, [*events[:2], cancelled], [MUST], now=NOW + DAY)
    found = [c for c in components(tmp_path / "out" / "must.ics").values()
             if "NYC" in str(c["SUMMARY"])]
    assert [c["STATUS"] for c in found] == ["CANCELLED"]
    assert found[0]["SEQUENCE"] == 1


def test_leaving_a_tier_is_not_called_a_cancellation(tmp_path):
    events = sample_events()
    top_two = attrs.evolve(MUST, limit=2)
    build(tmp_path, events, [top_two])
    # the keynote falls from rank 1 to rank 3 and out of the tier
    result = build(tmp_path, [events[1], events[2], events[0]], [top_two], now=NOW + DAY)
    assert result.feed("must").actions == {"cancelled": 1, "new": 1, "unchanged": 1}
    (left,) = [c for c in components(tmp_path / "out" / "must.ics").values()
               if c["STATUS"] == "CANCELLED"]
    assert str(left["SUMMARY"]) == "No longer in this feed: Keynote: Building networks that last"


def test_a_cancellation_the_ranker_leaves_out_still_says_cancelled(tmp_path):
    from eventscout.rank import rank

    events = sample_events()
    cancelled = attrs.evolve(events[2], status=EventStatus.CANCELLED)
    with Store(tmp_path / "state.db") as store:
        for day, listed in enumerate([events, [*events[:2], cancelled]]):
            result = build_feeds([MUST], listed, store=store, out_dir=tmp_path / "out",
                                 now=NOW + day * DAY, profile=Profile(),
                                 ranker=lambda e, p, now: rank(e, p, now=now))
    assert result.feed("must").actions == {"cancelled": 1, "unchanged": 2}
    (gone,) = [c for c in components(tmp_path / "out" / "must.ics").values()
               if c["STATUS"] == "CANCELLED"]
    assert str(gone["SUMMARY"]) == "Cancelled: NYC Python meetup, networking night"


def test_every_feed_has_its_own_uid_namespace(tmp_path):
    definitions = [MUST, FeedDefinition(name="look", tier=Tier.WORTH_A_LOOK, after=0),
                   FeedDefinition(name="deadlines", tier=Tier.DEADLINES),
                   FeedDefinition(name="plan", tasks=True)]
    build(tmp_path, sample_events(), definitions)
    seen: dict[str, str] = {}
    for definition in definitions:
        calendar = icalendar.Calendar.from_ical(
            (tmp_path / "out" / definition.filename).read_bytes())
        for component in calendar.walk():
            if component.name in ("VEVENT", "VTODO"):
                uid = str(component["UID"])
                assert uid not in seen, f"{uid} in {definition.name} and {seen.get(uid)}"
                seen[uid] = definition.name
                assert uid.endswith(f"@{definition.name}.feeds.eventscout")


def test_deadlines_are_at_their_real_instant_with_their_reminders(tmp_path):
    build(tmp_path, sample_events(), [FeedDefinition(name="deadlines", tier=Tier.DEADLINES)])
    found = components(tmp_path / "out" / "deadlines.ics")
    by_prefix = {uid.split("-", 1)[0]: c for uid, c in found.items()}
    assert set(by_prefix) == {"cfp", "registration", "scholarship"}
    # "2027-02-01" is a day: it passes at its end Anywhere on Earth, 2027-02-02 11:59:59 UTC
    assert by_prefix["cfp"].decoded("DTEND") == dt.datetime(2027, 2, 2, 11, 59, 59, tzinfo=dt.UTC)
    assert by_prefix["scholarship"].decoded("DTEND") == dt.datetime(2027, 4, 1, 12, tzinfo=dt.UTC)
    triggers = sorted(a.decoded("TRIGGER") for a in by_prefix["cfp"].walk("VALARM"))
    assert triggers == [-dt.timedelta(days=14), -dt.timedelta(days=3)]
    assert all(a["TRIGGER"].params.get("RELATED") == "END" for a in by_prefix["cfp"].walk("VALARM"))


def test_a_rebuild_serialises_only_what_changed(tmp_path, monkeypatch):
    events = sample_events()
    plan = FeedDefinition(name="plan", tasks=True)
    build(tmp_path, events, [plan])
    rendered: list[str] = []
    original = entries_module.render_entry

    def counting(entry, definition, item):
        rendered.append(entry.uid)
        return original(entry, definition, item)

    monkeypatch.setattr("eventscout.feeds.build.render_entry", counting)
    changed = attrs.evolve(events[1], description="Now with a workshop day.")
    build(tmp_path, [events[0], changed, events[2]], [plan], now=NOW + DAY)
    # the changed event and its tasks, nothing else
    assert len(rendered) == 1 + len(planning_tasks(changed)) == 5
    assert all(changed.key in uid for uid in rendered)


def test_private_feeds_go_to_their_own_folder_and_not_on_the_index(tmp_path):
    secret = FeedDefinition(name="secret", private=True)
    result = build(tmp_path, sample_events(), [MUST, secret],
                   base_url="https://me.example/events")
    assert result.feed("secret").path == tmp_path / "out" / "private" / "secret.ics"
    page = result.index.read_text(encoding="utf-8")
    assert "secret" not in page
    assert 'href="webcal://me.example/events/must.ics"' in page
    assert 'href="https://me.example/events/must.ics"' in page


def test_the_index_escapes_scraped_text(tmp_path):
    events = sample_events()
    nasty = attrs.evolve(events[0], title='Tags <3 & "a < b" Conf',
                         url='https://x.example/?a=1&b="2"')
    result = build(tmp_path, [nasty], [MUST])
    page = result.index.read_text(encoding="utf-8")
    assert "Tags &lt;3 &amp; &quot;a &lt; b&quot; Conf" in page
    assert 'href="https://x.example/?a=1&amp;b=&quot;2&quot;"' in page


def test_scraped_text_cannot_inject_components(tmp_path):
    events = sample_events()
    nasty = attrs.evolve(events[0], description="ok\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil")
    build(tmp_path, [nasty], [MUST])
    data = (tmp_path / "out" / "must.ics").read_bytes()
    assert len(re.findall(rb"^BEGIN:VEVENT\r$", data, re.MULTILINE)) == 1
    assert not re.search(rb"^UID:evil", data, re.MULTILINE)
    assert b"\r\n" not in data.replace(b"\r\n", b"")  # no raw CR or LF left in a value


def test_a_feed_without_any_profile_is_refused(tmp_path):
    with Store(tmp_path / "s.db") as store, pytest.raises(ValueError, match="profile"):
        build_feeds([MUST], sample_events(), store=store, out_dir=tmp_path, now=NOW,
                    ranker=in_order)


def test_built_feeds_pass_every_client(tmp_path):
    definitions = [MUST, FeedDefinition(name="deadlines", tier=Tier.DEADLINES),
                   FeedDefinition(name="plan", tasks=True)]
    events = sample_events()
    build(tmp_path, events, definitions)
    build(tmp_path, events[:2], definitions, now=NOW + DAY)  # with a cancelled entry
    report = ics_check(*(tmp_path / "out" / d.filename for d in definitions))
    assert failures(report) == []
    assert report["returncode"] == 0


def test_reasons_that_count_days_do_not_change_the_feed_every_day(tmp_path):
    from eventscout.rank import Match, Reason

    def counting_days(events, profile, now):
        return [Match(event=e, score=0.8, reasons=(
            Reason(signal="interests", contribution=0.5, text="matches your interest python"),
            Reason(signal="visibility", contribution=0.2,
                   text=f"CFP closes in {(dt.date(2027, 6, 1) - now.date()).days} days"),
        )) for e in events]

    definitions = [MUST, FeedDefinition(name="deadlines", tier=Tier.DEADLINES)]
    with Store(tmp_path / "state.db") as store:
        for day in range(3):
            result = build_feeds(definitions, sample_events(), store=store, out_dir=tmp_path / "out",
                                 now=NOW + day * DAY, profile=Profile(), ranker=counting_days)
    assert not any(feed.written for feed in result.feeds)
    data = (tmp_path / "out" / "must.ics").read_text(encoding="utf-8")
    assert "matches your interest python" in data
    assert "days" not in data.replace("\r\n ", "")
