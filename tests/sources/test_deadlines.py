"""ai-deadlines YAML: each conference an event whose CFP closes at the right instant."""

from __future__ import annotations

import collections
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from eventscout import ConfigError, Event, Fetcher, ItemError, Problem, SourceError, create_source
from eventscout.model import AOE, AttendanceMode, EventKind
from eventscout.sources import FetchContext
from eventscout.sources.deadlines import DeadlinesSource, deadline_timezone, parse_deadline

TESTS = Path(__file__).parents[1]
DEADLINES = TESTS / "data" / "deadlines"
PROJECT = TESTS.parent
TOOLS = PROJECT.parent / "shared" / "tools"
CLIENTS_PY = PROJECT / ".venv-clients" / "bin" / "python"

UTC = dt.UTC


def read(path: Path, **options: object) -> tuple[dict[str, Event], list[Problem]]:
    source = DeadlinesSource(name="deadlines-test", url=str(path), **options)  # type: ignore[arg-type]
    with Fetcher() as fetcher:
        items = list(source.fetch(FetchContext(fetcher=fetcher)))
    events = {item.source_id or "": item for item in items if isinstance(item, Event)}
    problems = [item for item in items if isinstance(item, Problem)]
    return events, problems


def closes_utc(event: Event) -> dt.datetime:
    assert event.cfp is not None and event.cfp.closes is not None
    return event.cfp.closes.astimezone(UTC)


# Hand-computed: a deadline at local time T in zone UTC+h passes at T - h in UTC.
@pytest.mark.parametrize(
    ("conference", "expected_utc"),
    [
        # '2027-03-01 23:59:59' UTC-12 (AoE): 23:59:59 + 12 h = 2027-03-02 11:59:59 UTC
        ("aoeconf27", dt.datetime(2027, 3, 2, 11, 59, 59, tzinfo=UTC)),
        # '2027-03-01 23:59:59' Etc/GMT+12 is UTC-12 too (POSIX sign): same instant
        ("posixwest27", dt.datetime(2027, 3, 2, 11, 59, 59, tzinfo=UTC)),
        # '2027-04-10 23:59' GMT+8: 23:59 - 8 h = 2027-04-10 15:59 UTC
        ("eastconf27", dt.datetime(2027, 4, 10, 15, 59, tzinfo=UTC)),
        # '2027-04-10 23:59:00' UTC+8: the same
        ("pluseight27", dt.datetime(2027, 4, 10, 15, 59, tzinfo=UTC)),
        # '2027-04-10 23:59:00' Etc/GMT-8 is UTC+8 (POSIX sign): the same
        ("posixeast27", dt.datetime(2027, 4, 10, 15, 59, tzinfo=UTC)),
        # '2027-06-01 23:59:59' America/Los_Angeles is PDT (UTC-7) in June: 2027-06-02 06:59:59
        ("westcoast27", dt.datetime(2027, 6, 2, 6, 59, 59, tzinfo=UTC)),
        # '2027-05-05' AoE, a day only: closes at its end, 23:59:59 - (-12 h) = 05-06 11:59:59
        ("dayonly27", dt.datetime(2027, 5, 6, 11, 59, 59, tzinfo=UTC)),
        # '2027-05-05 12:00:00' UTC
        ("noend27", dt.datetime(2027, 5, 5, 12, 0, tzinfo=UTC)),
    ],
)
def test_deadlines_pass_at_the_hand_computed_utc_instant(
    conference: str, expected_utc: dt.datetime
) -> None:
    events, _ = read(DEADLINES / "conferences.yml")
    assert closes_utc(events[conference]) == expected_utc


def test_the_deadline_keeps_its_own_zone() -> None:
    events, _ = read(DEADLINES / "conferences.yml")
    aoe = events["aoeconf27"].cfp
    assert aoe is not None and aoe.closes is not None
    assert aoe.closes.utcoffset() == dt.timedelta(hours=-12)
    assert aoe.closes.replace(tzinfo=None) == dt.datetime(2027, 3, 1, 23, 59, 59)


