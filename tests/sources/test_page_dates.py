"""Tolerant reading of dates and times as web pages write them."""

from __future__ import annotations

import datetime as dt

import pytest

from eventscout.sources._page_dates import (
    find_date,
    find_times,
    localize,
    parse_iso_moment,
    parse_with_formats,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011-05-20", dt.date(2011, 5, 20)),
        ("2019-9-18T10:00", dt.datetime(2019, 9, 18, 10, 0)),
        ("2015-10-31T19:30:00-0400",
         dt.datetime(2015, 10, 31, 19, 30, tzinfo=dt.timezone(dt.timedelta(hours=-4)))),
        ("2022-06-28T08:45:00.000Z", dt.datetime(2022, 6, 28, 8, 45, tzinfo=dt.UTC)),
    ],
)
def test_iso_moments(text: str, expected: dt.date) -> None:
    assert parse_iso_moment(text) == expected


@pytest.mark.parametrize("text", ["2019-9-18T10-10-00-00", "2019-02-30", "next Tuesday", ""])
def test_impossible_iso_moments_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not"):
        parse_iso_moment(text)


def test_floating_time_needs_a_zone() -> None:
    with pytest.raises(ValueError, match="no UTC offset"):
        localize(dt.datetime(2027, 1, 1, 10), None)
    assert localize(dt.datetime(2027, 1, 1, 10), dt.UTC).tzinfo is dt.UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday, January 29th, 2018 - view minutes", dt.date(2018, 1, 29)),
        ("Board Meeting - January 5, 2024", dt.date(2024, 1, 5)),
        ("Feb 25 2019", dt.date(2019, 2, 25)),
        ("Minutes 2-26-19", dt.date(2019, 2, 26)),
        ("the 3rd of Sept. 2027", dt.date(2027, 9, 3)),
        ("February 30, 2019 or March 1, 2019", dt.date(2019, 3, 1)),
        ("May 28", None),
    ],
)
def test_dates_found_in_text(text: str, expected: dt.date | None) -> None:
    assert find_date(text) == expected


def test_day_first_numeric_dates() -> None:
    assert find_date("04.03.2027", day_first=True) == dt.date(2027, 3, 4)
    assert find_date("04.03.2027") == dt.date(2027, 4, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at 10:00 a.m.", [dt.time(10)]),
        ("6:30 p.m. - 8 pm", [dt.time(18, 30), dt.time(20)]),
        ("12 am to noon", [dt.time(0), dt.time(12)]),
        ("18:30–20:00", [dt.time(18, 30), dt.time(20)]),
        ("February 25, 2019", []),
    ],
)
def test_times_found_in_text(text: str, expected: list[dt.time]) -> None:
    assert find_times(text) == expected


def test_strptime_formats() -> None:
    assert parse_with_formats("14.08.2027  10:00", ("%Y", "%d.%m.%Y %H:%M")) == (
        dt.date(2027, 8, 14), dt.time(10))
    assert parse_with_formats("14.08.2027", ("%d.%m.%Y",)) == (dt.date(2027, 8, 14), None)
    assert parse_with_formats("soon", ("%d.%m.%Y",)) is None
