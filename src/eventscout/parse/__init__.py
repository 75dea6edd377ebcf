"""The parsing toolkit every source adapter uses, and plugin authors may use too.

One implementation of each idea that listings need, so that no adapter grows its own:

* :mod:`~eventscout.parse.dates`: the one ISO reader, days and ranges in free text, dates and
  times on listing pages, JavaScript dates, making floating times aware, and instants from days
  by the model's one convention (:func:`as_instant`);
* :mod:`~eventscout.parse.places`: the offline gazetteer, free-text place lines, and the one rule
  set that tells online and hybrid events from their words (:func:`place_from_text`);
* :mod:`~eventscout.parse.kinds`: kind, attendance and price from a listing's words;
* :mod:`~eventscout.parse.options`: converters for adapter options (``topics = "python"`` is one
  topic, a time zone name is checked when the config is loaded);
* text: :func:`plain_text`, :func:`single_line` and :func:`fold` (the one comparison form of
  names and places) live in :mod:`eventscout.text`, under the model, which uses them too.

Layering: ``parse`` knows the model and ``text``, nothing else of eventscout; adapters import it.
"""

from ..text import fold, normalize_name, plain_text, single_line
from .dates import (
    DayRange,
    as_instant,
    deadline_from_day,
    find_date,
    find_day_range,
    find_days,
    find_js_date,
    find_times,
    find_zone,
    localize,
    month_number,
    parse_iso_moment,
    parse_with_formats,
)
from .kinds import guess_attendance, guess_kind, guess_price, parse_amount
from .options import choice, country_option, kind_option, strings, timezone_option
from .places import (
    ONLINE_HOSTS,
    ONLINE_WORDS,
    City,
    PlaceParts,
    attendance_from_text,
    country_code,
    country_table,
    find_city,
    haversine_km,
    place_from_text,
    says_online,
    split_hybrid,
    split_place,
)

__all__ = [
    "ONLINE_HOSTS",
    "ONLINE_WORDS",
    "City",
    "DayRange",
    "PlaceParts",
    "as_instant",
    "attendance_from_text",
    "choice",
    "country_code",
    "country_option",
    "country_table",
    "deadline_from_day",
    "find_city",
    "find_date",
    "find_day_range",
    "find_days",
    "find_js_date",
    "find_times",
    "find_zone",
    "fold",
    "guess_attendance",
    "guess_kind",
    "guess_price",
    "haversine_km",
    "kind_option",
    "localize",
    "month_number",
    "normalize_name",
    "parse_amount",
    "parse_iso_moment",
    "parse_with_formats",
    "place_from_text",
    "plain_text",
    "says_online",
    "single_line",
    "split_hybrid",
    "split_place",
    "strings",
    "timezone_option",
]