@pytest.mark.parametrize(
    ("label", "hours"),
    [
        ("UTC-12", -12), ("AoE", -12), ("anywhere on earth", -12), ("Etc/GMT+12", -12),
        ("UTC+8", 8), ("GMT+8", 8), ("Etc/GMT-8", 8), ("UTC", 0), ("GMT", 0), ("UTC-7", -7),
        ("PDT", -7), ("UTC+5:30", 5.5), ("+05:30", 5.5), ("UTC−3", -3), (None, -12),
    ],
)
def test_timezone_labels(label: str | None, hours: float) -> None:
    zone = deadline_timezone(label)
    assert dt.datetime(2027, 1, 15, tzinfo=zone).utcoffset() == dt.timedelta(hours=hours)


def test_iana_zones_follow_daylight_saving_on_the_deadline_day() -> None:
    zone = deadline_timezone("Europe/Paris")
    winter = parse_deadline("2027-01-10 23:59", zone)
    summer = parse_deadline("2027-07-10 23:59", zone)
    assert winter is not None and summer is not None
    assert winter.astimezone(UTC).hour == 22 and summer.astimezone(UTC).hour == 21


@pytest.mark.parametrize("label", ["Mars/Olympus_Mons", "UTC+15", "CST", "soon"])
def test_unknown_or_impossible_zones_are_item_errors(label: str) -> None:
    with pytest.raises(ItemError) as raised:
        deadline_timezone(label)
    assert raised.value.field == "timezone"


def test_unknown_deadline_is_no_deadline() -> None:
    assert parse_deadline("TBA", AOE) is None
    assert parse_deadline(dt.datetime(2027, 1, 1, 12, 0), UTC) == dt.datetime(
        2027, 1, 1, 12, 0, tzinfo=UTC
    )


def test_conference_fields() -> None:
    events, _ = read(DEADLINES / "conferences.yml")
    aoe = events["aoeconf27"]
    assert aoe.title == "AOECONF 2027" and aoe.kind is EventKind.CONFERENCE
    assert (aoe.start, aoe.end) == (dt.date(2027, 6, 14), dt.date(2027, 6, 18))
    assert aoe.location is not None and (aoe.location.city, aoe.location.country) == ("Lisbon", "PT")
    assert aoe.topics == ("machine learning",)
    assert aoe.cfp is not None and aoe.cfp.url == "https://aoeconf.example.org/call/"
    assert "abstract_deadline" in aoe.features
    assert "Abstract deadline: 2027-02-22 23:59:59 AoE (2027-02-23 11:59:59 UTC)" in aoe.description
    assert aoe.registration_deadline is None
    assert set(events["eastconf27"].topics) == {"data mining", "knowledge representation"}
    assert events["eastconf27"].cfp.url == "https://eastconf.example.org/"  # type: ignore[union-attr]
    assert events["posixwest27"].attendance is AttendanceMode.ONLINE
    singapore = events["pluseight27"].location
    assert singapore is not None and singapore.country == "SG"


def test_dates_are_repaired_from_the_free_text_or_the_end_dropped() -> None:
    events, problems = read(DEADLINES / "conferences.yml")
    # end: 2026-12-12 is before start; the 'date' text says December 6 - December 12, 2027
    assert events["westcoast27"].end == dt.date(2027, 12, 12)
    # no start/end: the 'date' text 'September, 20-22, 2027'
    assert (events["dayonly27"].start, events["dayonly27"].end) == (
        dt.date(2027, 9, 20), dt.date(2027, 9, 22)
    )
    # end before start and no text to repair it: the end is dropped, the event kept
    assert events["noend27"].end is None
    [dropped] = [problem for problem in problems if "noend27" in problem.where]
    assert dropped.field == "end" and "2027-11-01" in dropped.message


def test_malformed_entries_become_problems_naming_file_item_and_field() -> None:
    events, problems = read(DEADLINES / "conferences.yml")
    assert len(events) == 8
    by_item = {problem.where.split(" item ")[1]: problem for problem in problems}
    assert str(DEADLINES / "conferences.yml") in problems[0].where
    assert by_item["8 ('badzone27')"].field == "timezone"
    assert by_item["9 ('baddeadline27')"].field == "deadline"
    assert by_item["10 ('nodates27')"].field == "start"
    assert "not a conference entry" in by_item["11 (unnamed)"].message
    assert len(problems) == 5  # the four above and noend27's dropped end


def test_types_file_names_the_subjects() -> None:
    events, problems = read(DEADLINES / "conferences.yml", types=str(DEADLINES / "types.yml"))
    assert events["aoeconf27"].topics == ("machine learning (custom)",)
    assert events["posixwest27"].topics == ("nlp",)  # a code the file does not name stays a code
    missing, problems = read(DEADLINES / "conferences.yml", types=str(DEADLINES / "absent.yml"))
    assert missing["aoeconf27"].topics == ("machine learning",)
    assert [problem.field for problem in problems if problem.field == "types"] == ["types"]


