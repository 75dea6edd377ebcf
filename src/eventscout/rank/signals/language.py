"""The language signal: an event held in a language the person follows gets a small lift, and,
for a profile that names no languages, one held only in languages the person is not likely to
follow a cut.

A profile that names ``languages`` says what the person follows: an event held in one of them
gets ``+ language``, and one held in none of them is excluded (``rank/practical.py``). A profile
that names none says nothing, and "any" is the honest reading for the hard rule; but an event
held only in German is a poor pick for someone in Bangalore. So the soft signal presumes that the
person follows English (the language eventscout's listings and reasons are in) and the languages
of their home country (GeoNames' list for the country of ``home``), and takes
:data:`OTHER_LANGUAGE_FACTOR` × ``language`` off an event whose listed languages are all outside
that set, with a reason that says how to follow it. Without a home whose country is known
nothing is presumed; an event that does not say its language is never cut.
"""

from __future__ import annotations

import functools

from ...model import Event
from ...profile import Profile
from ..explain import language_name
from ._base import Case, Part, RankContext, Stage

__all__ = ["OTHER_LANGUAGE_FACTOR", "Language", "home_languages"]

#: how many ``language`` weights an event held only in a language the person is not presumed to
#: follow loses (profiles naming no languages): more than the lift, since an event one cannot
#: follow is worth little whatever its topic
OTHER_LANGUAGE_FACTOR = 2.0


@functools.cache
def _country_languages(country: str) -> frozenset[str]:
    """The ISO 639-1 codes GeoNames lists for a country ("IN" -> en, hi, bn, ...)."""
    from ...parse import country_table

    info = country_table().get(country.upper())
    if not info:
        return frozenset()
    codes = (code.split("-")[0].strip().casefold() for code in str(info["languages"]).split(","))
    return frozenset(code for code in codes if len(code) == 2)


def home_languages(profile: Profile) -> frozenset[str] | None:
    """The languages a profile naming none is presumed to follow: English and those of its home
    country; None when the home's country is not known (nothing is presumed then)."""
    home = profile.home
    if home is None:
        return None
    country = home.country
    if not country and home.place:
        from ...parse import find_city

        city = find_city(home.place)
        country = city.country if city else None
    if not country:
        return None
    spoken = _country_languages(country)
    return spoken | {"en"} if spoken else None


class Language:
    """The lift when the profile names languages and the event says its own; the cut when the
    profile names none and the event is held only in languages outside the presumed ones."""

    name = "language"
    stage = Stage.ADJUST

    def __init__(self, context: RankContext, *, presume: bool = True) -> None:
        self._practical = context.practical
        self._book = context.book
        self.weight = context.weights.language
        profile = context.profile
        #: ``presume=False`` presumes nothing for a profile naming no languages (the ranker
        #: before issue 9's second round, which the evaluation measures against)
        self._presumed = None if profile.languages or not presume else home_languages(profile)
        self._cut = -OTHER_LANGUAGE_FACTOR * self.weight

    def judge(self, event: Event, case: Case) -> Part | None:
        found = self.term(event.languages)
        if found is None:
            return None
        term, text = found
        return Part((term,), (self._book.reason("language", term, text),))

    def term(self, languages: tuple[str, ...]) -> tuple[float, str] | None:
        """The term and reason for an event held in ``languages`` (None: nothing to say): the
        signal depends on nothing else of the event."""
        if self._presumed is not None:
            if not languages or not self._presumed.isdisjoint(languages) or not self._cut:
                return None
            names = ", ".join(map(language_name, languages))
            codes = ", ".join(f'"{code}"' for code in languages)
            return self._cut, (f"held in {names}, which your profile does not say you follow "
                               f"(add {codes} to languages if you do)")
        spoken = self._practical.spoken_in(languages)
        if not spoken:
            return None
        return self.weight, f"held in {language_name(spoken)}, which you follow"
