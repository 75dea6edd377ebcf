"""The CFP pipeline: legal state changes only, the TOML file, deadlines with reminder days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventscout.errors import ConfigError, EventNotFound
from eventscout.model import CallForPapers, Event
from eventscout.plan import (
    TRANSITIONS,
    IllegalTransition,
    State,
    Talk,
    TalkBook,
    cfp_deadlines,
    load_talks,
    save_talks,
)

NOW = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)


def book() -> TalkBook:
    return (TalkBook().add_talk(Talk(title="Plans that fit", abstract="talks/plans.md",
                                     tags=["Python", "optimisation"]))
            .propose("Plans that fit", "PyCon DE 2027", event_key="k-pycon", on=dt.date(2027, 1, 2)))


def test_the_happy_path_to_accepted() -> None:
    talks = book()
    for state in ("drafting", "submitted", "accepted"):
        talks = talks.move("plans that fit", "PyCon DE 2027", state, on=dt.date(2027, 1, 9))
    (submission,) = talks.submissions
    assert submission.state is State.ACCEPTED and submission.updated == dt.date(2027, 1, 9)
    assert talks.accepted_event_keys() == {"k-pycon"}
    assert book().accepted_event_keys() == frozenset()


@pytest.mark.parametrize(("path", "illegal", "allowed"), [
    ((), "submitted", "drafting, withdrawn"),
    (("drafting",), "accepted", "submitted, withdrawn"),
    (("drafting", "submitted", "rejected"), "accepted", "nothing, it is final"),
    (("withdrawn",), "drafting", "nothing, it is final"),
    (("drafting", "submitted", "accepted"), "rejected", "withdrawn"),
])
def test_illegal_transitions_are_clear_errors(path: tuple[str, ...], illegal: str, allowed: str) -> None:
    talks = book()
    for state in path:
        talks = talks.move("Plans that fit", "k-pycon", state)
    current = path[-1] if path else "idea"
    with pytest.raises(IllegalTransition, match=(f"'Plans that fit' at 'PyCon DE 2027' cannot go from "
                                                 f"{current} to {illegal} \\(from {current}: {allowed}\\)")):
        talks.move("Plans that fit", "PyCon DE 2027", illegal)


def test_every_state_is_reachable_and_the_final_ones_have_no_way_out() -> None:
    reachable, frontier = {State.IDEA}, [State.IDEA]
    while frontier:
        for nxt in TRANSITIONS[frontier.pop()] - reachable:
            reachable.add(nxt)
            frontier.append(nxt)
    assert reachable == set(State)
    assert TRANSITIONS[State.REJECTED] == TRANSITIONS[State.WITHDRAWN] == frozenset()


def test_unknown_talks_and_duplicates_are_errors() -> None:
    with pytest.raises(ConfigError, match="no talk called 'Other'"):
        book().propose("Other", "X")
    with pytest.raises(ConfigError, match="already in the pipeline"):
        book().propose("Plans that fit", "pycon de 2027")
    with pytest.raises(ConfigError, match="no submission"):
        book().move("Plans that fit", "JSConf", "drafting")


def test_the_talks_file_round_trips(tmp_path: Path) -> None:
    talks = book().move("Plans that fit", "k-pycon", "drafting", on=dt.date(2027, 1, 3))
    path = tmp_path / "talks.toml"
    save_talks(talks, path)
    assert load_talks(path) == talks
    assert load_talks(tmp_path / "missing.toml") == TalkBook()


def test_a_bad_talks_file_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "talks.toml"
    path.write_text('[[talk]]\ntitle = "A"\n[[submission]]\ntalk = "A"\nevent = "E"\nstate = "sent"\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"key 'submission\[0\].state'.*'sent' is not one of"):
        load_talks(path)
    path.write_text('[[submission]]\ntalk = "B"\nevent = "E"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="no \\[\\[talk\\]\\] called 'B'"):
        load_talks(path)


def conf(title: str, closes: str | None, topics: list[str]) -> Event:
    return Event(title=title, start="2027-06-01", topics=topics,
                 cfp=CallForPapers(url="https://example.org/cfp", closes=closes))


def test_open_cfps_that_fit_a_talks_tags_with_reminders_14_3_1_days_before() -> None:
    events = [conf("PyCon DE 2027", "2027-02-20", ["python", "data"]),
              conf("RustConf", "2027-03-01", ["rust"]),
              conf("Closed Conf", "2027-01-10", ["python"]),
              conf("Soon Conf", "2027-01-20", ["Combinatorial Optimisation"]),
              conf("Unknown Close", None, ["python"])]
    found = cfp_deadlines(book(), events, NOW)
    assert [(d.event.title, d.tags) for d in found] == [("Soon Conf", ("optimisation",)),
                                                        ("PyCon DE 2027", ("python",))]
    soon, pycon = found
    assert pycon.reminders == (dt.date(2027, 2, 6), dt.date(2027, 2, 17), dt.date(2027, 2, 19))
    assert pycon.closes == dt.datetime(2027, 2, 20, 23, 59, 59, tzinfo=pycon.closes.tzinfo)
    assert soon.reminders == (dt.date(2027, 1, 17), dt.date(2027, 1, 19))  # 14 days before is past


def test_a_talk_already_submitted_there_needs_no_reminder() -> None:
    talks = book().move("Plans that fit", "k-pycon", "drafting").move("Plans that fit", "k-pycon",
                                                                      "submitted")
    events = [Event(title="PyCon DE 2027", start="2027-06-01", topics=["python"], key="k-pycon",
                    cfp=CallForPapers(closes="2027-02-20"))]
    assert cfp_deadlines(book(), events, NOW) != []
    assert cfp_deadlines(talks, events, NOW) == []


def test_talks_and_submissions_are_found_by_a_unique_part_of_their_name() -> None:
    talks = book().add_talk(Talk(title="Plans that stay")).propose(
        "Plans that fit", "PyData Global 2027")
    assert talks.find_talk("plans that FIT").title == "Plans that fit"
    assert talks.find_talk("stay").title == "Plans that stay"
    with pytest.raises(EventNotFound, match="'plans' matches 2 talks") as many:
        talks.find_talk("plans")
    assert many.value.candidates == ("Plans that fit", "Plans that stay")
    assert talks.find_submission("fit", "k-pycon").event == "PyCon DE 2027"
    assert talks.find_submission("fit", "global").event == "PyData Global 2027"
    with pytest.raises(EventNotFound, match="matches 2 submissions") as both:
        talks.find_submission("fit", "py")
    assert both.value.candidates == ("PyCon DE 2027 (idea)  k-pycon", "PyData Global 2027 (idea)")
    with pytest.raises(EventNotFound, match="'Plans that stay' has no submission at 'PyCon'"):
        talks.find_submission("stay", "PyCon")


def test_accepted_talks_are_found_by_key_or_by_title() -> None:
    by_key = Event(title="PyCon DE 2027", start="2027-06-01", key="k-pycon")
    by_title = Event(title="PyData Global 2027", start="2027-12-07")
    talks = book().propose("Plans that fit", "pydata global 2027")
    for event in ("k-pycon", "pydata global 2027"):
        for state in ("drafting", "submitted", "accepted"):
            talks = talks.move("Plans that fit", event, state)
    assert talks.accepted_at([by_key, by_title, conf("Other", None, [])]) == {
        "k-pycon", by_title.key}
    assert book().accepted_at([by_key]) == frozenset()


def test_days_left_count_in_the_deadlines_own_zone() -> None:
    (deadline,) = cfp_deadlines(book(), [conf("PyCon DE 2027", "2027-02-20", ["python"])], NOW)
    assert deadline.days_left(NOW) == 36
    assert deadline.leads == (14, 3, 1)
    # 2027-02-20 06:00 UTC is still 2027-02-19 Anywhere on Earth: one day left there
    assert deadline.days_left(dt.datetime(2027, 2, 20, 6, tzinfo=dt.UTC)) == 1
