"""Dates and times as sources write them: ISO values, days in text, clock times, instants."""

from __future__ import annotations

import datetime as dt

import pytest

from eventscout.parse.dates import (
    as_instant,
    find_date,
    find_day_range,
    find_days,
    find_js_date,
    find_times,
    find_zone,
    localize,
    month_number,
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


# -- the one ISO reader, the one month table, instants -------------------------------------------


def test_iso_reader_keeps_fractions_and_reads_spaces() -> None:
    assert parse_iso_moment("2027-05-12 09:30:15.25+02:00") == dt.datetime(
        2027, 5, 12, 9, 30, 15, 250000, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert parse_iso_moment(" 2027-5-2 ") == dt.date(2027, 5, 2)
    with pytest.raises(ValueError, match="out of range"):
        parse_iso_moment("2027-05-12T10:00+25:00")


@pytest.mark.parametrize(
    ("name", "number"),
    [("January", 1), ("jan", 1), ("Sept.", 9), ("SEP", 9), ("september", 9), ("june", 6),
     ("Jun", 6), ("may", 5)],
)
def test_month_number(name: str, number: int) -> None:
    assert month_number(name) == number


def test_month_number_refuses_other_words() -> None:
    with pytest.raises(KeyError):
        month_number("Maybe")


@pytest.mark.parametrize(
    ("text", "days"),
    [("September 18 - September 22, 2023", (dt.date(2023, 9, 18), dt.date(2023, 9, 22))),
     ("Sept 3, 2027", (dt.date(2027, 9, 3), dt.date(2027, 9, 3))),
     ("28 Oct - 1 Nov 2024", (dt.date(2024, 10, 28), dt.date(2024, 11, 1))),
     ("December 30 - January 2, 2025", (dt.date(2024, 12, 30), dt.date(2025, 1, 2))),
     ("2027-05-12 to 2027-05-14", (dt.date(2027, 5, 12), dt.date(2027, 5, 14))),
     ("no date here", None)],
)
def test_day_ranges_use_the_same_month_names(text: str, days: tuple[dt.date, dt.date] | None) -> None:
    assert find_day_range(text) == days


def test_days_and_js_dates() -> None:
    assert find_days("01-Dec-2021->31-Jan-2022") == [dt.date(2021, 12, 1), dt.date(2022, 1, 31)]
    assert find_js_date("Tue Apr 25 2017 00:00:00 GMT+0000 (UTC)") == dt.date(2017, 4, 25)
    assert find_js_date("Tue Apr 25 2017 18:30:00 GMT+0530") == dt.datetime(
        2017, 4, 25, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))


def test_find_zone() -> None:
    assert find_zone("Europe/Berlin") is not None
    assert find_zone("Mars/Olympus") is None and find_zone(None) is None and find_zone("") is None


def test_as_instant_has_one_convention() -> None:
    day = dt.date(2027, 5, 12)
    assert as_instant(day) == dt.datetime(2027, 5, 12, tzinfo=dt.UTC)
    assert as_instant(day, closes=True) == dt.datetime(2027, 5, 12, 12, tzinfo=dt.UTC)  # 00:00 AoE
    floating = dt.datetime(2027, 5, 12, 10)
    assert as_instant(floating) == floating.replace(tzinfo=dt.UTC)
    aware = dt.datetime(2027, 5, 12, 10, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert as_instant(aware) is aware and as_instant(aware, closes=True) is aware
