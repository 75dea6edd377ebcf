"""Each signal moves the score the right way, and says so in words."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from rank_helpers import event

from eventscout.model import AttendanceMode, CallForPapers, Event, Price
from eventscout.profile import Budget, Goal, Home, Profile
from eventscout.rank import BusyPeriod, Match, rank_events

#: diversity off, so that each test sees only the signal it is about
PLAIN = Profile(interests={"python": 1.0}, home=Home(place="Berlin"), weights={"diversity": 0.0})


def _match(ranking_events: list[Event], profile: Profile, now: dt.datetime, title: str,
           **options: object) -> Match:
    ranking = rank_events(ranking_events, profile, now=now, **options)  # type: ignore[arg-type]
    return next(m for m in ranking.matches if m.event.title == title)


def _scores(events: list[Event], profile: Profile, now: dt.datetime, **options: object) -> dict:
    ranking = rank_events(events, profile, now=now, **options)  # type: ignore[arg-type]
    assert not ranking.excluded
    return {m.event.title: m for m in ranking.matches}


GOAL_CASES = [
    (Goal.JOB_OPPORTUNITIES, {"kind": "career_fair"}, "career fair: meet employers"),
    (Goal.JOB_OPPORTUNITIES, {"description": "Dozens of companies are hiring."}, "hiring"),
    (Goal.MENTORSHIP, {"kind": "mentorship"}, "mentor"),
    (Goal.MENTORSHIP, {"description": "Office hours for newcomers."}, "office hours"),
    (Goal.VISIBILITY, {"cfp": CallForPapers(closes="2027-01-24")},
     "CFP closes in 9 days: a chance to speak"),
    (Goal.VISIBILITY, {"description": "Sign up for lightning talks!"}, "lightning talks"),
    (Goal.PARTNERSHIPS, {"features": ["expo"]}, "offers expo"),
    (Goal.PARTNERSHIPS, {"description": "Meet sponsors and exhibitors."}, "sponsor"),
    (Goal.SUPPORT, {"features": ["scholarship"]}, "scholarship"),
    (Goal.SUPPORT, {"description": "A peer support community."}, "a supportive community"),
    (Goal.LEARNING, {"kind": "workshop"}, "workshop: hands-on learning"),
    (Goal.LEARNING, {"description": "Hands-on tutorials all day."}, "tutorial"),
]


@pytest.mark.parametrize(("goal", "evidence", "words"), GOAL_CASES)
def test_each_goal_lifts_events_with_its_evidence(goal, evidence, words, now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(PLAIN, goals={goal: 1.0})
    plain = event("PyCon Plain", kind="other")
    offering = event("PyCon Offering", **{"kind": "other", **evidence})
    scores = _scores([plain, offering], profile, now)
    assert scores["PyCon Offering"].score > scores["PyCon Plain"].score
    texts = [r.text for r in scores["PyCon Offering"].reasons if r.signal == goal.value]
    assert texts and words in texts[0]
    # the same evidence means nothing to a profile that does not value the goal
    indifferent = _scores([plain, offering], PLAIN, now)
    assert indifferent["PyCon Offering"].score == indifferent["PyCon Plain"].score


def test_a_closed_cfp_is_no_chance_to_speak(now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(PLAIN, goals={Goal.VISIBILITY: 1.0})
    closed = event("PyCon Closed", cfp=CallForPapers(closes="2027-01-10"))
    plain = event("PyCon Plain")
    scores = _scores([closed, plain], profile, now)
    assert scores["PyCon Closed"].score == scores["PyCon Plain"].score


def test_words_about_a_closed_cfp_are_no_chance_to_speak(now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(PLAIN, goals={Goal.VISIBILITY: 1.0})
    closed = event("PyCon Closed", description="The CFP is closed. Thanks to all speakers!",
                   cfp=CallForPapers(closes="2027-01-10"))
    plain = event("PyCon Plain")
    scores = _scores([closed, plain], profile, now)
    assert scores["PyCon Closed"].score == scores["PyCon Plain"].score
    assert not any("chance to speak" in r.text for r in scores["PyCon Closed"].reasons)


def test_interests_prefer_title_over_description_and_more_interests(now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(PLAIN, interests={"python": 1.0, "data": 1.0})
    in_title = event("Python Summit")
    in_text = event("Tech Summit", description="One talk about python.")
    both = event("Python and Data Summit")
    nothing = event("Gardening Fair")
    scores = _scores([in_title, in_text, both, nothing], profile, now)
    assert (scores["Python and Data Summit"].score > scores["Python Summit"].score
            > scores["Tech Summit"].score > scores["Gardening Fair"].score)
    reasons = [r.text for r in scores["Python and Data Summit"].reasons]
    assert "matches your interests data and python" in reasons


def test_vocabulary_synonyms_narrower_and_user_terms(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"machine learning": 1.0, "genai": 1.0},
                      vocabulary={"genai": ("prompt craft",)}, weights={"diversity": 0.0})
    synonym = event("ML Days")
    narrower = event("PyTorch Conference")
    broader = event("AI Summit")
    user = event("Prompt Craft Live")
    unrelated = event("Ruby Days")
    scores = _scores([synonym, narrower, broader, user, unrelated], profile, now)
    assert scores["ML Days"].score > scores["PyTorch Conference"].score
    assert scores["PyTorch Conference"].score > scores["AI Summit"].score
    assert scores["AI Summit"].score > scores["Ruby Days"].score
    assert scores["Prompt Craft Live"].score > scores["Ruby Days"].score


def test_stemming_meets_other_word_forms(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"designers": 1.0, "testing": 1.0}, weights={"diversity": 0.0})
    scores = _scores([event("Design Week"), event("Test Automation Day"), event("Ruby Day")],
                     profile, now)
    assert scores["Design Week"].score > scores["Ruby Day"].score
    assert scores["Test Automation Day"].score > scores["Ruby Day"].score


def test_camel_case_brands_are_split(now):  # type: ignore[no-untyped-def]
    profile = Profile(interests={"javascript": 1.0, "kubernetes": 1.0})
    scores = _scores([event("CityJS London"), event("K8sDays"), event("RubyConf")], profile, now)
    assert scores["CityJS London"].score > scores["RubyConf"].score
    assert scores["K8sDays"].score > scores["RubyConf"].score


def test_nearer_is_better_and_said_in_kilometres(now):  # type: ignore[no-untyped-def]
    near = event("PyCon Potsdam", city="Potsdam", country="DE")
    far = event("PyCon Lisbon", city="Lisbon", country="PT")
    scores = _scores([near, far], PLAIN, now)
    assert scores["PyCon Potsdam"].score > scores["PyCon Lisbon"].score
    texts = [r.text for r in scores["PyCon Lisbon"].reasons if r.signal == "distance"]
    assert texts and texts[0].endswith("km from Berlin")
    assert 2200 < float(texts[0].split()[0].replace(",", "")) < 2400


def test_a_pluggable_geocoder_replaces_the_gazetteer(now):  # type: ignore[no-untyped-def]
    class Office:
        def locate(self, place: str, country: str | None = None) -> tuple[float, float] | None:
            return {"Berlin": (52.52, 13.40), "HQ": (52.53, 13.41)}.get(place)

    near = event("PyCon HQ", city="HQ")
    far = event("PyCon Potsdam", city="Potsdam")  # unknown to this geocoder
    scores = _scores([near, far], PLAIN, now, geocoder=Office())
    assert scores["PyCon HQ"].score > scores["PyCon Potsdam"].score
    assert any("km from Berlin" in r.text for r in scores["PyCon HQ"].reasons)


def test_budget_signal_prefers_free_then_known_then_unknown(now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(PLAIN, budget=Budget(amount=Decimal(200), currency="EUR"))
    free = event("PyCon A", price=Price.free())
    known = event("PyCon B", price=Price(minimum=150, currency="EUR"))
    unknown = event("PyCon C")
    scores = _scores([free, known, unknown], profile, now)
    assert scores["PyCon A"].score > scores["PyCon B"].score > scores["PyCon C"].score
    assert any(r.text == "free to attend" for r in scores["PyCon A"].reasons)


def test_language_signal_lifts_events_in_a_followed_language(now):  # type: ignore[no-untyped-def]
    profile = attrs.evolve(PLAIN, languages=("en", "de"))
    german = event("PyCon DE", languages=["de"])
    unknown = event("PyCon XX")
    scores = _scores([german, unknown], profile, now)
    assert scores["PyCon DE"].score > scores["PyCon XX"].score
    assert any("held in German" in r.text for r in scores["PyCon DE"].reasons)


def test_a_profile_naming_no_languages_presumes_english_and_its_home_country(now):  # type: ignore[no-untyped-def]
    events = [event("PyCon DE", languages=["de"]), event("PyCon EN", languages=["en"]),
              event("PyCon Hindi", languages=["hi"]), event("PyCon XX")]
    # in Bangalore: English and the languages of India; German only is cut, and says how to
    # follow it
    bangalore = attrs.evolve(PLAIN, home=Home(place="Bangalore"))
    scores = _scores(events, bangalore, now)
    assert scores["PyCon DE"].score < scores["PyCon EN"].score == scores["PyCon XX"].score
    assert scores["PyCon Hindi"].score == scores["PyCon EN"].score
    texts = [r.text for r in scores["PyCon DE"].reasons if r.signal == "language"]
    assert texts == ['held in German, which your profile does not say you follow '
                     '(add "de" to languages if you do)']
    assert not [r for r in scores["PyCon EN"].reasons if r.signal == "language"]
    # in Berlin German is a home language: nothing is cut
    berlin = _scores(events, PLAIN, now)
    assert berlin["PyCon DE"].score == berlin["PyCon EN"].score
    # naming languages replaces the presumption (the exclusion rule applies instead)
    named = _scores(events[:2], attrs.evolve(bangalore, languages=("de", "en")), now)
    assert named["PyCon DE"].score == named["PyCon EN"].score
    # no home, or a language weight of 0: nothing is presumed or cut
    homeless = _scores(events, attrs.evolve(PLAIN, home=None), now)
    assert homeless["PyCon DE"].score == homeless["PyCon EN"].score
    off = _scores(events, attrs.evolve(bangalore, weights={"diversity": 0.0, "language": 0.0}), now)
    assert off["PyCon DE"].score == off["PyCon EN"].score


def test_joining_online_counts_less_when_the_goals_are_about_meeting_people(now):  # type: ignore[no-untyped-def]
    events = [event("PyCon Online", attendance="online"),
              event("PyCon Local", city="Berlin", country="DE")]
    learning = attrs.evolve(PLAIN, goals={Goal.LEARNING: 1.0})
    jobs = attrs.evolve(PLAIN, goals={Goal.JOB_OPPORTUNITIES: 1.0})
    half = attrs.evolve(PLAIN, goals={Goal.JOB_OPPORTUNITIES: 1.0, Goal.LEARNING: 1.0})

    def place(profile: Profile, title: str) -> float:
        match = _scores(events, profile, now)[title]
        return next(r.contribution for r in match.reasons if r.signal == "distance")

    local = place(learning, "PyCon Local")
    assert place(learning, "PyCon Online") == pytest.approx(0.7 * local, abs=1e-4)
    assert place(jobs, "PyCon Online") == pytest.approx(0.3 * local, abs=1e-4)
    assert place(half, "PyCon Online") == pytest.approx(0.5 * local, abs=1e-4)
    # someone who only attends online keeps the full value: online is how they take part
    remote = attrs.evolve(jobs, formats=frozenset({AttendanceMode.ONLINE}))
    online = _scores(events[:1], remote, now)["PyCon Online"]
    assert [r.text for r in online.reasons if r.signal == "distance"] == [
        "online: no travel needed"]
    assert next(r.contribution for r in online.reasons if r.signal == "distance") == \
        pytest.approx(place(learning, "PyCon Online"), abs=1e-4)


def test_a_hybrid_event_joined_online_counts_like_online_for_people_goals(now):  # type: ignore[no-untyped-def]
    far = event("PyCon Far", city="Lisbon", country="PT", attendance="hybrid")
    near = event("PyCon Near", city="Potsdam", country="DE", attendance="hybrid")
    limited = attrs.evolve(PLAIN, max_distance_km=1000)
    for goals, ratio in (({Goal.LEARNING: 1.0}, 0.6), ({Goal.MENTORSHIP: 1.0}, 0.6 * 0.3 / 0.7)):
        profile = attrs.evolve(limited, goals=goals)
        scores = _scores([far, near], profile, now)
        nearby = next(r for r in scores["PyCon Near"].reasons if r.signal == "distance")
        beyond = next(r for r in scores["PyCon Far"].reasons if r.signal == "distance")
        assert beyond.text.startswith("hybrid: join online (")
        # the nearby one can be travelled to: it keeps an event next door's worth or more
        assert nearby.contribution > beyond.contribution
        learning_far = attrs.evolve(limited, goals={Goal.LEARNING: 1.0})
        base = next(r for r in _scores([far], learning_far, now)["PyCon Far"].reasons
                    if r.signal == "distance").contribution
        assert beyond.contribution == pytest.approx(base * ratio / 0.6, abs=1e-4)


def test_conflict_with_busy_time_lowers_the_score(now):  # type: ignore[no-untyped-def]
    offsite = BusyPeriod(start=dt.datetime(2027, 3, 10, tzinfo=dt.UTC),
                         end=dt.datetime(2027, 3, 12, tzinfo=dt.UTC), summary="Team offsite")
    clash = event("PyCon A", "2027-03-11")
    free = event("PyCon B", "2027-03-20")
    scores = _scores([clash, free], PLAIN, now, busy=[offsite])
    assert scores["PyCon A"].score < scores["PyCon B"].score
    assert "conflicts with Team offsite" in [r.text for r in scores["PyCon A"].reasons]


def test_diversity_keeps_one_series_from_filling_the_top(now):  # type: ignore[no-untyped-def]
    editions = [event(f"CityJS {city}", f"2027-03-{day:02d}", city=city)
                for day, city in enumerate(["London", "Paris", "Rome", "Madrid", "Oslo", "Vienna",
                                            "Prague", "Warsaw", "Dublin", "Athens"], start=1)]
    others = [event(f"{name} JavaScript Days", "2027-04-01") for name in ("Nordic", "Alpine")]
    profile = Profile(interests={"javascript": 1.0})
    ranking = rank_events(editions + others, profile, now=now)
    top = [m.event.title for m in ranking.matches[:3]]
    assert sum(title.startswith("CityJS") for title in top) == 1
    penalised = ranking.matches[-1]
    assert any(r.signal == "diversity" and "another edition of CityJS" in r.text
               for r in penalised.reasons)
    off = attrs.evolve(profile, weights={"diversity": 0.0})
    plain_top = [m.event.title for m in rank_events(editions + others, off, now=now).matches[:3]]
    assert sum(title.startswith("CityJS") for title in plain_top) == 3


def test_feedback_moves_similar_events(now):  # type: ignore[no-untyped-def]
    liked_series = event("KubeCon Europe", "2027-04-01")
    dismissed_series = event("Python Web Summit", "2027-04-01")
    neutral = event("Python Summit", "2027-04-01")
    profile = attrs.evolve(PLAIN, interests={"python": 1.0, "kubernetes": 1.0},
                           liked=("KubeCon Europe 2026",), dismissed=("Python Web Summit 2026",))
    scores = _scores([liked_series, dismissed_series, neutral], profile, now)
    base = _scores([liked_series, dismissed_series, neutral], PLAIN, now)
    assert scores["KubeCon Europe"].score - base["KubeCon Europe"].score > 0.1
    assert scores["Python Web Summit"].score < scores["Python Summit"].score
    assert any("which you liked" in r.text for r in scores["KubeCon Europe"].reasons)
    assert any("which you dismissed" in r.text for r in scores["Python Web Summit"].reasons)


def test_feedback_by_identity_key_and_attended(now):  # type: ignore[no-untyped-def]
    past = event("RustConf", "2026-09-01")
    next_year = event("RustConf", "2027-09-01")
    other = event("Rust Summit", "2027-09-01")
    profile = Profile(interests={"rust": 1.0}, attended=(past.key,))
    scores = {m.event.title: m.score for m in rank_events([past, next_year, other], profile,
                                                          now=now).matches}
    assert scores["RustConf"] > scores["Rust Summit"]
