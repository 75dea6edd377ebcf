"""The configuration file: who the profile is, which sources to read, where to write.

Layering, lowest first: built-in defaults < the config file < a source's own ``[sources.fetch]``
table < command-line options (applied by the caller through :func:`attrs.evolve`).

.. code-block:: toml

    profile = "profile.toml"          # or an inline [profile] table

    [fetch]                           # settings for every source (docs/fetching.md)
    [[sources]]
    type = "ical"                     # an adapter name from `eventscout sources`
    name = "pyberlin"
    url = "https://example.org/pyberlin.ics"
    [sources.fetch]                   # this source's own fetch settings

    [output]
    ics = "build/eventscout.ics"
    top = 10
    store = "state.sqlite"            # optional; default in the user data folder

See ``docs/reference/config.md`` for every key.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrs import field, frozen

from .errors import ConfigError
from .fetch import FetchSettings, is_remote
from .people import PeopleSettings, read_people_settings
from .plan import PlanSettings, read_plan_settings
from .presets import expand_preset
from .profile import Profile, load_profile
from .settings import (
    Custom,
    Duration,
    Number,
    Option,
    Section,
    Text,
    Where,
    expect_table,
    relative_path,
)
from .tomlfile import read_toml

__all__ = ["OUTPUT_SECTION", "Config", "OutputSettings", "SourceConfig", "load_config", "parse_config"]

#: source options that name a file or URL: relative paths are resolved against the config file
_PATH_OPTIONS = ("url", "urls", "path")


@frozen(kw_only=True)
class SourceConfig:
    """One ``[[sources]]`` table: the adapter type, a name, the adapter's options, fetch overrides."""

    type: str
    name: str
    options: Mapping[str, Any] = field(factory=dict)
    fetch: Mapping[str, Any] = field(factory=dict)


@frozen(kw_only=True)
class OutputSettings:
    """Where results go."""

    #: the .ics file written by ``eventscout run``
    ics: Path = Path("build/eventscout.ics")
    #: how many matches the run prints and exports
    top: int = 25
    #: the SQLite state file (None: the user data folder)
    store: Path | None = None
    #: the folder ``eventscout build`` writes the feeds and their index page to
    site: Path = Path("build/site")
    #: where the site will be reachable, for the subscribe links (None: relative links)
    base_url: str | None = None
    #: the file keeping the tokens of private feeds (None: ``feed-tokens.json`` beside the site)
    tokens: Path | None = None
    #: ``eventscout serve`` rebuilds this often, in seconds (0: never)
    rebuild_every: float = 6 * 3600.0


@frozen(kw_only=True)
class Config:
    """A whole configuration, as loaded from one TOML file."""

    profile: Profile
    sources: tuple[SourceConfig, ...]
    fetch: Mapping[str, Any] = field(factory=dict)
    output: OutputSettings = field(factory=OutputSettings)
    feeds: tuple[Mapping[str, Any], ...] = ()
    #: the year's limits for ``eventscout plan`` (the ``[plan]`` table; defaults when absent)
    plan: PlanSettings = field(factory=PlanSettings)
    #: contacts, the follow-ups feed and CalDAV (the ``[people]`` table; defaults when absent)
    people: PeopleSettings = field(factory=PeopleSettings)
    path: Path | None = None

    def fetch_settings(self) -> FetchSettings:
        """The global fetch settings: defaults overridden by the ``[fetch]`` table."""
        return _fetch_settings(self.fetch, self.path)


def _fetch_settings(table: Mapping[str, Any], path: Path | None) -> FetchSettings:
    return FetchSettings.from_mapping(table, path=str(path) if path else None)


def load_config(path: str | Path) -> Config:
    """Read and check a configuration file."""
    file = Path(path).expanduser().absolute()  # errors name a path that means something anywhere
    return parse_config(read_toml(file, what="config"), path=file)


def parse_config(data: Mapping[str, Any], *, path: Path | None = None) -> Config:
    """Build a :class:`Config` from parsed TOML; every key is checked."""
    where = str(path) if path else None
    base = path.parent if path else Path.cwd()
    known = {"profile", "sources", "fetch", "output", "feeds", "plan", "people"}
    for key in data:
        if key not in known:
            raise ConfigError(f"unknown top-level key; expected one of {sorted(known)}", path=where, key=key)
    profile = _profile(data.get("profile"), base, where)
    sources = _sources(data.get("sources", []), base, where)
    fetch = data.get("fetch", {})
    if not isinstance(fetch, dict):
        raise ConfigError("expected a table", path=where, key="fetch")
    _fetch_settings(fetch, path)  # fail early on a wrong key
    feeds = data.get("feeds", [])
    if not isinstance(feeds, list) or not all(isinstance(f, dict) for f in feeds):
        raise ConfigError("expected [[feeds]] tables", path=where, key="feeds")
    return Config(
        profile=profile,
        sources=sources,
        fetch=fetch,
        output=_output(data.get("output", {}), where),
        feeds=tuple(feeds),
        plan=read_plan_settings(expect_table(data.get("plan", {}), Where(where, "plan")), path=where),
        people=read_people_settings(expect_table(data.get("people", {}), Where(where, "people")),
                                    path=where),
        path=path,
    )


