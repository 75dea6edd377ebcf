"""The plugin-author kit: events to order, sources run against fixture files, the contract check."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from attrs import frozen

from eventscout import Event, FetchContext, FetchError, Problem
from eventscout.testing import FIXED_NOW, assert_valid_source, make_event, run_source


@frozen(kw_only=True)
class JsonListSource:
    """A minimal adapter: a JSON array of {title, date} at ``url``."""

    name: str
    url: str
    label: str | None = None

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        fetched = context.fetcher.get(self.url, source=self.name)
        for index, item in enumerate(json.loads(fetched.text)):
            if not item.get("date"):
                yield Problem(source=self.name, where=f"{self.url} item {index}",
                              message="no date", field="date")
                continue
            yield Event(title=item["title"], start=item["date"], source_urls=[fetched.url],
                        source=self.label or self.name)


LISTING = json.dumps([
    {"title": "Spring meetup", "date": "2027-03-01"},
    {"title": "No date"},
    {"title": "Summer conference", "date": "2027-07-01"},
]).encode()


def test_make_event_has_valid_defaults_and_takes_overrides() -> None:
    event = make_event(title="PyCon DE", topics=["Python"])

    assert event.title == "PyCon DE"
    assert event.topics == ("python",)
    assert event.source == "test"
    assert make_event().start == dt.date(2027, 6, 1)


def test_run_source_serves_bytes_and_files_through_a_real_fetcher(tmp_path: Path) -> None:
    fixture = tmp_path / "events.json"
    fixture.write_bytes(LISTING)
    source = JsonListSource(name="club", url="https://club.example/events.json")

    from_bytes = run_source(source, files={"https://club.example/events.json": LISTING})
    from_path = run_source(source, files={"https://club.example/events.json": fixture})

    assert from_bytes.titles == ["Spring meetup", "Summer conference"] == from_path.titles
    assert [p.field for p in from_bytes.problems] == ["date"]
    assert from_bytes.requested == ("https://club.example/events.json",)
    assert from_bytes.events[0].source_urls[0] == "https://club.example/events.json"


def test_a_url_without_fixture_answers_404() -> None:
    source = JsonListSource(name="club", url="https://club.example/missing.json")

    with pytest.raises(FetchError) as raised:
        run_source(source, files={})

    assert raised.value.status == 404
    assert raised.value.url == "https://club.example/missing.json"


def test_local_paths_are_read_as_files(tmp_path: Path) -> None:
    fixture = tmp_path / "events.json"
    fixture.write_bytes(LISTING)

    run = run_source(JsonListSource(name="club", url=str(fixture)))

    assert len(run.events) == 2 and run.requested == ()


def test_run_source_passes_now_to_the_source() -> None:
    seen: list[dt.datetime] = []

    @frozen(kw_only=True)
    class Clock:
        name: str = "clock"

        def fetch(self, context: FetchContext) -> Iterator[Event]:
            seen.append(context.now)
            return iter(())

    run_source(Clock())
    run_source(Clock(), now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))

    assert seen == [FIXED_NOW, dt.datetime(2030, 1, 1, tzinfo=dt.UTC)]


def test_a_source_yielding_something_else_fails_clearly() -> None:
    @frozen(kw_only=True)
    class Sloppy:
        name: str = "sloppy"

        def fetch(self, context: FetchContext) -> Iterator[object]:
            yield {"title": "a dict, not an Event"}

    with pytest.raises(TypeError, match="neither an Event nor a Problem"):
        run_source(Sloppy())  # type: ignore[arg-type]


def test_assert_valid_source_accepts_a_good_source_and_returns_its_run() -> None:
    source = JsonListSource(name="club", url="https://club.example/events.json")

    assert assert_valid_source(source) is None
    run = assert_valid_source(source, files={"https://club.example/events.json": LISTING})

    assert run is not None and len(run.events) == 2


def test_assert_valid_source_names_each_broken_rule() -> None:
    wrong_label = JsonListSource(name="club", url="https://x.example/e.json", label="other")

    with pytest.raises(AssertionError, match="says source='other', not 'club'"):
        assert_valid_source(wrong_label, files={"https://x.example/e.json": LISTING})

    class NoName:
        def fetch(self, context: FetchContext) -> list[Event]:
            return []

    with pytest.raises(AssertionError, match="`name` must be a non-empty string"):
        assert_valid_source(NoName())

    class TwoArguments:
        name = "two"

        def fetch(self, context: FetchContext, extra: int) -> list[Event]:
            return []

    with pytest.raises(AssertionError, match="exactly one required argument"):
        assert_valid_source(TwoArguments())


def test_assert_valid_source_catches_events_sharing_a_key() -> None:
    twice = json.dumps([{"title": "Same", "date": "2027-03-01"}] * 2).encode()
    source = JsonListSource(name="club", url="https://x.example/e.json")

    with pytest.raises(AssertionError, match="share the key"):
        assert_valid_source(source, files={"https://x.example/e.json": twice})
    assert assert_valid_source(source, files={"https://x.example/e.json": twice}, unique_keys=False)
