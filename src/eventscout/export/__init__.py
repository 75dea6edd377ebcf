"""The .ics exporter: ranked matches (or plain events) as an iCalendar file.

See ``docs/reference/ics-output.md`` for what is written and why. The exporter knows the model
and the shape of the ranker's ``Match`` (a Protocol, :class:`MatchLike`), never sources or HTTP.
"""

from ._calendar import (
    build_calendar,
    calendar_shell,
    wants_cfp,
    with_timezones,
    write_bytes_atomically,
    write_ics,
)
from ._components import (
    DEADLINE_BLOCK,
    cfp_component,
    cfp_uid,
    clean_text,
    deadline_component,
    event_component,
    event_uid,
)
from ._match import MatchLike, ReasonLike, UnrankedMatch, as_match
from ._timezones import timezone_components

__all__ = [
    "DEADLINE_BLOCK",
    "MatchLike",
    "ReasonLike",
    "UnrankedMatch",
    "as_match",
    "build_calendar",
    "calendar_shell",
    "cfp_component",
    "cfp_uid",
    "clean_text",
    "deadline_component",
    "event_component",
    "event_uid",
    "timezone_components",
    "wants_cfp",
    "with_timezones",
    "write_bytes_atomically",
    "write_ics",
]
