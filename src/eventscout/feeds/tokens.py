"""Tokens of private feeds: made once, kept in a file only the owner can read.

A private feed is served only to a request that carries its token (``?token=...``). A token is
``secrets.token_urlsafe(32)`` (256 random bits): unguessable, and safe in a URL. Tokens persist
in a small JSON file so subscriptions keep working across restarts; delete a feed's entry to
revoke its old address.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from ..errors import ConfigError

__all__ = ["load_tokens"]


def load_tokens(path: str | Path, feeds: Iterable[str]) -> dict[str, str]:
    """The token of each feed in ``feeds``, creating (and saving) the missing ones.

    The file is written atomically with mode 0600; tokens of feeds no longer named are kept, so
    re-adding a feed brings its old address back.
    """
    file = Path(path)
    tokens: dict[str, str] = {}
    if file.exists():
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(f"cannot read feed tokens: {error}", path=str(file)) from error
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise ConfigError("feed tokens must be a JSON object of strings", path=str(file))
        tokens = dict(data)
    wanted = list(feeds)
    missing = [name for name in wanted if name not in tokens]
    if missing:
        for name in missing:
            tokens[name] = secrets.token_urlsafe(32)
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary = file.with_name(file.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(tokens, handle, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, file)
    return {name: tokens[name] for name in wanted}
