"""How well an event meets a person's interests: field-weighted, saturating, vocabulary-aware.

For every interest the profile names, the :class:`~eventscout.rank.vocabulary.Vocabulary` gives the
phrases that show it. An event's title counts :data:`FIELD_WEIGHTS` ``title`` times a mention in its
description, its topics ``topics`` times; the weighted count saturates as in BM25
(``tf / (tf + K)``), so a second mention adds less than the first and a long description does not
win by length (descriptions are length-normalised against :data:`AVERAGE_DESCRIPTION_WORDS`).

Interests combine as a *noisy-or*: ``1 - Π(1 - weight × saturation)``. One strong match on a main
interest scores high; matching several interests scores higher; a profile with many interests is not
punished for the ones an event does not touch.

The scorer is built once per profile: every phrase is expanded into its surface forms
(:func:`~eventscout.rank._tokens.variants`) and indexed by its first word, so that scoring an event
is a set intersection in C plus a little work for the few words that hit. An interest's tables are
kept per process, and the forms of its multi-word phrases are made for a first word only when a
text holding that word is first scored.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import NamedTuple, TypeVar

from ..model import Event
from ._tokens import Tokens, contains_phrase, phrase_tokens, text_tokens, title_tokens, topic_tokens
from ._tokens import variants as word_variants
from .vocabulary import BROADER_FACTOR, Vocabulary

__all__ = [
    "AMBIGUOUS_TAGS",
    "AVERAGE_DESCRIPTION_WORDS",
    "BRAND_SUFFIXES",
    "FIELD_WEIGHTS",
    "RELATED_CAP",
    "RELATED_TITLE_CAP",
    "SATURATION_K",
    "InterestHit",
    "InterestScorer",
]

#: the most an interest met only through a broader term ("data" for "sql") adds: weak support,
#: never enough to carry an event into the top ranks alone
RELATED_CAP = 0.15
#: the same when the broader term is in the title ("Data at Scale"): an event named after the
#: field is nearer to it than one a listing site filed under the field, but still only near it
RELATED_TITLE_CAP = 0.25

#: endings conference brands glue to a topic ("Webdevcon", "UXcon", "ScalaDays", "RustFest"):
#: a title word made of a known phrase and one of these shows that phrase
BRAND_SUFFIXES = ("con", "conf", "days", "day", "fest", "summit", "camp")

#: vocabulary words too broad to say, in a title, what an event is about
_TITLE_NEUTRAL = frozenset({
    "data", "general", "tech", "technology", "software", "engineering", "development", "web",
    "management", "design", "product", "networking", "network", "performance", "career",
    "internet", "test", "secure", "cyber", "net", "api", "db", "perf", "docs", "games",
})

#: topic tags with two senses: confs.tech's "networking" file holds network-engineering events
#: and events to meet people at (React Summit, droidcon). Such a tag alone only puts an event
#: near the interest; the title or description must say which sense it is
AMBIGUOUS_TAGS = frozenset({"networking"})

FIELD_WEIGHTS: Mapping[str, float] = {"title": 3.0, "topics": 2.0, "description": 1.0}
SATURATION_K = 1.2
LENGTH_B = 0.75
AVERAGE_DESCRIPTION_WORDS = 80.0


class InterestHit(NamedTuple):
    """One interest an event meets: how strongly (saturated, in [0, 1]) and through which phrase.

    ``related`` is true when only a broader term showed it ("data" for an interest in sql): the
    event is near the interest, not on it, and the reason must say so."""

    interest: str
    strength: float
    phrase: str
    related: bool = False
    #: true when a narrower term showed it ("clojure" for java): the reason names that term
    within: bool = False


class _Pattern(NamedTuple):
    """A phrase form looked for: thousands are made per profile, so a tuple built in C."""

    interest: str
    factor: float
    words: tuple[str, ...]
    shown: str


#: word forms the stemmer derives that everyday titles use in another sense ("Europe's leading
#: conference", "Leading with the cloud", Neo4j's "NODES" for node.js): they show a phrase
#: only when the phrase is that very word
_EVERYDAY_FORMS = frozenset({"lead", "leads", "leading", "leaded", "nodes"})


def _forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Phrase forms to look for: every variant of the last word (plural, -ing, ...)."""
    if not words:
        return []
    last = word_variants(words[-1]) if words[-1].isalpha() and len(words[-1]) > 3 else {words[-1]}
    if len(words) == 1:
        last = {form for form in last if form == words[0] or form not in _EVERYDAY_FORMS}
    return [(*words[:-1], form) for form in sorted(last)]


