"""ccf-deadlines and sec-deadlines YAML: one event per edition, the open round as the CFP."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventscout import ConfigError, create_source
from eventscout.model import EventKind
from eventscout.presets import CCF_DEADLINES_ROOT, SEC_DEADLINES_ROOT
from eventscout.sources.deadline_lists import CcfDeadlinesSource, SecDeadlinesSource
from eventscout.testing import FIXED_NOW, assert_valid_source, run_source

DATA = Path(__file__).parents[1] / "data" / "deadline-lists"
CCF_URL = f"{CCF_DEADLINES_ROOT}/SC/demosec.yml"
SEC_URL = f"{SEC_DEADLINES_ROOT}/conferences.yml"
UTC = dt.UTC


def ccf(**options: object) -> CcfDeadlinesSource:
    return CcfDeadlinesSource(name="ccf", urls=[CCF_URL], **options)  # type: ignore[arg-type]


def test_ccf_every_edition_is_an_event_with_its_open_round() -> None:
    run = run_source(ccf(), files={CCF_URL: DATA / "ccf-sc-demo.yml"}, now=FIXED_NOW)
    by_id = {event.source_id: event for event in run.events}

    assert sorted(by_id) == ["demosec26", "demosec27"]
    edition = by_id["demosec27"]
    assert edition.title == "DEMOSEC 2027"
    assert (edition.start, edition.end) == (dt.date(2027, 10, 18), dt.date(2027, 10, 22))
    assert edition.kind is EventKind.CONFERENCE and "security" in edition.topics
    assert edition.location is not None and edition.location.city == "Vienna"
    # now is 2027-01-15: the first cycle closed, the second (AoE) is the open one
    assert edition.cfp is not None and edition.cfp.closes is not None
    assert edition.cfp.closes.astimezone(UTC) == dt.datetime(2027, 4, 30, 11, 59, 59, tzinfo=UTC)
    assert "Abstract deadline: 2026-12-03 23:59" in edition.description
    assert "Deadline: 2026-12-10 23:59 AoE (first cycle)" in edition.description
    assert "Rank: CCF A, CORE A*" in edition.description
    # every round closed: the last one is kept as the CFP's date
    past = by_id["demosec26"].cfp
    assert past is not None and past.closes is not None and past.closes.date() == dt.date(2026, 1, 20)


def test_ccf_a_bad_round_is_a_problem_naming_source_item_and_field() -> None:
    run = run_source(ccf(), files={CCF_URL: DATA / "ccf-sc-demo.yml"}, now=FIXED_NOW)

    (problem,) = run.problems
    assert problem.source == "ccf"
    assert "demobad27" in problem.where and CCF_URL in problem.where
    assert problem.field == "timeline.deadline"


def test_ccf_since_year_leaves_older_editions_out() -> None:
    run = run_source(ccf(since_year=2027), files={CCF_URL: DATA / "ccf-sc-demo.yml"}, now=FIXED_NOW)
    assert [event.source_id for event in run.events] == ["demosec27"]


def test_sec_deadlines_records_become_events() -> None:
    source = SecDeadlinesSource(name="sec", url=SEC_URL)
    run = run_source(source, files={SEC_URL: DATA / "sec-demo.yml"}, now=FIXED_NOW)
    crypt, workshop = run.events

    assert crypt.title == "DemoCrypt 2027"
    assert (crypt.start, crypt.end) == (dt.date(2027, 5, 18), dt.date(2027, 5, 21))  # year added
    assert crypt.topics == ("security", "cryptography") and crypt.kind is EventKind.CONFERENCE
    assert crypt.cfp is not None and crypt.cfp.closes is not None  # AoE when no zone is given
    assert crypt.cfp.closes.astimezone(UTC) == dt.datetime(2027, 2, 19, 11, 59, tzinfo=UTC)
    # rolling rounds: %Y is this year, %y next year; Etc/GMT-8 is UTC+8 (POSIX sign)
    assert workshop.kind is EventKind.WORKSHOP and workshop.topics == ("privacy",)
    assert workshop.cfp is not None and workshop.cfp.closes is not None
    assert workshop.cfp.closes.astimezone(UTC) == dt.datetime(2027, 3, 31, 15, 59, tzinfo=UTC)
    assert "Deadline: 2028-01-31 23:59" in workshop.description

    (problem,) = run.problems
    assert (problem.source, problem.field) == ("sec", "year")
    assert "NoYear" in problem.where


def test_both_keep_the_source_contract() -> None:
    assert_valid_source(ccf(), files={CCF_URL: DATA / "ccf-sc-demo.yml"})
    assert_valid_source(SecDeadlinesSource(name="sec", url=SEC_URL),
                        files={SEC_URL: DATA / "sec-demo.yml"})


def test_an_option_typo_names_the_key() -> None:
    with pytest.raises(ConfigError, match="since_yaer"):
        create_source("ccfdeadlines", name="ccf", options={"urls": [CCF_URL], "since_yaer": 2026})
