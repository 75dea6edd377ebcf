"""How much each signal counts: :class:`SignalWeights`, with defaults a profile can override.

The relevance of a kept event is a weighted mean of its signals, each in [0, 1]::

    relevance = (interests·I + goals·G + place·P + price·C) / (sum of the weights used)

(a profile without interests or without goals leaves that signal out of the mean, so the others
carry the score). Then ``feedback`` adds up to its weight for a liked series and takes up to its
weight for a dismissed one, ``language`` is added for an event held in a language the
profile follows, ``conflict`` is taken off when the event clashes with the busy
calendar, and ``diversity`` is the strength of the series penalty (see
:mod:`eventscout.rank.diversity`). The result is clipped to [0, 1].

A profile tunes them in its ``[profile.weights]`` table, e.g. ``place = 0.3`` for someone who
will not travel far, ``goals = 0.6`` for someone who cares more about what an event offers than
about its topic.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
from attrs import frozen

__all__ = ["SignalWeights"]


@frozen(kw_only=True)
class SignalWeights:
    """The weights of the ranker's signals (see the module docstring for how they combine)."""

    #: topical relevance to the profile's interests
    interests: float = 0.55
    #: what the event offers the profile's career goals
    goals: float = 0.30
    #: closeness to home (online events count 0.7)
    place: float = 0.10
    #: free beats paid beats unknown
    price: float = 0.05
    #: added when the event is held in a language the profile follows (unknown: nothing)
    language: float = 0.05
    #: how far liked/dismissed verdicts move similar events
    feedback: float = 0.20
    #: taken off for a clash with the busy calendar
    conflict: float = 0.30
    #: strength of the penalty for further editions of a series already ranked higher
    diversity: float = 0.30

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(a.name for a in attrs.fields(cls))

    def updated(self, overrides: Mapping[str, float]) -> SignalWeights:
        """These weights with ``overrides`` (a profile's ``weights`` table) applied."""
        return attrs.evolve(self, **dict(overrides))
