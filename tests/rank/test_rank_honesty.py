"""Issue 9's "what was seen" cases: honest interest evidence, goal reasons that tell events apart,
hard rules that hold and the relevance floor."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from rank_helpers import confstech_events, event

from eventscout.errors import ProfileError
from eventscout.model import AttendanceMode, Event, EventKind
from eventscout.profile import Goal, Home, Profile
from eventscout.rank import rank_events

PERSONA_NOW = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)


def _persona() -> Profile:
    return Profile.from_mapping({
        "interests": {"data engineering": 1.0, "sql": 0.6, "apache kafka": 0.6, "python": 0.4},
        "goals": {"learning": 0.6, "job_opportunities": 0.4},
        "home": "Amsterdam", "max_distance_km": 1000,
    })


def _texts(match: object) -> list[str]:
    return [reason.text for reason in match.reasons]  # type: ignore[attr-defined]


def _listing(item: Event) -> str:
    return " ".join([item.title, " ".join(item.topics), item.description]).casefold()


# -- honest interest evidence -------------------------------------------------------------------


def test_a_generic_tag_is_only_related_and_never_a_match_of_a_narrower_interest(now):  # type: ignore[no-untyped-def]
    grill = event("Data Grillen", topics=("data",), city="Lingen", country="DE")
    ranking = rank_events([grill], Profile(interests={"sql": 1.0}), now=now)
    texts = _texts(ranking.matches[0])
    assert "related: data" in texts
    assert not any("sql" in text for text in texts)
    assert not ranking.matches[0].relevant  # near an interest is not on it


def test_a_generic_tag_does_not_claim_every_interest(now):  # type: ignore[no-untyped-def]
    grill = event("Data Grillen", topics=("data",))
    profile = Profile(interests={"data engineering": 1.0, "data": 0.5, "sql": 0.8})
    texts = _texts(rank_events([grill], profile, now=now).matches[0])
    assert any(text == "matches your interest data" for text in texts), texts
    assert not any("sql" in text or "data engineering" in text for text in texts), texts


def test_a_generic_tag_alone_cannot_outrank_an_event_on_the_interest(now):  # type: ignore[no-untyped-def]
    tagged = event("Data Grillen", topics=("data",), kind=EventKind.CONFERENCE,
                   city="Amsterdam", country="NL")
    on_topic = event("SQL Saturday", city="Lisbon", country="PT")
    ranking = rank_events([tagged, on_topic], Profile(interests={"sql": 1.0},
                                                      home=Home(place="Amsterdam")), now=now)
    assert [m.event.title for m in ranking.matches] == ["SQL Saturday", "Data Grillen"]


def test_a_multi_word_interest_meets_its_product_name(now):  # type: ignore[no-untyped-def]
    summit = event("Kafka Summit London", city="London", country="GB")
    other = event("Streaming Days")
    ranking = rank_events([summit, other], Profile(interests={"apache kafka": 1.0}), now=now)
    assert ranking.matches[0].event.title == "Kafka Summit London"
    assert any("apache kafka" in text for text in _texts(ranking.matches[0]))
    unknown = Profile(interests={"kafka streams": 1.0})
    texts = _texts(rank_events([summit], unknown, now=now).matches[0])
    assert any("kafka" in text for text in texts)


def test_unknown_interests_are_reported_with_near_matches(now, caplog):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"pyhton": 1.0, "python": 0.5, "zorblax": 0.3})
    with caplog.at_level(logging.WARNING, logger="eventscout.rank"):
        ranking = rank_events([event("PyCon Lille")], profile, now=now)
    unknown = {item.interest: item.near for item in ranking.unknown_interests}
    assert set(unknown) == {"pyhton", "zorblax"}
    assert "python" in unknown["pyhton"]
    assert "pyhton" in caplog.text and "python" in caplog.text


def test_an_interest_the_events_use_is_not_reported(now):  # type: ignore[no-untyped-def]
    ranking = rank_events([event("Zorblax Days")], Profile(interests={"zorblax": 1.0}), now=now)
    assert ranking.unknown_interests == ()


# -- goal evidence that discriminates ------------------------------------------------------------


def test_the_kind_conference_alone_gives_no_goal_reason(now):  # type: ignore[no-untyped-def]
    goals = {Goal.JOB_OPPORTUNITIES: 1.0, Goal.LEARNING: 1.0, Goal.PARTNERSHIPS: 1.0}
    plain = event("Plain Conf", kind=EventKind.CONFERENCE)
    ranking = rank_events([plain], Profile(goals=goals), now=now)
    signals = {reason.signal for reason in ranking.matches[0].reasons}
    assert not signals & {goal.value for goal in goals}


def test_goal_reasons_come_from_the_listing_or_the_series_table(now):  # type: ignore[no-untyped-def]
    goals = {Goal.JOB_OPPORTUNITIES: 1.0, Goal.PARTNERSHIPS: 1.0, Goal.SUPPORT: 1.0}
    fair = event("Data Week", kind=EventKind.CONFERENCE,
                 description="Talks, and a job fair with forty employers.")
    kubecon = event("KubeCon + CloudNativeCon Europe", kind=EventKind.CONFERENCE)
    bsides = event("BSides Amsterdam", kind=EventKind.CONFERENCE)
    ranking = rank_events([fair, kubecon, bsides], Profile(goals=goals), now=now)
    by_title = {m.event.title: _texts(m) for m in ranking.matches}
    assert any("job fair" in text for text in by_title["Data Week"])
    assert any("expo" in text for text in by_title["KubeCon + CloudNativeCon Europe"])
    assert any("community-run" in text for text in by_title["BSides Amsterdam"])


# -- hard rules ------------------------------------------------------------------------------------


def test_an_unknown_home_with_a_distance_limit_is_an_error():
    with pytest.raises(ProfileError) as caught:
        Profile.from_mapping({"home": "Amsterdma", "max_distance_km": 500}, path="me.toml")
    message = str(caught.value)
    assert "home" in message and "Amsterdma" in message and "Amsterdam" in message


def test_an_unknown_home_built_in_code_is_an_error_at_rank_time(now):  # type: ignore[no-untyped-def]
    profile = Profile(home=Home(place="Amsterdma"), max_distance_km=500)
    with pytest.raises(ProfileError, match="Amsterdma"):
        rank_events([event("Far Conf", city="Singapore", country="SG")], profile, now=now)


def test_an_unknown_home_without_a_limit_only_loses_distances():
    assert Profile.from_mapping({"home": "Amsterdma"}).home == Home(place="Amsterdma")


def test_regions_keep_events_in_them_and_say_why_others_are_out(now):  # type: ignore[no-untyped-def]
    events = [event("Berlin Conf", city="Berlin", country="DE"),
              event("Singapore Conf", city="Singapore", country="SG"),
              event("Webinar", attendance=AttendanceMode.ONLINE),
              event("Hybrid Austin", city="Austin", country="US", attendance=AttendanceMode.HYBRID),
              event("Unplaced Conf")]
    europe = Profile.from_mapping({"regions": ["Europe"]})
    ranking = rank_events(events, europe, now=now)
    assert {m.event.title for m in ranking.matches} == {"Berlin Conf", "Unplaced Conf"}
    reasons = {x.event.title: x for x in ranking.excluded}
    assert {x.signal for x in reasons.values()} == {"region"}
    assert "SG" in reasons["Singapore Conf"].reason and "Europe" in reasons["Singapore Conf"].reason
    online = Profile.from_mapping({"regions": ["India", "online"]})
    kept = {m.event.title for m in rank_events(events, online, now=now).matches}
    assert kept == {"Webinar", "Hybrid Austin", "Unplaced Conf"}


def test_an_unknown_region_is_a_profile_error():
    with pytest.raises(ProfileError, match="Eurpoe"):
        Profile.from_mapping({"regions": ["Eurpoe"]})


# -- the relevance floor ---------------------------------------------------------------------------


def test_the_floor_leaves_off_topic_matches_out_and_counts_them(now):  # type: ignore[no-untyped-def]
    events = [event("PyCon Lille"), event("Gardening Expo", city="Paris", country="FR")]
    ranking = rank_events(events, Profile(interests={"python": 1.0}), now=now)
    assert [m.event.title for m in ranking.relevant] == ["PyCon Lille"]
    assert ranking.below_floor == 1
    strict = Profile.from_mapping({"interests": {"python": 1.0}, "relevance_floor": 1.0})
    assert rank_events(events, strict, now=now).below_floor == 2


# -- the persona on real data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def confs(shared_data) -> list[Event]:  # type: ignore[no-untyped-def]
    return confstech_events(shared_data, PERSONA_NOW)


def test_the_data_engineer_in_amsterdam_gets_local_data_events_before_ai_webinars(confs):  # type: ignore[no-untyped-def]
    ranking = rank_events(confs, _persona(), now=PERSONA_NOW)
    place = {m.event.title: i for i, m in enumerate(ranking.matches)}
    webinars = [i for i, m in enumerate(ranking.matches)
                if m.event.attendance is AttendanceMode.ONLINE
                and " ai" in f" {m.event.title.casefold()}"]
    assert webinars, "the dataset has online AI events"
    for title in ("Berlin Buzzwords", "Data at Scale"):
        assert place[title] < min(webinars), (title, place[title], min(webinars))


def test_no_reason_claims_sql_without_sql_in_the_listing(confs):  # type: ignore[no-untyped-def]
    ranking = rank_events(confs, _persona(), now=PERSONA_NOW)
    for match in ranking.matches:
        for text in _texts(match):
            if "sql" in text and "related" not in text:
                listing = _listing(match.event)
                assert "sql" in listing or "pgday" in listing or "bigquery" in listing or \
                    "postgres" in listing, (match.event.title, text)


def test_must_attend_and_the_cli_top_list_honour_the_floor(now):  # type: ignore[no-untyped-def]
    import io

    from eventscout.cli import _print_matches
    from eventscout.feeds.definition import FeedDefinition, Tier
    from eventscout.feeds.select import select_matches

    events = [event("PyCon Lille"), event("Gardening Expo", city="Paris", country="FR")]
    ranking = rank_events(events, Profile(interests={"python": 1.0}), now=now)
    must = select_matches(FeedDefinition(name="must", tier=Tier.MUST_ATTEND), ranking.matches)
    assert [m.event.title for m in must] == ["PyCon Lille"]
    everything = select_matches(FeedDefinition(name="all", tier=Tier.WORTH_A_LOOK, after=0),
                                ranking.matches)
    assert len(everything) == 2  # the floor is must-attend's, not every feed's
    out = io.StringIO()
    _print_matches(ranking, 10, out)
    text = out.getvalue()
    assert "PyCon Lille" in text and "Gardening Expo" not in text
    assert "1 more matched below the relevance floor (0.35" in text


def test_the_internet_of_things_is_not_robotics(now):  # type: ignore[no-untyped-def]
    # robotics is a sibling of IoT (both cyber-physical), not a part of it: an "IOT" in a title
    # says nothing about robotics, either way
    iot = event("International Conference on Machine Learning, IOT and Blockchain")
    robots = event("RSS", topics=("robotics",))
    ranking = rank_events([iot, robots], Profile(interests={"robotics": 1.0}), now=now)
    matches = {m.event.title: m for m in ranking.matches}
    assert not [r for r in matches[iot.title].reasons if r.signal == "interests"]
    assert "matches your interest robotics" in _texts(matches["RSS"])
    ranking = rank_events([iot, robots], Profile(interests={"iot": 1.0}), now=now)
    assert not [r for m in ranking.matches if m.event.title == "RSS"
                for r in m.reasons if r.signal == "interests"]


def test_qcon_and_infoq_dev_summits_are_general_software_conferences(now):  # type: ignore[no-untyped-def]
    # QCon ("International Software Development Conference") and InfoQ's Dev Summits run tracks
    # over many topics: near a programming interest (related), never a match of it
    summit = event("InfoQ Dev Summit Boston", city="Boston", country="US")
    qcon = event("QCon London", city="London", country="GB")
    ranking = rank_events([summit, qcon], Profile(interests={"devops": 1.0}), now=now)
    matches = {m.event.title: m for m in ranking.matches}
    assert "related: infoq" in _texts(matches[summit.title])
    assert "related: qcon" in _texts(matches[qcon.title])
    assert not any(m.relevant for m in ranking.matches)
    assert not any("matches your interest" in text for m in ranking.matches for text in _texts(m))
    general = rank_events([qcon], Profile(interests={"software development": 1.0}), now=now)
    assert "matches your interest software development (qcon)" in _texts(general.matches[0])
