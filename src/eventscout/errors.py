"""The one exception tree of eventscout.

Every error eventscout raises on purpose derives from :class:`EventscoutError`, so a caller can catch
one class. Errors carry the data needed to act on them (the source, the URL or file, the item, the
field), and mix in the builtin whose meaning fits, so ``except ValueError`` still works::

    EventscoutError
    ├── ConfigError (ValueError)           a config or profile file is wrong: names file and key
    │   └── ProfileError                   a profile value is wrong
    ├── SourceError                        a source could not deliver: names the source
    │   ├── FetchError (OSError)           the transport failed: names the URL, status
    │   │   └── RobotsDisallowed           robots.txt forbids the URL
    │   ├── SourceNotFound (LookupError)   no adapter is registered under that name
    │   └── SourceLoadError (ImportError)  an adapter's entry point failed to load
    ├── ItemError (ValueError)             one item of a source is malformed: names where and what
    ├── StoreError                         the local state database is unusable
    │   └── StoreSchemaError               its schema version is not one this eventscout knows
    ├── EventNotFound (LookupError)        no event, or several, match what the person named
    └── ExportError                        an export could not be written

Per-item problems do not stop a source: adapters turn :class:`ItemError` into a
:class:`eventscout.Problem` and go on with the next item.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EventNotFound",
    "EventscoutError",
    "ExportError",
    "FetchError",
    "ItemError",
    "ProfileError",
    "RobotsDisallowed",
    "SourceError",
    "SourceLoadError",
    "SourceNotFound",
    "StoreError",
    "StoreSchemaError",
]


class EventscoutError(Exception):
    """Root of every error eventscout raises on purpose."""


class ConfigError(EventscoutError, ValueError):
    """A configuration value is wrong; ``path`` and ``key`` say where."""

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None) -> None:
        self.path = path
        self.key = key
        where = ", ".join(part for part in (path, f"key {key!r}" if key else None) if part)
        super().__init__(f"{where}: {message}" if where else message)


class ProfileError(ConfigError):
    """A profile value is wrong (misspelled goal, a string where a number belongs, ...)."""


class SourceError(EventscoutError):
    """A source could not deliver its events."""

    def __init__(self, message: str, *, source: str | None = None, url: str | None = None) -> None:
        self.source = source
        self.url = url
        #: the message without the source's name and the URL, for reports that give them
        self.detail = message
        prefix = f"source {source!r}: " if source else ""
        suffix = f" ({url})" if url else ""
        super().__init__(f"{prefix}{message}{suffix}")


class FetchError(SourceError, OSError):
    """Fetching a URL or file failed after retries; ``status`` is the last HTTP status, if any."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        url: str | None = None,
        status: int | None = None,
        kind: str = "error",
    ) -> None:
        self.status = status
        #: a short machine-readable name of the fault: timeout, connection, http, too_large, ...
        self.kind = kind
        super().__init__(message, source=source, url=url)


class RobotsDisallowed(FetchError):
    """The site's robots.txt forbids fetching this URL with our User-Agent."""


class SourceNotFound(SourceError, LookupError):
    """No adapter is registered under the requested name."""


class SourceLoadError(SourceError, ImportError):
    """An adapter's entry point exists but could not be imported."""


class ItemError(EventscoutError, ValueError):
    """One item of a source is malformed; the source reports it and goes on."""

    def __init__(self, message: str, *, where: str | None = None, field: str | None = None) -> None:
        self.where = where
        self.field = field
        #: the message without the location, for reports that give the location themselves
        self.detail = message
        parts = [p for p in (where, f"field {field!r}" if field else None) if p]
        super().__init__(f"{', '.join(parts)}: {message}" if parts else message)


class StoreError(EventscoutError):
    """The local state database cannot be used."""


class StoreSchemaError(StoreError):
    """The state database was written by another eventscout version with another schema."""


class EventNotFound(EventscoutError, LookupError):
    """What the person named (a key, a UID or a title) matches no known event, or several:
    ``candidates`` are the events it could mean, as "title (first day) key" lines."""

    def __init__(self, message: str, *, candidates: tuple[str, ...] = ()) -> None:
        self.candidates = candidates
        listed = "".join(f"\n  {line}" for line in candidates)
        super().__init__(f"{message}{listed}")


class ExportError(EventscoutError, OSError):
    """An export could not be written."""
