"""The example adapter, tested the way any plugin can be: with eventscout.testing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from eventscout_example_source import CommunityCsvSource

from eventscout import ConfigError, SourceError, create_source
from eventscout.testing import assert_valid_source, run_source

DATA = Path(__file__).parent / "data"
URL = "https://community.example/calendar.csv"


def source(**options: object) -> CommunityCsvSource:
    return CommunityCsvSource(name="community", url=URL, **options)


def test_reads_every_good_row_and_reports_the_bad_ones() -> None:
    run = run_source(source(default_country="DE"), files={URL: DATA / "calendar.csv"})

    assert run.titles == [
        "Python Users Berlin", "Rust Hack Night", "Data Engineering Day", "Remote Career Clinic",
    ]
    assert [problem.where for problem in run.problems] == [f"{URL} line 6", f"{URL} line 7"]
    assert "title" in run.problems[0].message


def test_maps_columns_onto_the_model() -> None:
    run = run_source(source(default_country="DE"), files={URL: DATA / "calendar.csv"})
    berlin, rust, data_day, clinic = run.events

    assert berlin.start == dt.datetime(2027, 2, 10, 18, tzinfo=dt.UTC)
    assert rust.location is not None and rust.location.country == "DE"  # the default applies
    assert rust.topics == ("rust", "systems")
    assert data_day.all_day and data_day.attendance.value == "hybrid"
    assert clinic.location is None and clinic.is_online


def test_keeps_the_source_contract() -> None:
    assert_valid_source(source(), files={URL: DATA / "calendar.csv"})


def test_a_file_without_the_needed_columns_fails_as_a_whole() -> None:
    with pytest.raises(SourceError, match="no column start"):
        run_source(source(), files={URL: b"title,when\nA,2027-01-01\n"})


def test_is_registered_and_rejects_unknown_options() -> None:
    built = create_source("community-csv", name="c", options={"url": URL})
    assert isinstance(built, CommunityCsvSource)

    with pytest.raises(ConfigError, match="colour"):
        create_source("community-csv", name="c", options={"url": URL, "colour": "red"})
