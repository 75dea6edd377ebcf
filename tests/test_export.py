"""The .ics exporter: UIDs, times, text safety, calendar headers, determinism, real clients."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import icalendar
import pytest

from eventscout.errors import ExportError
from eventscout.export import (
    build_calendar,
    cfp_component,
    cfp_uid,
    event_component,
    event_uid,
    timezone_components,
    write_bytes_atomically,
    write_ics,
)
from eventscout.model import AOE, CallForPapers, Event, Location, Price
from eventscout.profile import Goal, Profile
from eventscout.rank import Match, Reason
from eventscout.testing import FIXED_NOW

PROJECT = Path(__file__).resolve().parents[1]
TOOLS = PROJECT.parent / "shared" / "tools"
CLIENTS_PY = PROJECT / ".venv-clients" / "bin" / "python"
BERLIN = ZoneInfo("Europe/Berlin")
NOW = FIXED_NOW
STAMP = dt.datetime(2027, 1, 15, 6, 0, tzinfo=dt.UTC)


def conference(**changes: object) -> Event:
    values: dict[str, object] = {
        "title": "PyCon DE 2027",
        "start": dt.date(2027, 4, 12),
        "end": dt.date(2027, 4, 14),
        "description": "Three days of Python, data and people.",
        "url": "https://pycon.de/",
        "kind": "conference",
        "topics": ["python", "data"],
        "location": Location(city="Berlin", country="DE", latitude=52.52, longitude=13.405),
        "cfp": CallForPapers(url="https://pycon.de/cfp", closes=dt.date(2027, 2, 1)),
        "price": Price(minimum=Decimal("199"), maximum=Decimal("649"), currency="EUR"),
        "source": "test",
    }
    return Event(**(values | changes))  # type: ignore[arg-type]


def keynote(**changes: object) -> Event:
    values: dict[str, object] = {
        "title": "Keynote: networks that last",
        "start": dt.datetime(2027, 3, 10, 9, 30, tzinfo=BERLIN),
        "end": dt.datetime(2027, 3, 10, 11, 0, tzinfo=BERLIN),
        "kind": "networking",
        "source_id": "keynote-1",
    }
    return Event(**(values | changes))  # type: ignore[arg-type]


def matched(event: Event) -> Match:
    return Match(
        event=event,
        score=0.8,
        reasons=(
            Reason(signal="interests", contribution=0.5, text="Matches your interest in Python."),
            Reason(signal="visibility", contribution=0.3, text="Its call for papers is open."),
        ),
    )


def vevents(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


# -- UIDs ------------------------------------------------------------------------------------------


def test_uids_come_from_the_key_and_have_separate_namespaces() -> None:
    event = conference()
    assert event_uid(event) == f"{event.key}@eventscout"
    assert cfp_uid(event) == f"cfp-{event.key}@eventscout"
    assert event_uid(event) != cfp_uid(event)


def test_uid_survives_a_new_time_and_description() -> None:
    event = conference()
    changed = Event(
        title="PyCon DE 2027",
        start=dt.date(2027, 4, 19),
        end=dt.date(2027, 4, 21),
        description="Now a week later, with a new venue text.",
        location=Location(city="Berlin", country="DE"),
    )
    assert event_uid(changed) == event_uid(event)
    assert cfp_uid(changed) == cfp_uid(event)
    timed = keynote()
    moved = keynote(
        start=dt.datetime(2027, 3, 10, 11, 30, tzinfo=BERLIN),
        end=dt.datetime(2027, 3, 10, 13, 0, tzinfo=BERLIN),
        description="moved",
    )
    assert event_uid(moved) == event_uid(timed)


def test_two_builds_give_identical_uids_and_bytes(tmp_path: Path) -> None:
    events = [conference(), keynote(), conference(title="DevFest", source_id="df")]
    first = write_ics(events, tmp_path / "a.ics", now=NOW, dtstamp=STAMP, include_cfp=True)
    second = write_ics(
        list(reversed(events)), tmp_path / "b.ics", now=NOW, dtstamp=STAMP, include_cfp=True
    )
    assert first.read_bytes() == second.read_bytes()
    uids = set(vevents(icalendar.Calendar.from_ical(first.read_bytes())))
    assert uids == {event_uid(e) for e in events} | {cfp_uid(conference())} | {
        cfp_uid(conference(title="DevFest", source_id="df"))
    }


# -- times ----------------------------------------------------------------------------------------


def test_all_day_dtend_is_exclusive() -> None:
    component = event_component(matched(conference()), dtstamp=STAMP)
    text = component.to_ical().decode()
    assert "DTSTART;VALUE=DATE:20270412" in text
    assert "DTEND;VALUE=DATE:20270415" in text  # the 14th is the last day: DTEND the 15th
    one_day = event_component(matched(conference(end=None)), dtstamp=STAMP).to_ical().decode()
    assert "DTEND;VALUE=DATE:20270413" in one_day


def test_zoned_times_keep_their_tzid_and_get_a_vtimezone() -> None:
    calendar = build_calendar([keynote()], now=NOW, dtstamp=STAMP)
    text = calendar.to_ical().decode()
    assert "DTSTART;TZID=Europe/Berlin:20270310T093000" in text
    assert "DTEND;TZID=Europe/Berlin:20270310T110000" in text
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    assert "COMMENT" not in timezones[0]  # icalendar adds one that RFC 5545 does not allow


def test_fixed_offsets_are_written_in_utc() -> None:
    india = dt.timezone(dt.timedelta(hours=5, minutes=30))
    event = keynote(
        start=dt.datetime(2027, 3, 10, 9, 30, tzinfo=india),
        end=dt.datetime(2027, 3, 10, 11, 0, tzinfo=india),
    )
    text = build_calendar([event], now=NOW, dtstamp=STAMP).to_ical().decode()
    assert "DTSTART:20270310T040000Z" in text and "DTEND:20270310T053000Z" in text
    assert "VTIMEZONE" not in text


def test_a_timed_event_without_end_has_no_invented_end() -> None:
    component = event_component(matched(keynote(end=None)), dtstamp=STAMP)
    assert "DTEND" not in component


def test_vtimezone_onsets_match_the_tz_database() -> None:
    # every STANDARD/DAYLIGHT onset, read as local time in TZOFFSETFROM, is the real transition
    checked = 0
    for key in ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago"):
        zone = ZoneInfo(key)
        moments = [dt.datetime(2025, 6, 1, tzinfo=zone), dt.datetime(2028, 6, 1, tzinfo=zone)]
        (vtimezone,) = timezone_components(moments)
        for observance in vtimezone.subcomponents:
            before = observance.decoded("TZOFFSETFROM")
            after = observance.decoded("TZOFFSETTO")
            rdates = observance.get("RDATE", [])
            rdates = rdates if isinstance(rdates, list) else [rdates]
            onsets = [observance.decoded("DTSTART")] + [p.dt for r in rdates for p in r.dts]
            for onset in onsets:
                if before == after:
                    continue
                instant = (onset - before).replace(tzinfo=dt.UTC)
                assert instant.astimezone(zone).utcoffset() == after, (key, onset)
                earlier = instant - dt.timedelta(seconds=1)
                assert earlier.astimezone(zone).utcoffset() == before, (key, onset)
                checked += 1
    assert checked >= 30  # 4 zones x 4 years x 2 transitions


def test_the_cfp_deadline_is_its_own_event_at_the_real_instant() -> None:
    event = conference(cfp=CallForPapers(url="https://pycon.de/cfp", closes=dt.date(2027, 2, 1)))
    component = cfp_component(matched(event), dtstamp=STAMP)
    # 2027-02-01 23:59:59 AoE (UTC-12) is 2027-02-02 11:59:59 UTC
    assert component.decoded("DTEND") == dt.datetime(2027, 2, 2, 11, 59, 59, tzinfo=dt.UTC)
    assert component.decoded("DTSTART") < component.decoded("DTEND")
    text = component.to_ical().decode()
    assert "DTEND:20270202T115959Z" in text
    assert str(component["UID"]) == cfp_uid(event)
    assert str(component["SUMMARY"]) == "CFP closes: PyCon DE 2027"
    assert str(component["TRANSP"]) == "TRANSPARENT"
    assert event.cfp is not None and event.cfp.closes is not None
    assert event.cfp.closes.tzinfo is AOE


def test_cfp_component_needs_a_closing_time() -> None:
    with pytest.raises(ValueError, match="no call for papers"):
        cfp_component(matched(conference(cfp=CallForPapers(url="https://x.org"))), dtstamp=STAMP)


# -- which deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "include_cfp", "expected"),
    [
        (None, None, False),
        (Profile(goals={Goal.VISIBILITY: 0.6}), None, True),
        (Profile(goals={Goal.LEARNING: 1.0}), None, False),
        (Profile(goals={Goal.LEARNING: 1.0}), True, True),
        (Profile(goals={Goal.VISIBILITY: 0.6}), False, False),
    ],
)
def test_cfp_events_follow_the_visibility_goal(
    profile: Profile | None, include_cfp: bool | None, expected: bool
) -> None:
    calendar = build_calendar(
        [conference()], profile=profile, now=NOW, dtstamp=STAMP, include_cfp=include_cfp
    )
    assert (cfp_uid(conference()) in vevents(calendar)) is expected


def test_closed_cfps_are_not_exported() -> None:
    late = NOW + dt.timedelta(days=30)
    calendar = build_calendar([conference()], now=late, dtstamp=STAMP, include_cfp=True)
    assert list(vevents(calendar)) == [event_uid(conference())]


# -- content --------------------------------------------------------------------------------------


def test_vevent_properties() -> None:
    component = event_component(matched(conference()), dtstamp=STAMP, sequence=2)
    assert str(component["SUMMARY"]) == "PyCon DE 2027"
    assert str(component["LOCATION"]) == "Berlin, DE"
    assert component.decoded("GEO") == pytest.approx((52.52, 13.405))  # type: ignore[arg-type]
    assert str(component["URL"]) == "https://pycon.de/"
    assert component["CATEGORIES"].cats == ["python", "data", "conference"]
    assert str(component["STATUS"]) == "CONFIRMED"
    assert component.decoded("SEQUENCE") == 2
    assert component.decoded("DTSTAMP") == STAMP
    assert "LAST-MODIFIED" not in component
    description = str(component["DESCRIPTION"])
    assert description.startswith("Three days of Python, data and people.")
    assert "Price: 199–649 EUR" in description
    assert description.endswith(
        "Why this event:\n- Matches your interest in Python.\n- Its call for papers is open."
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [("scheduled", "CONFIRMED"), ("postponed", "TENTATIVE"), ("cancelled", "CANCELLED")],
)
def test_status(status: str, expected: str) -> None:
    component = event_component(matched(conference(status=status)), dtstamp=STAMP)
    assert str(component["STATUS"]) == expected


def test_feed_options_status_override_last_modified_and_alarms() -> None:
    modified = dt.datetime(2027, 1, 14, 9, 0, tzinfo=BERLIN)
    component = event_component(
        matched(keynote()),
        dtstamp=STAMP,
        sequence=1,
        last_modified=modified,
        status_override="cancelled",
        alarms=[dt.timedelta(days=1)],
    )
    assert str(component["STATUS"]) == "CANCELLED"
    assert "LAST-MODIFIED:20270114T080000Z" in component.to_ical().decode()
    (alarm,) = component.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=1)
    assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
    with pytest.raises(ValueError, match="STATUS"):
        event_component(matched(keynote()), dtstamp=STAMP, status_override="GONE")


def test_online_and_hybrid_locations() -> None:
    online = event_component(matched(conference(attendance="online")), dtstamp=STAMP)
    assert str(online["LOCATION"]) == "Online"
    hybrid = event_component(matched(conference(attendance="hybrid")), dtstamp=STAMP)
    assert str(hybrid["LOCATION"]) == "Berlin, DE and online"


def test_plain_events_export_without_a_ranker() -> None:
    calendar = build_calendar([conference()], now=NOW, dtstamp=STAMP)
    (component,) = vevents(calendar).values()
    assert "Why this event" not in str(component["DESCRIPTION"])
    with pytest.raises(TypeError, match="expected an Event or a Match"):
        build_calendar(["not an event"], now=NOW)  # type: ignore[list-item]


def test_injected_lines_cannot_add_components_or_properties() -> None:
    attack = "Nice talk\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:Injected\x07\x1b"
    event = conference(description=attack, title="Title\nX-INJECTED:1")
    reason = Reason(signal="x", contribution=0.1, text="Because\r\nATTACH:http://evil\x00")
    match = Match(event=event, score=0.5, reasons=(reason,))
    data = build_calendar([match], now=NOW, dtstamp=STAMP).to_ical()
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert not any(line.startswith((b"UID:evil", b"X-INJECTED", b"ATTACH")) for line in lines)
    assert not any(byte in data for byte in (b"\x00", b"\x07", b"\x1b"))
    parsed = icalendar.Calendar.from_ical(data)
    (component,) = parsed.walk("VEVENT")
    assert "END:VEVENT" in str(component["DESCRIPTION"])  # kept as text, harmlessly escaped
    assert str(component["UID"]) == event_uid(event)


# -- the calendar and the file --------------------------------------------------------------------


def test_calendar_headers() -> None:
    calendar = build_calendar(
        [keynote()],
        name="Must attend",
        now=NOW,
        dtstamp=STAMP,
        refresh_interval=dt.timedelta(hours=6),
    )
    text = calendar.to_ical().decode()
    for line in (
        "PRODID:-//eventscout//eventscout//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Must attend",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ):
        assert line + "\r\n" in text


def test_events_are_ordered_by_start_then_uid() -> None:
    events = [conference(title=f"Conf {n}", source_id=str(n)) for n in range(3)] + [keynote()]
    calendar = build_calendar(events, now=NOW, dtstamp=STAMP)
    starts = [c.decoded("DTSTART") for c in calendar.walk("VEVENT")]
    assert isinstance(starts[0], dt.datetime)  # the March keynote before the April conferences
    uids = [str(c["UID"]) for c in calendar.walk("VEVENT")][1:]
    assert uids == sorted(uids)


def test_write_ics_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "feed.ics"
    write_ics([conference()], target, now=NOW, dtstamp=STAMP)
    first = target.read_bytes()
    write_ics([conference(), keynote()], target, now=NOW, dtstamp=STAMP)
    assert target.read_bytes() != first
    assert sorted(p.name for p in target.parent.iterdir()) == ["feed.ics"]
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # readable by a web server


def test_write_ics_failure_is_an_export_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        write_ics([conference()], blocker / "feed.ics", now=NOW)


def test_output_does_not_depend_on_the_wall_clock_when_pinned(tmp_path: Path) -> None:
    a = build_calendar([conference(), keynote()], now=NOW, dtstamp=STAMP).to_ical()
    b = build_calendar([keynote(), conference()], now=NOW, dtstamp=STAMP).to_ical()
    assert a == b
    moved = build_calendar(
        [conference(), attrs.evolve(keynote(), description="changed")], now=NOW, dtstamp=STAMP
    ).to_ical()
    assert moved != a


# -- real calendar consumers ------------------------------------------------------------------------


def ics_check(*paths: Path, skip: tuple[str, ...] = ()) -> tuple[int, dict[str, object]]:
    if not (TOOLS / "ics-check").exists():
        pytest.skip("../shared/tools/ics-check not present")
    if not CLIENTS_PY.exists():
        pytest.skip(".venv-clients (the real calendar consumers) not present")
    options = [arg for name in skip for arg in ("--skip", name)]
    proc = subprocess.run(
        [
            str(CLIENTS_PY),
            str(TOOLS / "ics-check"),
            "--json",
            "--timeout",
            "300",
            *options,
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env=os.environ | {"PYTHONWARNINGS": "ignore"},
    )
    if proc.returncode == 2:
        pytest.skip("ics-check could not run here: " + proc.stdout[-500:])
    return proc.returncode, json.loads(proc.stdout)


def test_every_consumer_accepts_a_mixed_export(tmp_path: Path) -> None:
    profile = Profile(goals={Goal.VISIBILITY: 1.0})
    events = [
        matched(conference()),
        matched(keynote()),
        matched(
            conference(
                title="NYC meetup",
                start=dt.datetime(2027, 4, 7, 18, 30, tzinfo=ZoneInfo("America/New_York")),
                end=None,
                source_id="nyc",
                cfp=None,
            )
        ),
        matched(conference(title="Cancelled conf", status="cancelled", source_id="c")),
        matched(
            conference(
                title="Online, day; with, commas",
                attendance="online",
                source_id="o",
                description="Line one\nLine two; with; semicolons, and commas",
            )
        ),
    ]
    path = write_ics(events, tmp_path / "mixed.ics", profile=profile, now=NOW, dtstamp=STAMP)
    rc, report = ics_check(path)
    assert rc == 0, json.dumps(report, indent=1)[:3000]


def confstech_events(shared_data: Path) -> list[Event]:
    from eventscout.sources.confstech import parse_dataset

    root = shared_data / "tech-conferences-conference-data" / "conferences"
    documents = [(str(f), f.stem, f.read_bytes()) for f in sorted(root.rglob("*.json"))]
    return [
        item for item in parse_dataset(documents, source="confstech") if isinstance(item, Event)
    ]


@pytest.mark.shared_data
def test_the_whole_confstech_dataset_exports_and_passes_ics_check(
    shared_data: Path, tmp_path: Path
) -> None:
    events = confstech_events(shared_data)
    assert len(events) > 5000
    early = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # every deadline still open: export all CFPs
    calendar = build_calendar(events, now=early, dtstamp=STAMP, include_cfp=True)
    path = write_bytes_atomically(calendar.to_ical(), tmp_path / "confs.ics")
    components = vevents(calendar)  # ics-check below reads the file back with icalendar
    with_cfp = [e for e in events if e.cfp is not None and e.cfp.closes is not None]
    assert len(components) == len({event_uid(e) for e in events}) + len(
        {cfp_uid(e) for e in with_cfp}
    )
    for event in events:  # all-day DTENDs are exclusive
        component = components[event_uid(event)]
        assert component.decoded("DTEND") == event.last_day + dt.timedelta(days=1)
    for event in with_cfp:  # deadlines are their own events, at their instant
        assert event.cfp is not None
        assert components[cfp_uid(event)].decoded("DTEND") == event.cfp.closes
    # a second run reads the dataset again: the same UIDs
    assert [event_uid(e) for e in confstech_events(shared_data)] == [event_uid(e) for e in events]
    # Every consumer on 7,700 events takes minutes (ics.py and khal alone need more than 60 s),
    # so this run keeps the lint and the strictest readers (ical, libical, vdirsyncer, icalendar);
    # all of them run on the mixed export above, and on this export in docs/reference/ics-output.md.
    slow = ("ics", "khal", "calcurse", "recurring-ical-events", "vobject")
    rc, report = ics_check(path, skip=slow)
    assert rc == 0, json.dumps(report, indent=1)[:3000]
