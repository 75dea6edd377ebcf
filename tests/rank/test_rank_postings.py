"""Word postings (rank/postings.py) and the interest scorer over them (rank/_interest_columns.py).

The columnar scorer must give every event the value and directness the per-event scorer gives
it, to the last bit, however the postings were filled: all at once, or a few events at a time as
rankings with different exclusions reach them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from rank_helpers import confstech_events, event

from eventscout.model import Event
from eventscout.rank._interest_columns import interest_scores
from eventscout.rank._tokens import TEXT_END, contains_phrase, text_tokens
from eventscout.rank.interests import InterestScorer
from eventscout.rank.postings import Postings, _stable_order
from eventscout.rank.vocabulary import Vocabulary

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

#: interests that reach every rule of the scorer: phrases, narrower and broader terms, glued
#: brands, the ambiguous "networking" tag, unknown multi-word terms
INTERESTS = [
    {"data engineering": 1.0, "python": 0.8, "sql": 0.5, "apache kafka": 0.6},
    {"ux": 1.0, "accessibility": 0.7, "design": 0.8},
    {"networking": 1.0, "security": 0.5, "privacy": 0.3},
    {"leadership": 1.0, "product": 0.6, "agile": 0.4, "devops": 0.3},
    {"machine learning": 1.0, "site reliability engineering": 0.7, "javascript": 0.4},
    {"frobnicate widgets": 1.0, "go": 0.5, "c++": 0.3, ".net": 0.4, "rust": 0.2},
]


@pytest.fixture(scope="module")
def confs(shared_data) -> list[Event]:  # type: ignore[no-untyped-def]
    return confstech_events(shared_data, NOW)


def _per_event(scorer: InterestScorer, events: list[Event], numbers: np.ndarray) -> dict:
    found = {}
    for number in numbers.tolist():
        value, hits = scorer.score(events[number])
        if value:
            found[number] = (value, any(not hit.related for hit in hits))
    return found


def _columnar(scorer: InterestScorer, postings: Postings, numbers: np.ndarray) -> dict:
    got = interest_scores(scorer, postings, numbers)
    return {number: (value, direct) for number, value, direct
            in zip(got.numbers.tolist(), got.value.tolist(), got.direct.tolist(), strict=True)
            if value}


@pytest.mark.parametrize("interests", INTERESTS, ids=lambda found: ",".join(found))
def test_columnar_interest_scores_equal_the_per_event_scorer(
        confs: list[Event], interests: dict[str, float]) -> None:
    scorer = InterestScorer(interests, Vocabulary())
    everyone = np.arange(len(confs))
    expected = _per_event(scorer, confs, everyone)
    assert len(expected) > 50  # the data reaches the interests, so the test compares something
    assert _columnar(scorer, Postings(confs), everyone) == expected


def test_postings_filled_in_steps_score_as_filled_at_once(confs: list[Event]) -> None:
    scorer = InterestScorer(INTERESTS[4], Vocabulary())
    postings = Postings(confs)
    half = np.arange(0, len(confs), 2)
    assert _columnar(scorer, postings, half) == _per_event(scorer, confs, half)
    # a later ranking holds other events: the postings and the phrase counts grow to them
    rest = np.arange(len(confs))
    assert _columnar(scorer, postings, rest) == _per_event(scorer, confs, rest)
    assert postings.covered.all()


def test_only_the_events_asked_for_are_scored(confs: list[Event]) -> None:
    scorer = InterestScorer(INTERESTS[0], Vocabulary())
    some = np.arange(100, 400)
    got = interest_scores(scorer, Postings(confs), some)
    assert set(got.numbers.tolist()) <= set(some.tolist())


def test_postings_count_words_and_phrases() -> None:
    events = [event("Machine Learning Days", description="machine learning, machine learning "
                    "and more machine. Learning!"),
              event("ML Night", description="learning machine"),
              event("PyData", description=""),
              event("Go Go Go", description="data data data data")]
    postings = Postings(events)
    postings.cover(np.array([0, 1, 2, 3]))
    numbers, counts = postings.occurrences("description", "machine")
    assert numbers.tolist() == [0, 1] and counts.tolist() == [3, 1]
    numbers, counts = postings.phrase("description", ("machine", "learning"))
    expected = contains_phrase(text_tokens(events[0].description).words, ("machine", "learning"))
    assert numbers.tolist() == [0] and counts.tolist() == [expected] == [3]
    assert postings.with_any({"ml", "pydata"}, ("title",)).tolist() == [1, 2]
    # overlapping runs count, as contains_phrase counts them; a phrase of three words too
    assert postings.phrase("title", ("go", "go"))[1].tolist() == [2]
    assert postings.phrase("description", ("data", "data", "data"))[1].tolist() == [2]
    numbers, counts = postings.phrase("description", ("learning", "machine"))
    assert numbers.tolist() == [0, 1] and counts.tolist() == [1, 1]  # across the comma, too
    assert postings.description_words.tolist() == [8, 2, 0, 4]
    assert not postings.holds("title", "conference")


def test_an_interest_too_light_to_score_is_not_seen_by_either_path() -> None:
    """1 - weight × strength rounds to 1 for a weight of 1e-17: the event scores 0, and the
    interest counts as unseen (so it is reported as unknown) on both paths."""
    events = [event("Zorblax Summit"), event("Other Conf")]
    scorer = InterestScorer({"zorblax": 1e-17}, Vocabulary())
    assert scorer.score(events[0])[0] == 0.0
    got = interest_scores(scorer, Postings(events), np.array([0, 1]))
    assert got.seen == set()
    assert InterestScorer({"zorblax": 1.0}, Vocabulary()).score(events[0])[0] > 0
    assert interest_scores(InterestScorer({"zorblax": 1.0}, Vocabulary()), Postings(events),
                           np.array([0, 1])).seen == {"zorblax"}


def test_vocabularies_made_of_lists_or_iterators_score_as_tuples_do() -> None:
    """The scorer's kept tables are keyed on the vocabulary's contents, whatever types hold
    them; the default table cannot be changed under the key."""
    zig = event("Ziglang Days")
    listed = Vocabulary({"zig": (["ziglang"], [])})  # type: ignore[dict-item]
    assert InterestScorer({"zig": 1.0}, listed).score(zig)[0] > 0
    user = Vocabulary(user={"genai": iter(["llm ops"])})  # type: ignore[dict-item]
    assert "llm ops" in user.expand("genai")
    assert user.key == Vocabulary(user={"genai": ("llm ops",)}).key
    from eventscout.rank.vocabulary import DEFAULT_VOCABULARY

    with pytest.raises(TypeError):
        DEFAULT_VOCABULARY["zig"] = (("ziglang",), ())  # type: ignore[index]


@pytest.mark.parametrize("count", [3, 1 << 16, (1 << 16) + 1, 1 << 20])
def test_the_radix_order_is_the_stable_sort(count: int) -> None:
    """Word ids are filed by NumPy's radix sort, in one 16-bit pass or two: the order must be the
    very one a stable sort of the ids gives (ties in the events' order)."""
    rng = np.random.default_rng(count)
    ids = rng.integers(0, count, size=50_000, dtype=np.int64)
    ids[:10] = count - 1  # the largest id, and ties
    assert np.array_equal(_stable_order(ids, count), np.argsort(ids, kind="stable"))


def test_a_batch_beyond_sixty_five_thousand_words_is_filed_in_order() -> None:
    """More distinct words than one radix pass holds: each word still lists its events in order
    and with its places."""
    words = [f"w{n}" for n in range(70_000)]
    events = [event(f"Event {n}", description=" ".join(words[n::7])) for n in range(7)]
    postings = Postings(events)
    postings.cover(np.arange(7))
    assert postings.occurrences("description", "w69999")[0].tolist() == [69999 % 7]
    assert postings.occurrences("title", "event")[0].tolist() == list(range(7))
    assert postings.phrase("description", ("w3", "w10"))[0].tolist() == [3]
    assert postings.description_words.tolist() == [len(words[n::7]) for n in range(7)]


def test_the_end_mark_is_filed_for_no_event() -> None:
    postings = Postings([event("a b", description="c"), event("d", description="")])
    postings.cover(np.array([0, 1]))
    assert postings.occurrences("title", "a")[0].tolist() == [0]
    assert not postings.holds("title", TEXT_END)
    assert not postings.holds("description", TEXT_END)
    assert postings.description_words.tolist() == [1, 0]
