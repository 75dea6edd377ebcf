"""The year plan counts accepted talks from the talks file: speaking, travel and ticket covered."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

from eventscout.pipeline import demo_config, plan_year
from eventscout.plan import Action, Talk, TalkBook, save_talks
from eventscout.testing import FIXED_NOW


def _entry(result, title: str):  # type: ignore[no-untyped-def]
    return next(e for e in result.plan.entries if e.event.title == title)


def test_an_accepted_talk_in_the_talks_file_makes_its_event_free_speaking(tmp_path: Path) -> None:
    talks = tmp_path / "talks.toml"
    config = demo_config()
    config = attrs.evolve(config, plan=attrs.evolve(config.plan, talks=talks))
    store = tmp_path / "state.sqlite"
    without = plan_year(config, now=FIXED_NOW, store=store)
    paid = _entry(without, "EuroPython 2027").candidate
    assert paid.cost > 0 and paid.action is Action.CONFERENCE and not paid.talk

    # a submission written by hand, without the event's key: found by its title
    book = (TalkBook().add_talk(Talk(title="Plans that fit", tags=["python"]))
            .propose("Plans that fit", "europython 2027"))
    for state in ("drafting", "submitted", "accepted"):
        book = book.move("Plans that fit", "europython 2027", state)
    save_talks(book, talks)
    speaking = plan_year(config, now=FIXED_NOW, store=store)
    entry = _entry(speaking, "EuroPython 2027")
    assert entry.included
    assert entry.candidate.talk and entry.candidate.action is Action.SPEAKING
    assert entry.candidate.cost == Decimal(0)
    assert "travel covered for the speaker" in entry.reason
    assert "speaker's ticket covered" in entry.reason
    assert speaking.plan.totals.cost == without.plan.totals.cost - paid.cost


def test_a_talk_not_yet_accepted_changes_nothing(tmp_path: Path) -> None:
    talks = tmp_path / "talks.toml"
    book = (TalkBook().add_talk(Talk(title="Plans that fit"))
            .propose("Plans that fit", "EuroPython 2027").move("Plans that fit", "EuroPython 2027",
                                                                "drafting"))
    save_talks(book, talks)
    config = demo_config()
    config = attrs.evolve(config, plan=attrs.evolve(config.plan, talks=talks))
    result = plan_year(config, now=FIXED_NOW, store=tmp_path / "state.sqlite")
    assert not _entry(result, "EuroPython 2027").candidate.talk
