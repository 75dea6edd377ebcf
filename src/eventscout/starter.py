"""A first ``eventscout.toml``: from a few answers to a commented config that runs as it is.

:func:`starter_config` turns :class:`Answers` (home, interests, goals, languages, budget) into TOML
text with a comment on every block, and sources chosen from the presets: the confs.tech topic
files that match the interests, the developers.events agenda, and the AI paper deadlines for
people interested in AI or machine learning. :func:`write_starter_config` checks the text by
loading it back, the way ``eventscout run`` will, before it replaces anything, and writes it
atomically.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from attrs import field, frozen

from .config import Config, load_config, parse_config
from .errors import ConfigError
from .files import write_atomically
from .profile import Goal

__all__ = ["CONFS_TECH_TOPICS", "Answers", "starter_config", "write_starter_config"]

#: the topic files of the confs.tech dataset (conferences/<year>/<topic>.json)
CONFS_TECH_TOPICS = (
    "accessibility", "android", "api", "clojure", "cpp", "css", "data", "devops", "dotnet",
    "elixir", "elm", "golang", "graphql", "groovy", "haskell", "identity", "ios", "iot", "java",
    "javascript", "kotlin", "leadership", "networking", "opensource", "performance", "php",
    "product", "python", "ruby", "rust", "scala", "security", "sre", "tech-comm", "testing",
    "typescript", "ux",
)

#: interests that have a confs.tech topic under another name
_TOPIC_OF = {
    "go": "golang", "c++": "cpp", ".net": "dotnet", "c#": "dotnet", "swift": "ios",
    "machine learning": "data", "ai": "data", "data engineering": "data", "data science": "data",
    "analytics": "data", "kubernetes": "devops", "cloud native": "devops", "cloud": "devops",
    "infrastructure": "devops", "site reliability": "sre", "open source": "opensource",
    "frontend": "javascript", "react": "javascript", "node": "javascript", "design": "ux",
    "appsec": "security", "management": "leadership", "engineering management": "leadership",
    "qa": "testing", "technical writing": "tech-comm", "product management": "product",
}
_AI_WORDS = ("ai", "machine learning", "ml", "deep learning", "llm", "nlp", "computer vision")


@frozen(kw_only=True)
class Answers:
    """What ``eventscout init`` asks. Interests and goals are weights in [0, 1]."""

    name: str = "me"
    home: str | None = None
    max_distance_km: float | None = None
    interests: Mapping[str, float] = field(factory=dict)
    goals: Mapping[str, float] = field(factory=dict)
    languages: Sequence[str] = ()
    budget: Decimal | None = None
    currency: str = "EUR"
    #: confs.tech years to read (default: this year and next)
    years: Sequence[int] = ()
    #: where a preset's files are instead of upstream (a mirror, a local copy), by preset name
    preset_urls: Mapping[str, str] = field(factory=dict)


def _topics(interests: Mapping[str, float]) -> list[str]:
    topics: list[str] = []
    for interest in interests:
        word = interest.casefold()
        topic = word if word in CONFS_TECH_TOPICS else _TOPIC_OF.get(word)
        if topic and topic not in topics:
            topics.append(topic)
    return topics


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _key(text: str) -> str:
    return text if text.replace("_", "").replace("-", "").isalnum() and text.isascii() else _string(text)


def _location(answers: Answers, preset: str) -> list[str]:
    """The ``base_url`` (or ``url``) line pointing ``preset`` at a mirror, when one was given."""
    if preset not in answers.preset_urls:
        return []
    key = "url" if preset == "developers.events" else "base_url"
    return [f"{key} = {_string(answers.preset_urls[preset])}"]


def _weights(table: Mapping[str, float]) -> list[str]:
    return [f"{_key(name)} = {weight:g}" for name, weight in table.items()]


def starter_config(answers: Answers, *, today: dt.date | None = None) -> str:
    """The commented TOML of a first config for ``answers`` (sources from the presets)."""
    today = today or dt.date.today()
    years = list(answers.years) or [today.year, today.year + 1]
    unknown = sorted(set(answers.preset_urls) - {"confs.tech", "developers.events", "ai-deadlines"})
    if unknown:
        raise ConfigError(f"init chooses no {unknown[0]!r} source; mirrors can be given for "
                          "confs.tech, developers.events and ai-deadlines", key="--preset-url")
    goals = ", ".join(g.value for g in Goal)
    lines = [
        "# eventscout configuration, written by `eventscout init`. Edit freely; every key is",
        "# documented in docs/reference/config.md. Check it with: eventscout run --problems",
        "",
        "[profile]",
        f"name = {_string(answers.name)}",
    ]
    if answers.home:
        lines += ["# where you live; in-person events are measured from here",
                  f"home = {_string(answers.home)}"]
        if answers.max_distance_km is not None:
            lines.append(f"max_distance_km = {answers.max_distance_km:g}   # farther in-person events are left out")
    if answers.languages:
        lines.append("languages = [" + ", ".join(_string(code) for code in answers.languages)
                     + "]   # talks you can follow")
    if answers.budget is not None:
        lines.append(f"budget = {{ amount = {answers.budget}, currency = {_string(answers.currency)} }}"
                     "   # the most for one ticket")
    lines += ["", "# what you care about, 0..1", "[profile.interests]", *_weights(answers.interests),
              "", f"# what events should do for your career, 0..1: {goals}", "[profile.goals]",
              *_weights(answers.goals), ""]
    topics = _topics(answers.interests)
    if topics:
        lines += [
            "# tech conferences from the confs.tech dataset: one file per topic and year",
            "[[sources]]", 'preset = "confs.tech"',
            "topics = [" + ", ".join(_string(t) for t in topics) + "]",
            "years = [" + ", ".join(str(y) for y in years) + "]",
            *_location(answers, "confs.tech"), "",
        ]
    lines += ["# the developers.events agenda: conferences with their calls for papers",
              "[[sources]]", 'preset = "developers.events"', *_location(answers, "developers.events"),
              ""]
    if any(word in (name.casefold() for name in answers.interests) for word in _AI_WORDS):
        lines += ["# AI and machine-learning paper deadlines", "[[sources]]",
                  'preset = "ai-deadlines"', *_location(answers, "ai-deadlines"), ""]
    lines += [
        "# more: a Meetup group's feed, a Luma calendar, any .ics, a web page. See",
        "# `eventscout sources --presets` and `eventscout sources NAME`; for example:",
        "# [[sources]]",
        '# preset = "meetup"',
        '# groups = ["pyberlin"]',
        '# topics = ["python"]',
        "",
        "[output]",
        'ics = "build/eventscout.ics"',
        "top = 25",
        "",
    ]
    return "\n".join(lines)


def write_starter_config(path: str | Path, answers: Answers, *, force: bool = False,
                         today: dt.date | None = None) -> Config:
    """Write :func:`starter_config` to ``path`` and return it loaded.

    An existing file is kept unless ``force``. The text is loaded back first (as ``eventscout run``
    will load it), so a file that would not load is never written.
    """
    target = Path(path).expanduser().resolve()
    if target.exists() and not force:
        raise ConfigError("already exists; pass --force to replace it", path=str(target))
    text = starter_config(answers, today=today)
    parse_config(tomllib.loads(text), path=target)  # never write a config that would not load
    write_atomically(target, text)
    return load_config(target)
