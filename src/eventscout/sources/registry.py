"""Finding adapters: every adapter, built-in or third-party, is an entry point in the group
``eventscout.sources``, loaded lazily when a source of its type is configured."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import attrs

from ..errors import ConfigError, SourceLoadError, SourceNotFound
from ..settings import Section, section_from_attrs
from .base import Source

__all__ = [
    "ENTRY_POINT_GROUP", "adapter_options", "available_sources", "create_source", "load_adapter",
]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "eventscout.sources"


def available_sources() -> dict[str, EntryPoint]:
    """Every registered adapter type, by name (sorted), without importing any of them."""
    return dict(_registered(tuple(sys.path)))


@functools.lru_cache(maxsize=8)
def _registered(path: tuple[str, ...]) -> tuple[tuple[str, EntryPoint], ...]:
    """The entry points found on ``path``. Scanning every installed distribution took ~12 ms,
    once per configured source; the scan is kept per ``sys.path``, so a plugin folder added to
    the path is seen."""
    found = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return tuple(sorted(found.items()))


def load_adapter(type_name: str) -> Any:
    """Import and return the adapter class (or factory) registered as ``type_name``."""
    adapters = available_sources()
    entry_point = adapters.get(type_name)
    if entry_point is None:
        import difflib

        known = ", ".join(adapters) or "none"
        hint = difflib.get_close_matches(type_name, adapters, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        raise SourceNotFound(
            f"no source adapter called {type_name!r}{suggestion} (installed: {known}; "
            "presets: eventscout sources --presets)"
        )
    try:
        return entry_point.load()
    except Exception as error:  # an arbitrary plugin can fail in arbitrary ways
        raise SourceLoadError(
            f"entry point {entry_point.name} = {entry_point.value} failed to load: {error!r}"
        ) from error


def adapter_options(type_name: str, factory: Any | None = None, *,
                    documented: bool = True) -> Section | None:
    """The options of adapter ``type_name`` as a settings section (None when it is no attrs class).

    Their types and defaults come from the class's fields and their meaning from the ``#:``
    comments above them, so the reference page, ``eventscout sources NAME`` and the check of a
    misspelled option all read the one description. ``documented=False`` gives the same section
    without the meanings (for checking option names: no source file is read).
    """
    factory = factory if factory is not None else load_adapter(type_name)
    if not attrs.has(factory):
        return None
    return _options_section(factory, type_name, documented)


@functools.lru_cache(maxsize=256)
def _options_section(factory: Any, type_name: str, documented: bool) -> Section:
    """The section of an attrs adapter class, made once per process: reading the ``#:`` comments
    from the class's source took ~15-35 ms, which checking a run's option names does not need."""
    summary = (factory.__doc__ or "").strip().split("\n\n")[0]
    return section_from_attrs(factory, title=f"[[sources]] type = \"{type_name}\"", doc=summary,
                              documented=documented)


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
    section = adapter_options(type_name, factory, documented=False)
    problem = section.first_unknown(options) if section is not None else None
    if problem is not None:
        bad = next(key for key in options if section is not None and key not in section.by_key)
        raise ConfigError(f"source {label!r} (type {type_name}): unknown option {problem}",
                          path=config_path, key=f"sources[{label}].{bad}")
    try:
        source = factory(name=label, **options)
    except TypeError as error:
        raise ConfigError(f"source {label!r} (type {type_name}): {error}", path=config_path) from error
    except ValueError as error:
        raise ConfigError(f"source {label!r} (type {type_name}): {error}", path=config_path) from error
    if not isinstance(source, Source):
        raise SourceLoadError(f"adapter {type_name!r} does not implement the Source protocol")
    return source
