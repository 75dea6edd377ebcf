"""Well-known public sources by name: ``{ preset = "confs.tech", topics = ["python"] }``.

A preset is a ``[[sources]]`` table that names a catalogue entry instead of an adapter ``type``.
It expands into one or more ordinary sources of a built-in adapter with the right URLs, so the
rest of eventscout (fetching, caching, the store, problems per source) treats them like any
other. Each preset's options are a settings :class:`~eventscout.settings.Section`, checked like
every other table and listed by ``eventscout sources --presets`` and the config reference.

Only datasets whose format an adapter reads are catalogued: a preset must deliver events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from attrs import frozen

from .settings import Number, Option, Section, Text, Texts, Where

__all__ = ["PRESETS", "Preset", "PresetSource", "expand_preset"]

CONFS_TECH_ROOT = "https://raw.githubusercontent.com/tech-conferences/conference-data/main/conferences"
DEVELOPERS_EVENTS = "https://developers.events/all-events.json"
AI_DEADLINES_ROOT = "https://raw.githubusercontent.com/paperswithcode/ai-deadlines/gh-pages/_data"
CCF_DEADLINES_ROOT = "https://raw.githubusercontent.com/ccfddl/ccf-deadlines/main/conference"
SEC_DEADLINES_ROOT = "https://raw.githubusercontent.com/sec-deadlines/sec-deadlines.github.io/master/_data"
MEETUP_ROOT = "https://www.meetup.com"
SESSIONIZE_API = "https://sessionize.com/api/v2"
LUMA_ICS = "https://api.lu.ma/ics/get?entity=calendar&id="


@frozen(kw_only=True)
class PresetSource:
    """One source a preset expands into: an adapter type, a unique name and its options."""

    type: str
    name: str
    options: Mapping[str, Any]


@frozen(kw_only=True)
class Preset:
    """A catalogue entry: what it reads, its options, and how it becomes sources."""

    name: str
    description: str
    options: Section
    build: Callable[[Mapping[str, Any], str], list[PresetSource]]


def _topics_option(doc: str) -> Option:
    return Option(key="topics", reader=Texts(Text(case="lower")), default="[]", doc=doc)


def _confs_tech(values: Mapping[str, Any], name: str) -> list[PresetSource]:
    this_year = dt.date.today().year
    years = values.get("years") or (this_year, this_year + 1)
    root = str(values.get("base_url", CONFS_TECH_ROOT)).rstrip("/")
    return [
        PresetSource(type="confstech", name=f"{name}/{year}/{topic}",
                     options={"url": f"{root}/{year}/{topic}.json", "topic": topic})
        for year in years for topic in values["topics"]
    ]


def _developers_events(values: Mapping[str, Any], name: str) -> list[PresetSource]:
    options: dict[str, Any] = {"url": values.get("url", DEVELOPERS_EVENTS)}
    if "topics" in values:
        options["topics"] = values["topics"]
    return [PresetSource(type="devevents", name=name, options=options)]


def _ai_deadlines(values: Mapping[str, Any], name: str) -> list[PresetSource]:
    root = str(values.get("base_url", AI_DEADLINES_ROOT)).rstrip("/")
    options: dict[str, Any] = {"url": f"{root}/conferences.yml", "types": f"{root}/types.yml"}
    if "topics" in values:
        options["topics"] = values["topics"]
    return [PresetSource(type="deadlines", name=name, options=options)]


def _ccf_deadlines(values: Mapping[str, Any], name: str) -> list[PresetSource]:
    root = str(values.get("base_url", CCF_DEADLINES_ROOT)).rstrip("/")
    options: dict[str, Any] = {
        "urls": [f"{root}/{_ccf_file(conference)}.yml" for conference in values["conferences"]],
        **_topics(values),
    }
    if "since_year" in values:
        options["since_year"] = values["since_year"]
    return [PresetSource(type="ccfdeadlines", name=name, options=options)]


def _ccf_file(conference: str) -> str:
    """``sc/ccs`` or ``SC/ccs`` → ``SC/ccs``: the dataset's area folders are upper case."""
    area, _, name = conference.strip("/").partition("/")
    return f"{area.upper()}/{name.lower()}" if name else area.lower()


