"""The configuration file: sources, profile, output; every key checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventscout import ConfigError
from eventscout.config import load_config
from eventscout.pipeline import build_sources
from eventscout.samples import demo_config_path


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "eventscout.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_profile_and_output(tmp_path: Path) -> None:
    (tmp_path / "me.toml").write_text("name = 'Ada'\n[goals]\nlearning = 1.0\n")
    config = load_config(write(tmp_path, """
profile = "me.toml"
[[sources]]
type = "ical"
name = "local"
url = "feeds/local.ics"
[sources.fetch]
refresh_interval = "1h"
[[sources]]
type = "confstech"
url = "https://example.org/conferences/2027/python.json"
[output]
ics = "out/events.ics"
top = 5
"""))
    assert config.profile.name == "Ada"
    local, remote = config.sources
    assert (local.type, local.name) == ("ical", "local")
    assert local.options["url"] == str(tmp_path / "feeds" / "local.ics")
    assert local.fetch == {"refresh_interval": "1h"}
    assert remote.name == "confstech-2" and remote.options["url"].startswith("https://")
    assert config.output.ics == tmp_path / "out" / "events.ics" and config.output.top == 5
    sources = build_sources(config)
    assert [s.name for s in sources] == ["local", "confstech-2"]


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("[profile]\n[[source]]\ntype='ical'\n", "source", "unknown top-level key"),
        ("[[sources]]\ntype='ical'\nurl='x'\n", "profile", "missing"),
        ("[profile]\n[[sources]]\nurl='x'\n", "sources[0].type", "adapter type"),
        ("[profile]\n[[sources]]\ntype='ical'\nname='a'\nurl='x'\n[[sources]]\ntype='ical'\nname='a'\nurl='y'\n",
         "sources[1].name", "unique"),
        ("[profile]\n[output]\ntop = 0\n", "output.top", "positive"),
        ("[profile]\n[output]\nformat = 'x'\n", "output.format", "unknown key"),
        ("[profile]\nintrests = {}\n", "intrests", "unknown profile key"),
    ],
)
def test_mistakes_name_the_key(tmp_path: Path, text: str, key: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        load_config(write(tmp_path, text))
    assert info.value.key == key


def test_unknown_adapter_option_and_type_fail_clearly(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[profile]\n[[sources]]\ntype='ical'\nname='a'\nurl='x'\ncolour='red'\n"))
    with pytest.raises(ConfigError, match=r"source 'a' \(type ical\).*colour"):
        build_sources(config)
    config = load_config(write(tmp_path, "[profile]\n[[sources]]\ntype='nosuch'\nurl='x'\n"))
    with pytest.raises(LookupError, match="no source adapter called 'nosuch'"):
        build_sources(config)


def test_the_bundled_demo_config_loads() -> None:
    config = load_config(demo_config_path())
    assert [s.type for s in config.sources] == ["sample", "sample"]
    assert config.profile.home is not None
