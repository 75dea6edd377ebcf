"""Reasons in plain words, made once and shared.

Every match carries its reasons; ranking 100,000 events would otherwise build hundreds of thousands
of equal sentences. :class:`ReasonBook` hands out one :class:`Reason` per distinct
(signal, rounded contribution, text), so equal reasons are the same object.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from ._types import Match, Reason

__all__ = ["Ranked", "ReasonBook", "interests_sentence", "ordered", "top_reasons"]


_LANGUAGES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tr": "Turkish",
    "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 language code ("de" -> "German"), else the code."""
    return _LANGUAGES.get(code, code)


def _and(names: Sequence[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


@functools.lru_cache(maxsize=10_000)
def interests_sentence(names: tuple[str, ...], via: str | None = None) -> str:
    """ "matches your interests python and data"; with ``via`` the word that showed a single
    interest when it is not the interest itself: "matches your interest ai (pytorch)"."""
    plural = "interests" if len(names) > 1 else "interest"
    tail = f" ({via})" if via and len(names) == 1 and via != names[0] else ""
    return f"matches your {plural} {_and(list(names))}{tail}"


class ReasonBook:
    """Shares equal :class:`Reason` objects across the matches of one ranking."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, float, str], tuple[tuple[float, str, str], Reason]] = {}

    def reason(self, signal: str, contribution: float, text: str) -> Ranked:
        """The shared reason, paired with its sort key (weightiest first, then signal, text)."""
        key = (signal, round(contribution, 4), text)
        found = self._made.get(key)
        if found is None:
            reason = Reason(signal=signal, contribution=key[1], text=text)
            found = self._made[key] = ((-abs(key[1]), signal, text), reason)
        return found


#: a reason with its sort key, so a match's reasons sort by plain tuple comparison
Ranked = tuple[tuple[float, str, str], Reason]


def ordered(reasons: list[Ranked]) -> tuple[Reason, ...]:
    """The reasons of one match, weightiest first."""
    reasons.sort()  # by the keys, in C; equal keys mean equal reasons, which attrs can order
    return tuple(reason for _key, reason in reasons)


def top_reasons(match: Match, limit: int = 3) -> list[str]:
    """The ``limit`` weightiest reasons of a match as sentences (for tables and descriptions)."""
    return [reason.text for reason in match.reasons[:limit]]