def _sec_deadlines(values: Mapping[str, Any], name: str) -> list[PresetSource]:
    root = str(values.get("base_url", SEC_DEADLINES_ROOT)).rstrip("/")
    return [PresetSource(type="secdeadlines", name=name,
                         options={"url": f"{root}/conferences.yml", **_topics(values)})]


def _meetup(values: Mapping[str, Any], name: str) -> list[PresetSource]:
    root = str(values.get("base_url", MEETUP_ROOT)).rstrip("/")
    return [
        PresetSource(type="ical", name=f"{name}/{group}",
                     options={"url": f"{root}/{group}/events/ical/", **_topics(values)})
        for group in values["groups"]
    ]


def _luma(values: Mapping[str, Any], name: str) -> list[PresetSource]:
    prefix = str(values.get("base_url", LUMA_ICS))
    return [
        PresetSource(type="ical", name=f"{name}/{calendar}",
                     options={"url": f"{prefix}{calendar}", **_topics(values)})
        for calendar in values["calendars"]
    ]


def _sessionize(values: Mapping[str, Any], name: str) -> list[PresetSource]:
    root = str(values.get("base_url", SESSIONIZE_API)).rstrip("/")
    options = {key: values[key] for key in ("title", "timezone", "place", "event_url", "topics")
               if key in values}
    return [PresetSource(type="sessionize", name=name,
                         options={"url": f"{root}/{values['event']}/view/All", **options})]


def _topics(values: Mapping[str, Any]) -> dict[str, Any]:
    return {"topics": values["topics"]} if "topics" in values else {}


_YEAR = Number(lo=2000, hi=2100, whole=True)
_BASE = "where the files are: another mirror, or a local copy (a folder path works)"

