"""Tuning the ranker from the profile: the ``weights`` table."""

from __future__ import annotations

import pytest
from rank_helpers import event

from eventscout.errors import ProfileError
from eventscout.profile import RANKING_SIGNALS, Profile
from eventscout.rank import SignalWeights, rank_events


def test_profile_signal_names_are_the_rankers():  # type: ignore[no-untyped-def]
    assert set(RANKING_SIGNALS) == set(SignalWeights.names())


def test_weights_table_is_parsed_and_checked():  # type: ignore[no-untyped-def]
    profile = Profile.from_mapping({"weights": {"place": 0.4, "goals": 0.1}})
    assert profile.weights == {"place": 0.4, "goals": 0.1}
    with pytest.raises(ProfileError, match=r"weights\.distance"):
        Profile.from_mapping({"weights": {"distance": 0.4}}, path="me.toml")
    with pytest.raises(ProfileError, match=r"weights\.place"):
        Profile.from_mapping({"weights": {"place": "a lot"}})
    with pytest.raises(ProfileError, match=r"weights\.place"):
        Profile.from_mapping({"weights": {"place": 3}})


def test_weights_change_the_order(now):  # type: ignore[no-untyped-def]
    on_topic_far = event("Python Summit", city="Lisbon", country="PT")
    off_topic_near = event("Tech Meetup", city="Potsdam", country="DE")
    table = {"interests": {"python": 1.0}, "home": "Berlin"}
    topical = Profile.from_mapping(table)
    homebody = Profile.from_mapping({**table, "weights": {"interests": 0.05, "place": 1.0}})
    first = rank_events([on_topic_far, off_topic_near], topical, now=now).matches[0]
    assert first.event.title == "Python Summit"
    first = rank_events([on_topic_far, off_topic_near], homebody, now=now).matches[0]
    assert first.event.title == "Tech Meetup"