#: what a word the scorer looks for stands for: (interest, factor, phrase shown)
_Entry = tuple[str, float, str]


class _InterestTables:
    """What one interest looks for, whatever the profile's other interests, filed as the scorer
    files it, and shared by every scorer naming the interest.

    ``single``: each single word that shows the interest (every form of every one-word phrase)
    with its entry; ``glued``: the brand forms glued from them ("rustconf"); ``strong`` and
    ``strong_glued``: those that are more than broader terms; ``own`` and ``exact``: the phrases
    that are not broader terms, and the term and its synonyms; ``shown``: every phrase a hit may
    show, in the scorer's tie order. Multi-word phrases are filed by first word and made into
    patterns only when a scorer first asks for that word (:meth:`phrases_of`): a broad interest
    has thousands of forms, and an index holds few of their first words."""

    __slots__ = ("_patterns", "exact", "glued", "interest", "own", "shown", "single", "sources",
                 "strong", "strong_glued")

    def __init__(self, interest: str, expanded: Mapping[str, float]) -> None:
        self.interest = interest
        best: dict[str, tuple[float, str]] = {}
        #: per first word (in each of its forms: "testing tools" / "test tools"), the phrases
        #: starting with it, in the alphabet, with the forms of the rest of their words
        self.sources: dict[str, list[tuple[tuple[float, str], list[tuple[str, ...]]]]] = {}
        shown: set[str] = set()
        for phrase, factor in sorted(expanded.items()):
            value = (factor, phrase)
            tokens = phrase_tokens(phrase)
            if not tokens:
                continue
            shown.add(phrase)
            if len(tokens) == 1:
                for (word,) in _forms(tokens):
                    old = best.get(word)
                    if old is None or old[0] < factor:
                        best[word] = value
                continue
            rests = [words[1:] for words in _forms(tokens)]
            for first in {tokens[0]} | word_variants(tokens[0]):
                self.sources.setdefault(first, []).append((value, rests))
        glued: dict[str, tuple[float, str]] = {}
        for word, value in best.items():
            if not word.isalpha() or len(word) < 2:
                continue
            for suffix in BRAND_SUFFIXES:
                old = glued.get(word + suffix)
                if old is None or old[0] < value[0]:
                    glued[word + suffix] = value
        # the thousands of words standing for one phrase share one entry: the tables live as
        # long as the process, and fewer objects make the collector's passes over them shorter
        entries = {value: ((interest, *value),) for value in {*best.values(), *glued.values()}}
        self.single: dict[str, tuple[_Entry, ...]] = {
            word: entries[value] for word, value in best.items()}
        self.glued: dict[str, tuple[_Entry, ...]] = {
            word: entries[value] for word, value in glued.items()}
        self.strong = frozenset(word for word, value in best.items() if value[0] > BROADER_FACTOR)
        self.strong_glued = frozenset(
            word for word, value in glued.items() if value[0] > BROADER_FACTOR)
        self.own = frozenset(phrase for phrase, factor in expanded.items()
                             if factor > BROADER_FACTOR)
        self.exact = frozenset(phrase for phrase, factor in expanded.items() if factor >= 1.0)
        self.shown = tuple(sorted(shown, key=lambda text: (len(text), text)))
        self._patterns: dict[str, tuple[_Pattern, ...]] = {}

    def phrases_of(self, first: str) -> tuple[_Pattern, ...]:
        """The patterns of the multi-word phrases whose first word is ``first``: each form with
        its strongest phrase (on a tie the one first in the alphabet), made once."""
        found = self._patterns.get(first)
        if found is None:
            best: dict[tuple[str, ...], tuple[float, str]] = {}
            for value, rests in self.sources.get(first, ()):
                for rest in rests:
                    words = (first, *rest)
                    old = best.get(words)
                    if old is None or old[0] < value[0]:
                        best[words] = value
            found = self._patterns[first] = tuple(
                _Pattern(self.interest, factor, words, phrase)
                for words, (factor, phrase) in best.items())
        return found


_TABLES: dict[tuple[str, Hashable], _InterestTables] = {}


def _interest_tables(interest: str, vocabulary: Vocabulary) -> _InterestTables:
    """The tables of ``interest`` through ``vocabulary``, made once and kept (up to 4,096
    interests and vocabularies): every profile naming the interest needs the same."""
    key = (interest, vocabulary.key)
    found = _TABLES.get(key)
    if found is None:
        if len(_TABLES) >= 4096:
            _TABLES.clear()
        found = _TABLES[key] = _InterestTables(interest, vocabulary.expand(interest))
    return found


