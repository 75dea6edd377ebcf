"""Finding adapters: every adapter, built-in or third-party, is an entry point in the group
``eventscout.sources``, loaded lazily when a source of its type is configured."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from ..errors import ConfigError, SourceLoadError, SourceNotFound
from .base import Source

__all__ = ["ENTRY_POINT_GROUP", "available_sources", "create_source", "load_adapter"]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "eventscout.sources"


def available_sources() -> dict[str, EntryPoint]:
    """Every registered adapter type, by name (sorted), without importing any of them."""
    found = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return dict(sorted(found.items()))


def load_adapter(type_name: str) -> Any:
    """Import and return the adapter class (or factory) registered as ``type_name``."""
    adapters = available_sources()
    entry_point = adapters.get(type_name)
    if entry_point is None:
        known = ", ".join(adapters) or "none"
        raise SourceNotFound(f"no source adapter called {type_name!r} (installed: {known})")
    try:
        return entry_point.load()
    except Exception as error:  # an arbitrary plugin can fail in arbitrary ways
        raise SourceLoadError(
            f"entry point {entry_point.name} = {entry_point.value} failed to load: {error!r}"
        ) from error


def create_source(
    type_name: str, *, name: str | None = None, options: Mapping[str, Any] | None = None,
    config_path: str | None = None,
) -> Source:
    """Build a source of adapter type ``type_name`` from its configuration options.

    An unknown or ill-typed option fails with a :class:`ConfigError` naming the source and key.
    """
    factory = load_adapter(type_name)
    options = dict(options or {})
    label = name or type_name
    try:
        source = factory(name=label, **options)
    except TypeError as error:
        raise ConfigError(f"source {label!r} (type {type_name}): {error}", path=config_path) from error
    except ValueError as error:
        raise ConfigError(f"source {label!r} (type {type_name}): {error}", path=config_path) from error
    if not isinstance(source, Source):
        raise SourceLoadError(f"adapter {type_name!r} does not implement the Source protocol")
    return source