@pytest.mark.parametrize("name", ["not-a-list.yml", "broken.yml"])
def test_a_file_that_is_not_a_deadline_list_fails_the_source(name: str) -> None:
    with pytest.raises(SourceError, match=name):
        read(DEADLINES / name)


def test_unknown_options_fail_clearly() -> None:
    with pytest.raises(ConfigError, match="timezone"):
        create_source("deadlines", name="bad", options={"url": "x", "timezone": "UTC"})


@pytest.mark.shared_data
def test_ai_deadlines_dataset(shared_data: Path) -> None:
    folder = shared_data / "paperswithcode-ai-deadlines" / "_data"
    events, problems = read(folder / "conferences.yml", types=str(folder / "types.yml"))
    assert problems == []
    assert len(events) == 169
    # EMNLP 2024: '2024-06-15 23:59:00' UTC-12 -> 2024-06-16 11:59 UTC
    assert closes_utc(events["emnlp24"]) == dt.datetime(2024, 6, 16, 11, 59, tzinfo=UTC)
    # ICDM 2023: '2023-07-01 23:59:00' GMT+8 (Shanghai) -> 2023-07-01 15:59 UTC
    assert closes_utc(events["icdm23"]) == dt.datetime(2023, 7, 1, 15, 59, tzinfo=UTC)
    # ICPRAI 2024: '2024-01-05 23:59:59' UTC+9 -> 2024-01-05 14:59:59 UTC
    assert closes_utc(events["icprai24"]) == dt.datetime(2024, 1, 5, 14, 59, 59, tzinfo=UTC)
    # ICDM 2022: '2022-06-10 23:59:00' PDT -> 2022-06-11 06:59 UTC
    assert closes_utc(events["icdm22"]) == dt.datetime(2022, 6, 11, 6, 59, tzinfo=UTC)
    # NeurIPS 2024 says end: 2023-12-15; its text says December 9 - December 15, 2024
    assert events["neurips24"].end == dt.date(2024, 12, 15)
    # ISMIS 2022 has no start/end, only 'October, 03-05, 2022'
    assert events["ismis22"].start == dt.date(2022, 10, 3)
    per_year = collections.Counter(event.start.year for event in events.values())
    assert sum(per_year.values()) == 169 and set(per_year) <= {2020, 2021, 2022, 2023, 2024}


def _ics_check(path: Path) -> tuple[int, dict[str, object]]:
    if not (TOOLS / "ics-check").exists():
        pytest.skip("../shared/tools/ics-check not present")
    python = str(CLIENTS_PY) if CLIENTS_PY.exists() else sys.executable
    proc = subprocess.run(
        [python, str(TOOLS / "ics-check"), "--json", str(path)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if proc.returncode == 2:
        pytest.skip("ics-check could not run here: " + proc.stdout[-500:])
    return proc.returncode, json.loads(proc.stdout)


@pytest.mark.shared_data
def test_ics_check_accepts_an_export_of_the_deadlines(shared_data: Path, tmp_path: Path) -> None:
    export = pytest.importorskip("eventscout.export", reason="the exporter has not landed yet")
    folder = shared_data / "paperswithcode-ai-deadlines" / "_data"
    events, _ = read(folder / "conferences.yml")
    now = dt.datetime(2019, 1, 1, tzinfo=UTC)  # before every deadline: all CFPs are exported
    target = Path(export.write_ics(
        list(events.values()), tmp_path / "deadlines.ics", now=now, include_cfp=True
    ))
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    # the exporter's deadline block ends (DTEND) at the instant the call closes
    ends = {str(c["UID"]): c.decoded("DTEND") for c in calendar.walk("VEVENT")}
    assert len(ends) == 2 * 169  # each conference and its paper deadline
    emnlp = ends[export.cfp_uid(events["emnlp24"])]
    assert emnlp == dt.datetime(2024, 6, 16, 11, 59, tzinfo=UTC)
    icdm = ends[export.cfp_uid(events["icdm23"])]
    assert icdm == dt.datetime(2023, 7, 1, 15, 59, tzinfo=UTC)
    rc, report = _ics_check(target)
    assert rc == 0, json.dumps(report, indent=1)[:4000]


