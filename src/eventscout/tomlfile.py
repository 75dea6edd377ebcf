"""Reading a TOML settings file, failing with an error that names the file; writing the small
TOML files eventscout keeps for people (talks, contacts).

The standard library reads TOML but does not write it, and the files written here have one simple
shape: a few arrays of tables whose values are strings, whole numbers, booleans, dates and lists of
strings. :func:`dumps_tables` writes exactly that shape (anything else is a ``TypeError``: a bug, not
a user's mistake); :func:`eventscout.files.write_atomically` puts it on disk. :func:`read_rows`
reads one array of tables against a settings :class:`~eventscout.settings.Section`, and :data:`DAY`
is the reader of a plain date.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .settings import Custom, Section, Where, expect_table

__all__ = ["DAY", "dumps_tables", "read_rows", "read_toml"]


def read_toml(path: Path, *, error: type[ConfigError] = ConfigError, what: str = "config") -> dict[str, Any]:
    """The parsed TOML at ``path``; an unreadable or invalid file raises ``error`` naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as problem:
        raise error(f"cannot read {what}: {problem.strerror}", path=str(path)) from problem
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise error(f"not valid TOML: {problem}", path=str(path)) from problem


Value = str | int | bool | dt.date | Sequence[str]


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    for char, code in (("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        escaped = escaped.replace(char, code)
    escaped = "".join(c if ord(c) >= 0x20 and c != "\x7f" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.datetime):
        raise TypeError("datetimes are not written here; store dates")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_string(str(item)) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML here")


def _key(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() and name.isascii() else _string(name)


def dumps_tables(header: str, tables: Mapping[str, Sequence[Mapping[str, object]]]) -> str:
    """TOML text: a comment ``header`` then, per name, an array of tables (``[[name]]``) whose
    ``None`` values are left out."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    for name, rows in tables.items():
        for row in rows:
            lines += ["", f"[[{_key(name)}]]"]
            lines.extend(f"{_key(key)} = {_value(value)}" for key, value in row.items()
                         if value is not None)
    return "\n".join(lines) + "\n"


def _day(value: object, where: Where) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise where.fail(f"expected a date such as 2027-03-01, got {value!r}")


#: a plain TOML date (a date and time is refused: these files hold days)
DAY = Custom(_day, "a date such as 2027-03-01")


def read_rows(data: Mapping[str, Any], name: str, section: Section, where: Where,
              required: Sequence[str]) -> list[dict[str, Any]]:
    """The ``[[name]]`` tables of ``data``, each read against ``section``; a missing ``required``
    key or a wrong one names the file and the key (``name[2].key``)."""
    rows = data.get(name, [])
    if not isinstance(rows, list):
        raise where.at(name).fail(f"expected an array of tables ([[{name}]])")
    result = []
    for index, row in enumerate(rows):
        at = where.at(name).at(index)
        table = expect_table(row, at)
        for key in required:
            if key not in table:
                raise at.at(key).fail("missing")
        result.append(section.read(table, at))
    return result
