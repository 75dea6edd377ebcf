"""Kind and attendance guessing from words."""

from __future__ import annotations

import pytest

from eventscout import AttendanceMode, EventKind
from eventscout.parse.kinds import guess_attendance, guess_kind, guess_price


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Berlin Tech Career Fair", EventKind.CAREER_FAIR),
        ("PyBerlin Meetup", EventKind.MEETUP),
        ("JSConf EU", EventKind.CONFERENCE),
        ("DevOpsDays Munich", EventKind.CONFERENCE),
        ("Hands-on workshop: GitOps", EventKind.WORKSHOP),
        ("Climate Data Hackathon", EventKind.HACKATHON),
        ("Mentoring office hours", EventKind.MENTORSHIP),
        ("Women in Tech networking night", EventKind.NETWORKING),
        ("Board of Directors Meeting", EventKind.ASSOCIATION_MEETING),
        ("Quarterly review", EventKind.OTHER),
    ],
)
def test_guess_kind(title: str, kind: EventKind) -> None:
    assert guess_kind(title) is kind


def test_later_texts_decide_only_when_earlier_ones_do_not() -> None:
    assert guess_kind("Spring gathering", "workshop") is EventKind.WORKSHOP
    assert guess_kind("Quarterly review", default=EventKind.CONFERENCE) is EventKind.CONFERENCE


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Online (Zoom)", AttendanceMode.ONLINE),
        ("https://zoom.us/j/123", AttendanceMode.ONLINE),
        ("Hybrid: Berlin and online", AttendanceMode.HYBRID),
        ("Betahaus, Berlin", AttendanceMode.IN_PERSON),
    ],
)
def test_guess_attendance(text: str, mode: AttendanceMode) -> None:
    assert guess_attendance(text) is mode


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A full-day training. Bring a laptop. Ticket 149 EUR.", ("149", "EUR")),
        ("Tickets: €25 (students €10)", ("25", "EUR")),
        ("Price: 12,50 €", ("12.50", "EUR")),
        ("Entry fee $40", ("40", "USD")),
        ("CV reviews and interview practice. Free.", ("0", None)),
        ("Over 80 employers hiring. Free entry.", ("0", None)),
        ("Admission is free", ("0", None)),
    ],
)
def test_guess_price_reads_explicit_statements(text: str, expected: tuple[str, str | None]) -> None:
    price = guess_price(text)
    assert price is not None
    assert (str(price.minimum), price.currency) == expected


@pytest.mark.parametrize("text", ["We raised $2M last year", "free beer and pizza", "Win a 50 € prize", "", None])
def test_guess_price_leaves_unknown_prices_unknown(text: str | None) -> None:
    assert guess_price(text) is None


@pytest.mark.parametrize(
    ("written", "amount"),
    [("1,299", "1299"), ("1.299,00", "1299.00"), ("49,50", "49.50"), ("49.5", "49.5"), ("1 299", "1299"), ("40", "40")],
)
def test_parse_amount_reads_either_separator(written: str, amount: str) -> None:
    from decimal import Decimal

    from eventscout.parse.kinds import parse_amount

    assert parse_amount(written) == Decimal(amount)


def test_thousands_are_not_read_as_decimals() -> None:
    price = guess_price("Tickets: €1,299 (early bird €999)")
    assert price is not None and str(price.minimum) == "1299"
