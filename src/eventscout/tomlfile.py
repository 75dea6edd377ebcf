"""Reading a TOML settings file, failing with an error that names the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .errors import ConfigError

__all__ = ["read_toml"]


def read_toml(path: Path, *, error: type[ConfigError] = ConfigError, what: str = "config") -> dict[str, Any]:
    """The parsed TOML at ``path``; an unreadable or invalid file raises ``error`` naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as problem:
        raise error(f"cannot read {what}: {problem.strerror}", path=str(path)) from problem
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise error(f"not valid TOML: {problem}", path=str(path)) from problem
