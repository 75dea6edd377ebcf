"""Converters for adapter options (attrs ``converter=``): what a TOML table gives, checked once.

A config says ``topics = "python"`` as often as ``topics = ["python", "web"]``; ``tuple`` would
turn the first into ``("p", "y", "t", ...)``. These converters accept what people write and
raise :class:`ValueError` naming the option otherwise, which the registry reports as a
:class:`~eventscout.errors.ConfigError` naming the source::

    @frozen(kw_only=True)
    class MySource:
        name: str
        topics: tuple[str, ...] = field(default=(), converter=strings)
        timezone: ZoneInfo | None = field(default=None, converter=timezone_option)
        kind: EventKind | None = field(default=None, converter=kind_option)
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable

from ..model import EventKind
from .dates import find_zone
from .places import country_code

__all__ = ["choice", "country_option", "kind_option", "strings", "timezone_option"]


def strings(value: object) -> tuple[str, ...]:
    """One string or a list of them, as a tuple of non-empty, stripped strings, in order and
    without repeats: ``"python"`` -> ``("python",)``; ``None`` -> ``()``."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: Iterable[object] = (value,)
    elif isinstance(value, Iterable) and not isinstance(value, bytes | dict):
        items = value
    else:
        raise ValueError(f"{value!r} is neither a string nor a list of strings")
    result: dict[str, None] = {}
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{item!r} in {value!r} is not a string")
        text = item.strip()
        if text:
            result.setdefault(text, None)
    return tuple(result)


def timezone_option(value: object) -> zoneinfo.ZoneInfo | None:
    """A ``timezone`` option: an IANA name (or a ZoneInfo), None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, zoneinfo.ZoneInfo):
        return value
    zone = find_zone(value)
    if zone is None:
        raise ValueError(f"timezone {value!r} is not an IANA time zone such as 'Europe/Berlin'")
    return zone


def kind_option(value: object) -> EventKind | None:
    """A ``kind`` option: one of :class:`~eventscout.model.EventKind`'s values, None when not
    given (the adapter then guesses each event's kind)."""
    if value is None or value == "":
        return None
    try:
        return EventKind(str(value))
    except ValueError:
        allowed = ", ".join(kind.value for kind in EventKind)
        raise ValueError(f"kind {value!r} is not one of: {allowed}") from None


def country_option(value: object) -> str | None:
    """A ``country`` option: a country's name or ISO code, as the ISO alpha-2 code."""
    if value is None or value == "":
        return None
    code = country_code(str(value))
    if code is None:
        raise ValueError(f"country {value!r} is not a country name or ISO code")
    return code


def choice(value: object, allowed: Iterable[str], *, option: str) -> str:
    """``value`` when it is one of the ``allowed`` words of an option (``date_from``,
    ``status``), else a ValueError listing them. attrs converters must be named functions, so
    an adapter wraps it: ``def _status(value): return choice(value, STATUSES, option="status")``.
    """
    text = str(value)
    choices = tuple(allowed)
    if text not in choices:
        raise ValueError(f"{option} {value!r} is not one of: {', '.join(choices)}")
    return text
