"""Kind and attendance guessing from words."""

from __future__ import annotations

import pytest

from eventscout import AttendanceMode, EventKind
from eventscout.kinds import guess_attendance, guess_kind


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
