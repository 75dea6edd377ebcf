"""FetchSettings: strict parsing of [fetch] and [sources.fetch] tables, layered over each other."""

from __future__ import annotations

import pytest

from eventscout.errors import ConfigError
from eventscout.fetch_settings import GLOBAL_ONLY, FetchSettings, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [(30, 30.0), (1.5, 1.5), ("45", 45.0), ("500ms", 0.5), ("30s", 30.0), ("15m", 900.0),
     ("6h", 21600.0), ("1d", 86400.0), (" 2 h ", 7200.0)],
)
def test_durations_are_seconds_or_strings_with_a_unit(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["6 hours", "-1", -1, True, None, "h"])
def test_a_wrong_duration_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


def test_defaults_are_the_documented_ones() -> None:
    settings = FetchSettings()
    assert settings.refresh_interval == 6 * 3600
    assert settings.obey_robots and settings.http_cache and not settings.force_refresh
    assert settings.user_agent.startswith("eventscout/") and "+https://" in settings.user_agent
    assert settings.timeout == (10.0, 30.0)


def test_layers_apply_in_order_and_keep_what_they_do_not_set() -> None:
    file = FetchSettings.from_mapping({"min_delay": "2s", "refresh_interval": "1h"}, path="c.toml")
    source = FetchSettings.from_mapping({"refresh_interval": "1d", "timeout": 5}, base=file,
                                        source="meetups", path="c.toml")
    command_line = FetchSettings.from_mapping({"force_refresh": True}, base=source)
    assert (file.min_delay, file.refresh_interval) == (2.0, 3600.0)
    assert (source.min_delay, source.refresh_interval) == (2.0, 86400.0)
    assert source.timeout == (5.0, 5.0)
    assert command_line.force_refresh and command_line.refresh_interval == 86400.0


def test_an_unknown_key_names_the_file_and_the_key() -> None:
    with pytest.raises(ConfigError, match="refresh_intervall") as caught:
        FetchSettings.from_mapping({"refresh_intervall": "6h"}, path="eventscout.toml")
    assert caught.value.path == "eventscout.toml"
    assert caught.value.key == "fetch.refresh_intervall"


def test_a_wrong_value_names_the_key() -> None:
    with pytest.raises(ConfigError) as caught:
        FetchSettings.from_mapping({"min_delay": 1, "max_concurrency": 0}, source="x")
    assert caught.value.key == "sources[x].fetch.max_concurrency"


@pytest.mark.parametrize("key", sorted(GLOBAL_ONLY))
def test_run_wide_settings_are_refused_per_source(key: str) -> None:
    with pytest.raises(ConfigError, match=r"\[fetch\]"):
        FetchSettings.from_mapping({key: FetchSettings().__getattribute__(key)}, source="s")
