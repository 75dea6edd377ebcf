"""The confs.tech dataset adapter on its own fixtures and on the whole real dataset."""

from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path

import pytest
import responses

from eventscout import AttendanceMode, Event, EventKind, Fetcher, Problem
from eventscout.model import AOE
from eventscout.sources.base import FetchContext
from eventscout.sources.confstech import ConfsTechSource


def read(url: str) -> tuple[list[Event], list[Problem]]:
    context = FetchContext(fetcher=Fetcher(), now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    items = list(ConfsTechSource(name="confs", url=url).fetch(context))
    return [i for i in items if isinstance(i, Event)], [i for i in items if isinstance(i, Problem)]


def test_folder_reads_topics_from_file_names_and_combines_duplicates(data_dir: Path) -> None:
    events, _ = read(str(data_dir / "confstech"))
    by_title = {e.title: e for e in events}
    pycon = by_title["PyCon Testland 2027"]
    assert set(pycon.topics) == {"python", "data"}  # filed under two topics: one event
    assert (pycon.start, pycon.end) == (dt.date(2027, 5, 12), dt.date(2027, 5, 14))
    assert pycon.location is not None and pycon.location.country == "DE"
    assert pycon.languages == ("en", "de")
    assert pycon.kind is EventKind.CONFERENCE
    assert pycon.cfp is not None
    assert pycon.cfp.closes == dt.datetime(2027, 2, 1, 23, 59, 59, tzinfo=AOE)
    assert by_title["Python Online Day"].attendance is AttendanceMode.ONLINE
    hybrid = by_title["Hybrid PyData"]
    assert hybrid.attendance is AttendanceMode.HYBRID
    assert hybrid.location is not None and hybrid.location.country == "US"
    assert "closed_captions" in hybrid.features


def test_each_bad_record_is_a_problem_naming_file_and_item(data_dir: Path) -> None:
    events, problems = read(str(data_dir / "confstech"))
    assert len(events) == 3
    by_where = {p.where.split("confstech/")[-1]: p for p in problems}
    assert set(by_where) == {
        "2027/broken.json",
        "2027/python.json item #4",
        "2027/python.json item #5 ('Backwards Conf')",
        "2027/python.json item #6 ('Bad Date Conf')",
        "2027/python.json item #7 ('Typed Wrong')",
        "2027/python.json item #8",
    }
    assert by_where["2027/python.json item #4"].field == "name"
    assert by_where["2027/python.json item #6 ('Bad Date Conf')"].field == "startDate"
    assert by_where["2027/python.json item #7 ('Typed Wrong')"].field == "online"
    assert "before start" in by_where["2027/python.json item #5 ('Backwards Conf')"].message


@responses.activate
def test_a_file_over_http_takes_its_topic_from_the_url(data_dir: Path) -> None:
    body = (data_dir / "confstech" / "2027" / "data.json").read_bytes()
    responses.get("https://example.org/conferences/2027/data.json", body=body)
    events, problems = read("https://example.org/conferences/2027/data.json")
    assert problems == []
    assert [e.topics for e in events] == [("data",)]


@pytest.mark.shared_data
def test_the_whole_real_dataset(shared_data: Path) -> None:
    root = shared_data / "tech-conferences-conference-data" / "conferences"
    records = sum(len(json.loads(f.read_text())) for f in root.rglob("*.json"))
    assert records == 6831
    events, problems = read(str(root))
    # 6,831 records, every one usable; 825 repeat a conference under a further topic
    assert problems == []
    assert len(events) == 6006
    assert len({e.key for e in events}) == len(events)
    per_year = collections.Counter(e.first_day.year for e in events)
    assert per_year[2019] > 800 and per_year[2027] > 0
    assert sum(1 for e in events if e.cfp is not None) > 1500
    assert all(e.location is None or e.location.country is None or len(e.location.country) == 2 for e in events)
