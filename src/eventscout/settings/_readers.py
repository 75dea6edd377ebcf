"""The readers of the settings spec: each checks one TOML value and converts it, and says what it
accepts; :class:`Where` names the file and key in errors; :func:`parse_duration` is the one
duration dialect."""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import math
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from attrs import frozen

from ..errors import ConfigError

__all__ = [
    "Choice", "Custom", "Duration", "Flag", "Number", "Reader", "TableOf", "Text", "Texts",
    "Where", "expect_table", "parse_duration", "relative_path", "type_name",
]


# -- where a value is, for errors ---------------------------------------------------------------


@frozen
class Where:
    """The file and the full key of a value, and the error class to raise about it."""

    path: str | None
    key: str = ""
    error: type[ConfigError] = ConfigError

    def at(self, part: str | int) -> Where:
        """The place of a member: ``key.part`` for a table key, ``key[part]`` for a list item."""
        if isinstance(part, int):
            key = f"{self.key}[{part}]"
        else:
            key = f"{self.key}.{part}" if self.key else part
        return Where(self.path, key, self.error)

    def fail(self, message: str) -> ConfigError:
        """The error to raise: it names the file and the key."""
        return self.error(message, path=self.path, key=self.key or None)


def type_name(value: object) -> str:
    """How a TOML value's type is called in messages ("a string", "a table", ...)."""
    return {str: "a string", bool: "true/false", int: "an integer", float: "a number",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


# -- durations: one dialect -----------------------------------------------------------------------

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
_BARE_UNITS = {"seconds": "s", "minutes": "m", "hours": "h", "days": "d"}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|min|m|h|d|w)?\s*")


def parse_duration(value: object, *, bare: str = "seconds") -> float:
    """Seconds from a number (in the ``bare`` unit) or a string with a unit such as ``"6h"``.

    Negative, infinite and malformed values are refused with a :class:`ValueError` that says what a
    duration looks like.
    """
    unit = _BARE_UNITS[bare]
    example = f"a number of {bare} or a string such as '30s', '15m', '6h' or '3d'"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a duration ({example}), got {value!r}")
    if isinstance(value, str):
        match = _DURATION.fullmatch(value.lower())
        if not match:
            raise ValueError(f"expected a duration ({example}), got {value!r}")
        seconds = float(match.group(1)) * _UNITS[match.group(2) or unit]
    else:
        seconds = float(value) * _UNITS[unit]
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"a duration must be finite and not negative, got {value!r}")
    return seconds


# -- readers ------------------------------------------------------------------------------------


class Reader(Protocol):
    """Checks one TOML value and converts it; ``describe`` says what it accepts, for the docs."""

    @property
    def describe(self) -> str: ...

    def __call__(self, value: object, where: Where) -> Any: ...


@frozen
class Text:
    """A non-empty string, stripped; optionally folded to lower or upper case, or matched."""

    case: str | None = None
    pattern: str | None = None
    hint: str = ""

    @property
    def describe(self) -> str:
        return self.hint or "a string"

    def __call__(self, value: object, where: Where) -> str:
        if not isinstance(value, str) or not value.strip():
            raise where.fail(f"expected a non-empty string, got {type_name(value)} {value!r}")
        text = value.strip()
        if self.case == "lower":
            text = text.casefold()
        elif self.case == "upper":
            text = text.upper()
        if self.pattern is not None and not re.fullmatch(self.pattern, text):
            raise where.fail(f"{value!r} is not {self.hint or 'valid here'}")
        return text