#: the catalogue, by preset name
PRESETS: Mapping[str, Preset] = {preset.name: preset for preset in (
    Preset(
        name="confs.tech",
        description="tech conferences by topic and year from the confs.tech dataset",
        options=Section(title='[[sources]] preset = "confs.tech"', noun="preset option", doc=(
            "One source per year and topic, reading <base_url>/<year>/<topic>.json."), options=(
            Option(key="topics", reader=Texts(Text(case="lower")), default="required",
                   doc="the dataset's topic files: python, javascript, data, devops, ..."),
            Option(key="years", reader=Texts(_YEAR), default="this year and next",
                   doc="the years to read"),
            Option(key="base_url", reader=Text(), default=CONFS_TECH_ROOT, doc=_BASE),
        )),
        build=_confs_tech,
    ),
    Preset(
        name="developers.events",
        description="the developers.events conference agenda (all events, with CFPs)",
        options=Section(title='[[sources]] preset = "developers.events"', noun="preset option",
                        doc="The whole agenda as one JSON file.", options=(
            Option(key="url", reader=Text(), default=DEVELOPERS_EVENTS, doc="the JSON file"),
            _topics_option("topics given to every event (the dataset has none)"),
        )),
        build=_developers_events,
    ),
    Preset(
        name="ai-deadlines",
        description="AI/ML conference paper deadlines (paperswithcode ai-deadlines)",
        options=Section(title='[[sources]] preset = "ai-deadlines"', noun="preset option",
                        doc="Reads <base_url>/conferences.yml with its types.yml.", options=(
            Option(key="base_url", reader=Text(), default=AI_DEADLINES_ROOT, doc=_BASE),
            _topics_option("topics added to every event beside its subjects"),
        )),
        build=_ai_deadlines,
    ),
    Preset(
        name="ccf-deadlines",
        description="computer science conference deadlines by CCF area (ccfddl/ccf-deadlines)",
        options=Section(title='[[sources]] preset = "ccf-deadlines"', noun="preset option",
                        doc="One source reading <base_url>/<AREA>/<name>.yml per conference.",
                        options=(
            Option(key="conferences", reader=Texts(), default="required",
                   doc="AREA/name as in the dataset's conference/ folder: SC/ccs, AI/neurips, ..."),
            Option(key="since_year", reader=_YEAR, default="every edition",
                   doc="editions of earlier years are left out"),
            _topics_option("topics added to every event beside its area"),
            Option(key="base_url", reader=Text(), default=CCF_DEADLINES_ROOT, doc=_BASE),
        )),
        build=_ccf_deadlines,
    ),
    Preset(
        name="sec-deadlines",
        description="security and privacy conference deadlines (sec-deadlines.github.io)",
        options=Section(title='[[sources]] preset = "sec-deadlines"', noun="preset option",
                        doc="Reads <base_url>/conferences.yml.", options=(
            Option(key="base_url", reader=Text(), default=SEC_DEADLINES_ROOT, doc=_BASE),
            _topics_option("topics added to every event beside its tags"),
        )),
        build=_sec_deadlines,
    ),
    Preset(
        name="meetup",
        description="public Meetup groups' upcoming events, by group name (their iCalendar feeds)",
        options=Section(title='[[sources]] preset = "meetup"', noun="preset option",
                        doc="One source per group, reading its calendar feed.", options=(
            Option(key="groups", reader=Texts(), default="required",
                   doc="group names as in meetup.com/<group>/"),
            _topics_option("what the groups are about (Meetup feeds carry no topics)"),
            Option(key="base_url", reader=Text(), default=MEETUP_ROOT, doc="the site's root"),
        )),
        build=_meetup,
    ),
    Preset(
        name="luma",
        description="public Luma calendars, by calendar id (cal-...), through their iCalendar feeds",
        options=Section(title='[[sources]] preset = "luma"', noun="preset option",
                        doc="One source per calendar.", options=(
            Option(key="calendars", reader=Texts(), default="required",
                   doc="calendar ids, which start with cal-"),
            _topics_option("what the calendars are about"),
            Option(key="base_url", reader=Text(), default=LUMA_ICS,
                   doc="the feed address the id is appended to"),
        )),
        build=_luma,
    ),
    Preset(
        name="sessionize",
        description="one event's public agenda and speakers from Sessionize, by event id",
        options=Section(title='[[sources]] preset = "sessionize"', noun="preset option",
                        doc="Reads <base_url>/<event>/view/All: one event, its speakers and agenda.",
                        options=(
            Option(key="event", reader=Text(), default="required",
                   doc="the id in the event's API links (sessionize.com/api/v2/<id>/view/...)"),
            Option(key="title", reader=Text(), default="required",
                   doc="the event's name (the agenda carries none)"),
            Option(key="timezone", reader=Text(), default="none",
                   doc="the zone the session times are in, e.g. Europe/Berlin"),
            Option(key="place", reader=Text(), default='""', doc="where, as text: Berlin, Germany"),
            Option(key="event_url", reader=Text(), default="none", doc="the event's web page"),
            _topics_option("topics beside the agenda's tracks"),
            Option(key="base_url", reader=Text(), default=SESSIONIZE_API, doc="the API root"),
        )),
        build=_sessionize,
    ),
)}

_REQUIRED = {"confs.tech": "topics", "ccf-deadlines": "conferences", "meetup": "groups", "luma": "calendars"}


def expand_preset(table: Mapping[str, Any], where: Where, *, name: str | None = None
                  ) -> list[PresetSource]:
    """The sources a ``[[sources]]`` table with ``preset = ...`` stands for, checked strictly.

    ``table`` holds the preset's options (``preset``, ``name`` and ``fetch`` already taken out);
    ``where`` names the file and the table's key for errors; ``name`` defaults to the preset's.
    """
    preset_name = table.get("preset")
    if not isinstance(preset_name, str) or preset_name not in PRESETS:
        import difflib

        hint = difflib.get_close_matches(str(preset_name), PRESETS, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        raise where.at("preset").fail(
            f"no preset called {preset_name!r}{suggestion} (presets: {', '.join(PRESETS)})"
        )
    preset = PRESETS[preset_name]
    options = {key: value for key, value in table.items() if key != "preset"}
    values = preset.options.read(options, where)
    required = _REQUIRED.get(preset_name)
    if required is not None and not values.get(required):
        raise where.at(required).fail(f"the {preset_name} preset needs {required}")
    if preset_name == "sessionize":
        for key in ("event", "title"):
            if not values.get(key):
                raise where.at(key).fail(f"the sessionize preset needs {key}")
    return preset.build(values, name or preset_name)
