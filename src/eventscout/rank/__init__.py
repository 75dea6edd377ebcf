"""The ranker: events against a career profile, with reasons a person accepts.

``rank_events(events, profile, now=..., busy=..., geocoder=...)`` returns a :class:`Ranking`:
``matches`` best first (each a :class:`Match` with a score in [0, 1] and :class:`Reason` s) and
``excluded`` (each an :class:`Exclusion` with the rule and the reason). ``rank`` returns the matches
only. Each part of a score is a :class:`~eventscout.rank.signals.Signal` (``rank/signals/``, one
module per signal); a :class:`RankIndex` holds the profile-independent work on a set of events, so
several profiles are ranked over it without redoing it. The signals, their weights and how to tune them from a profile: ``docs/ranking.md``.

The ranker knows the model and the profile; never sources, HTTP or the exporter.
"""

from ._ranker import rank, rank_events
from ._types import Exclusion, Match, Ranking, Reason, UnknownInterest
from .busy import BusyPeriod
from .geocode import GazetteerGeocoder, Geocoder
from .index import RankIndex
from .signals import Part, Signal, default_signals
from .vocabulary import Vocabulary
from .weights import SignalWeights

__all__ = [
    "BusyPeriod",
    "Exclusion",
    "GazetteerGeocoder",
    "Geocoder",
    "Match",
    "Part",
    "RankIndex",
    "Ranking",
    "Reason",
    "Signal",
    "SignalWeights",
    "UnknownInterest",
    "Vocabulary",
    "default_signals",
    "rank",
    "rank_events",
]
