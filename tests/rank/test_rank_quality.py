"""The interest evidence behind the judged-set quality: brand-glued titles, tags a title
contradicts, general developer conferences, and related evidence that does not add up."""

from __future__ import annotations

from rank_helpers import event

from eventscout.profile import Profile
from eventscout.rank import rank_events
from eventscout.rank.interests import InterestScorer
from eventscout.rank.vocabulary import Vocabulary


def _texts(match: object) -> list[str]:
    return [reason.text for reason in match.reasons]  # type: ignore[attr-defined]


def _scorer(**interests: float) -> InterestScorer:
    return InterestScorer({name.replace("_", " "): w for name, w in interests.items()},
                          Vocabulary())


def test_a_brand_glued_to_a_known_phrase_shows_it(now):  # type: ignore[no-untyped-def]
    # javascript is under web development: its broader term webdev must not take the glued word
    profile = Profile(interests={"web development": 1.0, "ai": 0.8, "javascript": 0.6})
    webdevcon = event("Webdevcon", city="Amsterdam", country="NL")
    agentcon = event("AgentCon - Bengaluru", city="Bangalore", country="IN")
    other = event("Nordic Summit", city="Oslo", country="NO")
    ranking = rank_events([other, agentcon, webdevcon], profile, now=now)
    by_title = {m.event.title: m for m in ranking.matches}
    assert any("web development" in text for text in _texts(by_title["Webdevcon"]))
    assert any("your interest ai" in text for text in _texts(by_title["AgentCon - Bengaluru"]))
    assert ranking.matches[-1].event.title == "Nordic Summit"


def test_a_glued_word_that_is_no_known_phrase_shows_nothing():  # type: ignore[no-untyped-def]
    scorer = _scorer(python=1.0)
    assert scorer.score(event("Pythonista Meetup"))[0] == 0.0  # not python + a brand ending
    assert scorer.score(event("PyCamp Spain"))[0] > 0.0


def test_a_tag_the_title_contradicts_is_only_related(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"accessibility": 1.0})
    filed = event("Agile Testing Days", topics=("accessibility",))
    named = event("Accessibility Days", topics=("accessibility",))
    plain = event("Build Stuff", topics=("accessibility",))
    ranking = rank_events([filed, named, plain], profile, now=now)
    by_title = {m.event.title: m for m in ranking.matches}
    assert "related: accessibility" in _texts(by_title["Agile Testing Days"])
    assert not any(text.startswith("matches") for text in _texts(by_title["Agile Testing Days"]))
    assert "matches your interest accessibility" in _texts(by_title["Build Stuff"])
    assert ranking.matches[-1].event.title == "Agile Testing Days"
    assert not by_title["Agile Testing Days"].relevant


def test_a_general_developer_conference_is_near_a_language_not_on_it(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"python": 1.0})
    general = event("Devworld Conference", topics=("general",), city="Amsterdam", country="NL")
    python = event("PyCon Lisbon", city="Lisbon", country="PT")
    nothing = event("Crypto Expo", city="Amsterdam", country="NL")
    ranking = rank_events([nothing, general, python], profile, now=now)
    assert [m.event.title for m in ranking.matches] == [
        "PyCon Lisbon", "Devworld Conference", "Crypto Expo"]
    texts = _texts(ranking.matches[1])
    assert any(text.startswith("related: ") for text in texts), texts
    assert not any("matches your interest python" in text for text in texts)


def test_related_evidence_near_many_interests_does_not_add_up():  # type: ignore[no-untyped-def]
    scorer = _scorer(python=0.8, javascript=0.8, go=0.8, rust=0.8, ruby=0.8)
    general, _hits = scorer.score(event("Code Days", topics=("general",)))
    one, _hits = scorer.score(event("Ruby Meetup"))
    assert 0.0 < general < one
    lone = _scorer(python=0.8).score(event("Code Days", topics=("general",)))[0]
    assert general == lone  # five interests near one broad tag: still one piece of evidence


def test_the_field_named_in_the_title_is_nearer_than_a_tag(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"data engineering": 1.0})
    named = event("Data at Scale", topics=("data",))
    filed = event("ESPC", topics=("data",))
    ranking = rank_events([filed, named], profile, now=now)
    assert [m.event.title for m in ranking.matches] == ["Data at Scale", "ESPC"]
    assert all("related: data" in _texts(m) for m in ranking.matches)


def test_data_engineering_knows_big_data_and_its_series(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"data engineering": 1.0})
    ranking = rank_events([event("Big Data Europe", topics=("data",)),
                           event("Berlin Buzzwords", topics=("data",)),
                           event("Data Grillen", topics=("data",))], profile, now=now)
    by_title = {m.event.title: m for m in ranking.matches}
    assert "big data is under your interest data engineering" in _texts(
        by_title["Big Data Europe"])
    assert any(text.startswith("matches your interest data engineering")
               for text in _texts(by_title["Berlin Buzzwords"]))
    assert ranking.matches[-1].event.title == "Data Grillen"


def test_security_and_java_series_are_known_by_name(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"security": 1.0, "java": 0.5})
    ranking = rank_events([event("Nullcon Berlin", topics=("android",)),
                           event("Hardwear.io Netherlands", topics=("iot",)),
                           event("JDD", topics=("scala",)),
                           event("Droidcon Lisbon", topics=("android",))], profile, now=now)
    by_title = {m.event.title: m for m in ranking.matches}
    assert "matches your interest security (nullcon)" in _texts(by_title["Nullcon Berlin"])
    assert "matches your interest security (hardwear io)" in _texts(
        by_title["Hardwear.io Netherlands"])
    assert "matches your interest java (jdd)" in _texts(by_title["JDD"])
    assert ranking.matches[-1].event.title == "Droidcon Lisbon"


def test_an_everyday_word_form_is_no_topic():  # type: ignore[no-untyped-def]
    scorer = _scorer(leadership=1.0)
    assert scorer.score(event("AWS Notes: Leading with the cloud"))[0] == 0.0
    assert scorer.score(event("Europe's leading data event"))[0] == 0.0
    assert scorer.score(event("Summit for engineering leaders"))[0] > 0.0
    js = _scorer(javascript=1.0)
    assert js.score(event("NODES AI"))[0] == 0.0  # Neo4j's graph conference, not node.js
    assert js.score(event("Node Congress"))[0] > 0.0


def test_a_delivery_method_is_not_a_part_of_leadership(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"leadership": 1.0})
    ranking = rank_events([event("Agile Testing Days"), event("LeadDev Berlin"),
                           event("Engineering Leadership Summit")], profile, now=now)
    by_title = {m.event.title: m for m in ranking.matches}
    assert not any("leadership" in text for text in _texts(by_title["Agile Testing Days"]))
    assert ranking.matches[-1].event.title == "Agile Testing Days"


def test_an_ambiguous_tag_alone_is_only_related(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"networking": 1.0})
    ranking = rank_events([event("The MERGE", topics=("networking",)),
                           event("NANOG 92", topics=("networking",))], profile, now=now)
    by_title = {m.event.title: m for m in ranking.matches}
    assert any(text.startswith("related: network") for text in _texts(by_title["The MERGE"]))
    assert any(text.startswith("matches your interest networking")
               for text in _texts(by_title["NANOG 92"]))
    assert ranking.matches[0].event.title == "NANOG 92"