Filed = TypeVar("Filed")


def _file(into: dict[str, tuple[Filed, ...]], more: Mapping[str, tuple[Filed, ...]]) -> None:
    """Add ``more``'s entries to ``into``'s, word by word (``into``'s first)."""
    joined = {word: into[word] + more[word] for word in into.keys() & more.keys()}
    into.update(more)
    into.update(joined)


_SINGLE_WORDS: dict[Hashable, frozenset[str]] = {}


def _single_words(vocabulary: Vocabulary) -> frozenset[str]:
    """The vocabulary's one-word phrases that say what an event is about (kept per vocabulary)."""
    found = _SINGLE_WORDS.get(vocabulary.key)
    if found is None:
        if len(_SINGLE_WORDS) >= 64:
            _SINGLE_WORDS.clear()
        found = _SINGLE_WORDS[vocabulary.key] = frozenset(
            phrase for phrase in vocabulary.phrases() if " " not in phrase) - _TITLE_NEUTRAL
    return found


class InterestScorer:
    """Scores events against one profile's weighted interests (build once, score many)."""

    def __init__(self, interests: Mapping[str, float], vocabulary: Vocabulary) -> None:
        self.interests = {name: weight for name, weight in interests.items() if weight > 0}
        #: per interest, its tables (the phrases that are not broader terms, ``own``: a hit on
        #: them is direct; the term itself and its synonyms, ``exact``)
        self._tables: dict[str, _InterestTables] = {}
        single: dict[str, tuple[_Entry, ...]] = {}
        glued: dict[str, tuple[_Entry, ...]] = {}
        firsts: set[str] = set()
        strong: set[str] = set()
        strong_glued: set[str] = set()
        for interest in sorted(self.interests):
            tables = self._tables[interest] = _interest_tables(interest, vocabulary)
            _file(single, tables.single)
            firsts.update(tables.sources)
            _file(glued, tables.glued)
            strong |= tables.strong
            strong_glued |= tables.strong_glued
        #: single words the vocabulary itself gives: a brand it knows ("pycon") is not re-glued
        known = frozenset(single)
        for word in glued.keys() & known:
            del glued[word]
        single.update(glued)
        self._single: dict[str, tuple[_Entry, ...]] = single
        #: per first word, the patterns of every interest's phrases starting with it (made
        #: when first asked for: :meth:`phrases_of`)
        self._phrases: dict[str, tuple[_Pattern, ...]] = {}
        self._firsts = frozenset(firsts)
        self._triggers = frozenset(single) | self._firsts
        #: single words the vocabulary knows as topics that none of this profile's interests
        #: use: a title naming one says what an event is about better than a generic tag does
        self._other_topics = _single_words(vocabulary) - self._triggers
        #: every single word that names a topic, this profile's or another: a title naming one
        #: says what the event is about
        self._topic_words = (self._other_topics | strong | (strong_glued - known)) - _TITLE_NEUTRAL

    def phrases_of(self, word: str, interest: str | None = None) -> tuple[_Pattern, ...]:
        """The patterns of the multi-word phrases starting with ``word``, interests in name
        order (none for a word no phrase starts with); only ``interest``'s when given."""
        if interest is not None:
            tables = self._tables[interest]
            return tables.phrases_of(word) if word in tables.sources else ()
        found = self._phrases.get(word)
        if found is None:
            found = ()
            if word in self._firsts:
                for tables in self._tables.values():
                    if word in tables.sources:
                        found += tables.phrases_of(word)
            self._phrases[word] = found
        return found

    def phrases_shown(self, interest: str) -> tuple[str, ...]:
        """Every phrase a hit of ``interest`` may show, in the scorer's tie order (a longer
        phrase wins a tie, then the one later in the alphabet): shorter first, then A to Z."""
        return self._tables[interest].shown

    @property
    def triggers(self) -> frozenset[str]:
        """Every first word of every phrase the scorer looks for."""
        return self._triggers

    def _field(self, tokens: Tokens, weight: float, norm: float,
               into: dict[str, tuple[float, str, bool]]) -> None:
        hits = self._triggers & tokens.unique
        if not hits:
            return
        best: dict[str, tuple[float, str]] = {}
        words = tokens.words
        for word in hits:
            single = self._single.get(word)
            if single:
                count = words.count(word)
                boost = 1.0 + 0.5 * (count - 1) if count > 1 else 1.0
                for interest, factor, shown in single:
                    value = factor * boost
                    old = best.get(interest)
                    # on a tie, show the longer word: "pycon" says more than "py"
                    if old is None or (value, len(shown), shown) > (old[0], len(old[1]), old[1]):
                        best[interest] = (value, shown)
            for pattern in self.phrases_of(word):
                if pattern.words[1] not in tokens.unique:
                    continue
                count = contains_phrase(words, pattern.words)
                if not count:
                    continue
                value = pattern.factor * (1.0 + 0.5 * (count - 1))
                old = best.get(pattern.interest)
                # ties go to the longer phrase, then the alphabet: the reason never depends on
                # the order a set is walked in
                if old is None or (value, len(pattern.shown), pattern.shown) > (
                        old[0], len(old[1]), old[1]):
                    best[pattern.interest] = (value, pattern.shown)
        for interest, (value, shown) in best.items():
            related = shown not in self._tables[interest].own
            total, old_shown, old_related = into.get(interest, (0.0, shown, True))
            if old_related and not related:
                old_shown = shown  # a direct phrase says more than a broader one
            into[interest] = (total + weight * value / norm, old_shown, old_related and related)

    def score(self, event: Event) -> tuple[float, tuple[InterestHit, ...]]:
        """The interest score in [0, 1] and the interests met, strongest first."""
        if not self.interests:
            return 0.0, ()
        found: dict[str, tuple[float, str, bool]] = {}
        title = title_tokens(event.title)
        self._field(title, FIELD_WEIGHTS["title"], 1.0, found)
        #: interests the title itself shows only through a broader term ("Data at Scale")
        title_related = {name for name, (_tf, _shown, related) in found.items() if related}
        if event.topics:
            in_title = set(found)
            topics = topic_tokens(event.topics)
            self._field(topics, FIELD_WEIGHTS["topics"], 1.0, found)
            tagged = [name for name in found if name not in in_title]
            if tagged and not AMBIGUOUS_TAGS.isdisjoint(topics.unique):
                # which interests the other tags show: the rest only the ambiguous tag does
                kept = tuple(word for word in topics.words if word not in AMBIGUOUS_TAGS)
                plain: dict[str, tuple[float, str, bool]] = {}
                self._field(Tokens(kept, frozenset(kept)), 1.0, 1.0, plain)
                for interest in [name for name in tagged if name not in plain]:
                    tf, shown, _related = found[interest]
                    found[interest] = (tf, shown, True)
            if tagged and not self._other_topics.isdisjoint(title.unique):
                # "betterCode() GenAI" filed under "data": the title names another topic, so
                # the broad tag is not evidence for a narrower interest
                for interest in [name for name in tagged if found[name][2]]:
                    del found[interest]
            if tagged and not self._topic_words.isdisjoint(title.unique):
                # "Agile Testing Days" filed under accessibility, "React Summit" under
                # networking: the title says what the event is about, and it is not this
                # interest, so the tag only puts the event near it
                for interest in [name for name in tagged if name in found]:
                    tf, shown, _related = found[interest]
                    found[interest] = (tf, shown, True)
        if event.description:
            words = text_tokens(event.description)
            norm = 1.0 - LENGTH_B + LENGTH_B * len(words.words) / AVERAGE_DESCRIPTION_WORDS
            self._field(words, FIELD_WEIGHTS["description"], max(norm, 0.5), found)
        if not found:
            return 0.0, ()
        miss = 1.0
        near = 0.0
        hits = []
        # interests in name order: the product then never depends on the order sets are walked
        # in, and the columnar scorer (``rank/_interest_columns.py``) multiplies in that order too
        for interest in sorted(found):
            tf, shown, related = found[interest]
            strength = tf / (tf + SATURATION_K)
            weight = self.interests[interest]
            if related:
                cap = RELATED_TITLE_CAP if interest in title_related else RELATED_CAP
                strength = min(strength, cap)
                # one broad word near several interests is one piece of evidence: the
                # related hits count as their strongest, not as a noisy-or of each
                near = max(near, weight * strength)
            else:
                miss *= 1.0 - weight * strength
            hits.append(InterestHit(interest, strength * weight, shown, related,
                                    not related and shown not in self._tables[interest].exact))
        miss *= 1.0 - near
        hits.sort(key=lambda hit: (hit.related, -hit.strength, hit.interest))
        return 1.0 - miss, tuple(hits)