def _profile(value: Any, base: Path, where: str | None) -> Profile:
    if value is None:
        raise ConfigError("missing: give a [profile] table or profile = \"file.toml\"", path=where, key="profile")
    if isinstance(value, str):
        return load_profile(base / value)
    if isinstance(value, dict):
        return Profile.from_mapping(value, path=where)
    raise ConfigError("expected a table or a file name", path=where, key="profile")


def _resolve(value: Any, base: Path) -> Any:
    if isinstance(value, list):
        return [_resolve(item, base) for item in value]
    if isinstance(value, str) and not is_remote(value) and not value.startswith("file:"):
        candidate = Path(value).expanduser()
        return str(candidate if candidate.is_absolute() else base / candidate)
    return value


def _sources(value: Any, base: Path, where: str | None) -> tuple[SourceConfig, ...]:
    if not isinstance(value, list):
        raise ConfigError("expected [[sources]] tables", path=where, key="sources")
    result: list[SourceConfig] = []
    names: set[str] = set()
    for index, table in enumerate(value):
        key = f"sources[{index}]"
        if not isinstance(table, dict):
            raise ConfigError("expected a table", path=where, key=key)
        options = dict(table)
        given_name = options.pop("name", None)
        if given_name is not None and not isinstance(given_name, str):
            raise ConfigError("expected a string", path=where, key=f"{key}.name")
        fetch = options.pop("fetch", {})
        if not isinstance(fetch, dict):
            raise ConfigError("expected a table", path=where, key=f"{key}.fetch")
        if "preset" in options:
            if "type" in options:
                raise ConfigError("give a preset or a type, not both", path=where, key=f"{key}.type")
            expanded = [(item.type, item.name, dict(item.options))
                        for item in expand_preset(options, Where(where, key), name=given_name)]
        else:
            type_name = options.pop("type", None)
            if not isinstance(type_name, str) or not type_name:
                raise ConfigError("missing the adapter type (type = \"ical\", ...) or a preset",
                                  path=where, key=f"{key}.type")
            expanded = [(type_name, given_name or f"{type_name}-{index + 1}", options)]
        for type_name, name, source_options in expanded:
            if name in names:
                raise ConfigError(f"two sources are called {name!r}; names must be unique",
                                  path=where, key=f"{key}.name")
            names.add(name)
            for option in _PATH_OPTIONS:
                if option in source_options:
                    source_options[option] = _resolve(source_options[option], base)
            result.append(SourceConfig(type=type_name, name=name, options=source_options, fetch=fetch))
    return tuple(result)


def _output_path(value: object, where: Where) -> Path:
    return relative_path(Text()(value, where), where)


#: every key of ``[output]``: the spec its loading and docs/reference/config.md come from
OUTPUT_SECTION = Section(
    title="[output]",
    doc="Where results go. Relative paths are relative to the config file.",
    options=(
        Option(key="ics", reader=Custom(_output_path, "a path"), default="build/eventscout.ics",
               doc="the .ics file `eventscout run` writes"),
        Option(key="top", reader=Number(lo=1, whole=True), default="25",
               doc="how many matches the run prints and exports"),
        Option(key="store", reader=Custom(_output_path, "a path"), default="the user data folder",
               doc="the SQLite file keeping state between runs"),
        Option(key="site", reader=Custom(_output_path, "a path"), default="build/site",
               doc="the folder `eventscout build` writes the feeds and their index page to"),
        Option(key="base_url", reader=Text(), default="relative links",
               doc="where the site is reachable, for the subscribe links"),
        Option(key="tokens", reader=Custom(_output_path, "a path"),
               default="feed-tokens.json beside the site", doc="the private feeds' tokens"),
        Option(key="rebuild_every", reader=Duration(), default="6h",
               doc="`eventscout serve` rebuilds this often (0: never)"),
    ),
)


def _output(value: Any, where: str | None) -> OutputSettings:
    return OutputSettings(**OUTPUT_SECTION.read(expect_table(value, Where(where, "output")),
                                                Where(where, "output")))
