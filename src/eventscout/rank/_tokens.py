"""Words of an event, cut once and cached: the ranker's tokeniser and its light stemmer.

Ranking 100,000 events must take well under two seconds, so text is tokenised by one C-level
regular expression per field and the result is cached by the text itself: titles and topics repeat
across editions and sources, and a second profile ranked over the same events reuses every cut.
The word postings cut a whole batch of texts at once instead (:func:`word_stream`), with the same
words and without the regular expression, by byte translation and one split.

Titles are also split at camel-case joints ("CityJS" → "city js", "PyCon" → "py con") because
conference brands glue words together; the glued form is kept too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, repeat
from typing import NamedTuple

__all__ = [
    "TEXT_END",
    "Tokens",
    "contains_phrase",
    "joined",
    "phrase_tokens",
    "plain_words",
    "stem",
    "text_tokens",
    "title_texts",
    "title_tokens",
    "topic_texts",
    "topic_tokens",
    "variants",
    "word_stream",
]

_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_CACHE_LIMIT = 250_000


class Tokens(NamedTuple):
    """A field's words in order (for phrases and counts) and as a set (for fast intersection).

    A named tuple rather than an attrs class: hundreds of thousands are made per ranking, and a
    tuple is built in C."""

    words: tuple[str, ...]
    unique: frozenset[str]


_EMPTY = Tokens((), frozenset())
_title_cache: dict[str, Tokens] = {}
_text_cache: dict[str, Tokens] = {}


def _remember(cache: dict[str, Tokens], text: str, tokens: Tokens) -> Tokens:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()  # a crude bound: a ranking run refills what it needs
    cache[text] = tokens
    return tokens


def text_tokens(text: str) -> Tokens:
    """The words of a description or topic list: lower case, split on anything not a word."""
    if not text:
        return _EMPTY
    found = _text_cache.get(text)
    if found is None:
        words = tuple(_WORD.findall(text.lower()))
        found = _remember(_text_cache, text, Tokens(words, frozenset(words)))
    return found


def plain_words(texts: Iterable[str]) -> list[list[str]]:
    """The words of many texts as :func:`text_tokens` cuts them, without its cache: for a pass
    that reads each text once (the word postings), in C from end to end."""
    return list(map(_WORD.findall, map(str.lower, texts)))


#: what follows each text's words in :func:`word_stream`: never a word, as words are ASCII
TEXT_END = "\xff"
_WORD_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789+#"
#: per byte of an ASCII-encoded, lower-cased text: a byte a word may hold stays, any other is a
#: space; the marker byte between texts (0xff, beyond ASCII) stays too
_TO_WORDS = bytes(byte if byte in _WORD_BYTES or byte == 0xFF else 0x20 for byte in range(256))


def word_stream(texts: Iterable[str]) -> list[str]:
    """The words of many texts as :func:`plain_words` cuts them, in one list, each text's words
    followed by :data:`TEXT_END`: for the word postings, which number the words of a whole batch
    of events at once.

    No regular expression runs (at a few million characters a batch, the pattern's pass is most
    of the cost). :data:`_WORD` matches the runs of ``[a-z0-9+#]`` of the lower-cased text, each
    from its first letter or digit on; so the texts are lower-cased, encoded as ASCII (a
    character beyond it, which no word holds, becomes one "?"), every byte a word cannot hold
    becomes a space, "+" and "#" that begin a run are dropped, and the whole is split once."""
    encoded = list(map(str.encode, map(str.lower, texts), repeat("ascii"), repeat("replace")))
    if not encoded:
        return []
    data = b" " + b" \xff ".join(encoded).translate(_TO_WORDS) + b" \xff"
    while b" +" in data or b" #" in data:  # one more pass per further "+" or "#" in a row
        data = data.replace(b" +", b"  ").replace(b" #", b"  ")
    return data.decode("latin-1").split()


#: per byte of an ASCII-encoded title: what :data:`_CAMEL` asks of a character (a lower-case
#: letter, a digit, an upper-case letter; anything else is a space)
_CAMEL_CLASSES = bytes(
    ord("a") if 0x61 <= byte <= 0x7A else ord("d") if 0x30 <= byte <= 0x39
    else ord("U") if 0x41 <= byte <= 0x5A else 0x20 for byte in range(256))
#: the character classes around every place :data:`_CAMEL` matches
_CAMEL_JOINTS = (b"aU", b"dU", b"UUa")


def _camel_cased(titles: Sequence[str]) -> list[int]:
    """The numbers of those ``titles`` :data:`_CAMEL` finds a joint in, found by searching the
    joints' character classes (:data:`_CAMEL_JOINTS`) in one text of all titles."""
    text = "\n".join(titles).encode("ascii", "replace").translate(_CAMEL_CLASSES)
    # where each title starts: one byte per character, as "replace" gives one "?" for each
    starts = list(accumulate(map((1).__add__, map(len, titles)), initial=0))
    found: set[int] = set()
    for joint in _CAMEL_JOINTS:
        at = text.find(joint)
        while at >= 0:
            found.add(bisect.bisect_right(starts, at) - 1)
            at = text.find(joint, at + 1)
    return sorted(found)


def title_texts(titles: Sequence[str]) -> list[str]:
    """``titles`` as texts whose words (:func:`plain_words`, :func:`word_stream`) are
    :func:`title_tokens`'s words of each: a title without camel-case joints is its own text, the
    others are their :func:`title_tokens` words joined by spaces."""
    texts = list(titles)
    for number in _camel_cased(texts):
        texts[number] = " ".join(title_tokens(texts[number]).words)
    return texts


def title_tokens(title: str) -> Tokens:
    """The words of a title, with camel-case brands split ("JSConf" gives js, conf and jsconf)."""
    found = _title_cache.get(title)
    if found is None:
        whole = _WORD.findall(title.lower())
        if _CAMEL.search(title) is None:
            tokens = Tokens(tuple(whole), frozenset(whole))
        else:
            split = _WORD.findall(_CAMEL.sub(" ", title).lower())
            seen = set(split)
            words = tuple(split) + tuple(w for w in whole if w not in seen)
            tokens = Tokens(words, frozenset(words))
        found = _remember(_title_cache, title, tokens)
    return found


_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ies", "es", "s", "ed")


def stem(word: str) -> str:
    """A light suffix stemmer: "designers" → "design", "testing" → "test", "libraries" → "librar".

    Light on purpose: it only has to make a user's interest meet the forms events use, and an
    aggressive stemmer joins words that mean different things ("general" / "generation").
    """
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def variants(word: str) -> set[str]:
    """Surface forms that share ``word``'s stem, so documents need no stemming at rank time."""
    base = stem(word)
    if not base.isalpha() or len(base) < 4:
        return {word, word + "s"} if word.isalpha() and len(word) > 2 else {word}
    forms = {word, base}
    for suffix in ("s", "es", "er", "ers", "ing", "ings", "ed", "ation", "ations"):
        forms.add(base + suffix)
    if base.endswith("e"):
        forms.update({base[:-1] + "ing", base + "d", base + "r", base + "rs"})
    else:
        forms.add(base + "e")
    if base.endswith("i"):
        forms.add(base[:-1] + "y")
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    return forms


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A vocabulary phrase cut like document text ("Machine-Learning" → machine, learning)."""
    return tuple(_WORD.findall(phrase.lower()))


def contains_phrase(words: tuple[str, ...], phrase: tuple[str, ...]) -> int:
    """How many times ``phrase`` occurs contiguously in ``words``."""
    if len(phrase) == 1:
        return words.count(phrase[0])
    first, size, count = phrase[0], len(phrase), 0
    for index, word in enumerate(words):
        if word == first and words[index : index + size] == phrase:
            count += 1
    return count


_TOPIC_JOIN = " | ".join


def joined(values: Iterable[str]) -> str:
    """Topics as one text for :func:`text_tokens`."""
    return _TOPIC_JOIN(values)


def topic_texts(topics: Iterable[tuple[str, ...]]) -> Iterator[str]:
    """Each topic tuple as the text :func:`topic_tokens` cuts (:func:`joined`), by a map in C."""
    return map(_TOPIC_JOIN, topics)


_topic_cache: dict[tuple[str, ...], Tokens] = {}


def topic_tokens(topics: tuple[str, ...]) -> Tokens:
    """The words of an event's topics (cached by the topic tuple itself)."""
    found = _topic_cache.get(topics)
    if found is None:
        if len(_topic_cache) >= _CACHE_LIMIT:
            _topic_cache.clear()
        found = _topic_cache[topics] = text_tokens(joined(topics))
    return found