@frozen
class Texts:
    """A list of values read by ``item`` (a string alone counts as a list of one)."""

    item: Reader = Text()

    @property
    def describe(self) -> str:
        return f"a list, each {self.item.describe}"

    def __call__(self, value: object, where: Where) -> tuple[Any, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise where.fail(f"expected a list of strings, got {type_name(value)}")
        return tuple(self.item(item, where.at(i)) for i, item in enumerate(value))


@frozen
class Number:
    """A finite number within ``[lo, hi]``; ``whole`` asks for an integer."""

    lo: float | None = None
    hi: float | None = None
    whole: bool = False
    unit: str = ""

    @property
    def describe(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        if self.whole and self.lo == 1 and self.hi is None:
            kind = "a positive whole number"
        elif self.lo is not None or self.hi is not None:
            kind += f" in {self._bounds()}"
        return f"{kind} ({self.unit})" if self.unit else kind

    def _bounds(self) -> str:
        lo = "-inf" if self.lo is None else f"{self.lo:g}"
        hi = "inf" if self.hi is None else f"{self.hi:g}"
        return f"[{lo}, {hi}]"

    def __call__(self, value: object, where: Where) -> float | int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise where.fail(f"expected {self.describe}, got {type_name(value)} {value!r}")
        if not math.isfinite(value):
            raise where.fail(f"expected a finite number, got {value}")
        if self.whole and not isinstance(value, int):
            raise where.fail(f"expected {self.describe}, got {type_name(value)} {value!r}")
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            if self.whole and self.lo == 1 and self.hi is None:
                raise where.fail(f"expected a positive whole number, got {value!r}")
            raise where.fail(f"{value} is outside {self._bounds()}")
        return value if self.whole else float(value)


@frozen
class Flag:
    """``true`` or ``false``."""

    @property
    def describe(self) -> str:
        return "true or false"

    def __call__(self, value: object, where: Where) -> bool:
        if not isinstance(value, bool):
            raise where.fail(f"expected true or false, got {value!r}")
        return value


def _normal_choice(text: str) -> str:
    return text.strip().lower().replace("-", "_").replace(" ", "_")


@frozen
class Choice:
    """One of a fixed set of words (case, ``-`` and spaces ignored); an enum member if given one."""

    values: tuple[str, ...]
    enum_type: type[enum.Enum] | None = None

    @classmethod
    def of(cls, enum_type: type[enum.Enum]) -> Choice:
        """A choice among the values of a string enum."""
        return cls(tuple(str(member.value) for member in enum_type), enum_type)

    @property
    def describe(self) -> str:
        return "one of " + ", ".join(f"`{v}`" for v in self.values)

    def __call__(self, value: object, where: Where) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise where.fail(f"expected a non-empty string, got {type_name(value)} {value!r}")
        word = _normal_choice(value)
        if word not in self.values:
            hint = difflib.get_close_matches(word, self.values, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise where.fail(f"{value!r} is not one of: {', '.join(self.values)}{suggestion}")
        return self.enum_type(word) if self.enum_type is not None else word


@frozen
class Duration:
    """A duration (:func:`parse_duration`); a bare number is in ``bare`` units.

    ``as_timedelta`` gives a :class:`datetime.timedelta`, otherwise seconds as a float.
    """

    bare: str = "seconds"
    as_timedelta: bool = False
    minimum: float = 0.0

    @property
    def describe(self) -> str:
        return f"a duration: {self.bare} as a number, or a string such as '30s', '15m', '6h', '3d'"

    def __call__(self, value: object, where: Where) -> Any:
        try:
            seconds = parse_duration(value, bare=self.bare)
        except ValueError as error:
            raise where.fail(str(error)) from None
        if seconds < self.minimum:
            raise where.fail(f"expected at least {self.minimum:g} seconds, got {value!r}")
        return dt.timedelta(seconds=seconds) if self.as_timedelta else seconds


@frozen
class TableOf:
    """A table whose keys are read by ``key`` and whose values by ``value``."""

    value: Reader
    key: Reader = Text()
    #: what the docs call it; default "a table of <values>"
    what: str = ""

    @property
    def describe(self) -> str:
        return self.what or f"a table, each value {self.value.describe}"

    def __call__(self, value: object, where: Where) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise where.fail(f"expected a table, got {type_name(value)} {value!r}")
        return {self.key(name, where.at(name)): self.value(item, where.at(name))
                for name, item in value.items()}


@frozen
class Custom:
    """A reader written as a function, for values with a shape of their own (a home, a budget)."""

    function: Callable[[object, Where], Any]
    text: str

    @property
    def describe(self) -> str:
        return self.text

    def __call__(self, value: object, where: Where) -> Any:
        return self.function(value, where)


def expect_table(value: object, where: Where) -> Mapping[str, Any]:
    """``value`` if it is a table, else an error naming the key."""
    if not isinstance(value, dict):
        raise where.fail(f"expected a table, got {type_name(value)} {value!r}")
    return value


def relative_path(value: str, where: Where) -> Path:
    """A path as written, relative to the file that names it (when there is one)."""
    given = Path(value).expanduser()
    if given.is_absolute() or where.path is None:
        return given
    return Path(where.path).parent / given
