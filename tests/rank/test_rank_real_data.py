"""The ranker on the real confs.tech dataset (../shared/data), read by the project's adapter."""

from __future__ import annotations

import datetime as dt

import pytest
from rank_helpers import confstech_events

from eventscout.model import Event
from eventscout.profile import Goal, Home, Profile
from eventscout.rank import rank_events

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def confs(shared_data) -> list[Event]:  # type: ignore[no-untyped-def]
    return confstech_events(shared_data, NOW)


def test_ranks_the_whole_dataset_sensibly(confs):  # type: ignore[no-untyped-def]
    assert len(confs) > 6000
    profile = Profile(interests={"python": 1.0}, goals={Goal.VISIBILITY: 0.5},
                      home=Home(place="Berlin"), max_distance_km=1500.0)
    ranking = rank_events(confs, profile, now=NOW)
    assert len(ranking.matches) + len(ranking.excluded) == len(confs)
    signals = {x.signal for x in ranking.excluded}
    assert {"past", "too_far", "horizon"} <= signals
    assert all(m.event.end_instant() > NOW for m in ranking.matches)
    python = [m for m in ranking.matches if "python" in m.event.topics]
    assert len(python) >= 3
    # every Python event in reach comes before any event that matches no interest
    first_other = next(i for i, m in enumerate(ranking.matches)
                       if not any(r.signal == "interests" for r in m.reasons))
    assert all(ranking.matches.index(m) < first_other for m in python)
    # a python tag whose title names another topic ("Azure Cosmos DB Conf") is only related
    direct = [m for m in python if not any(r.text.startswith("related: ") for r in m.reasons)]
    assert len(direct) >= len(python) - 2
    assert all(m.reasons[0].signal == "interests" for m in direct)
    series = [m.event.title.split()[0] for m in ranking.matches[:10]]
    assert len(set(series)) >= 5, series  # not ten editions of one series
    reversed_ranking = rank_events(list(reversed(confs)), profile, now=NOW)
    assert [m.event.key for m in reversed_ranking.matches] == [m.event.key for m in ranking.matches]
