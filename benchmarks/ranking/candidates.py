"""The candidate events of the evaluation, read from the real datasets in ../shared/data.

Events are referenced, never copied: a reference is ``dataset:file#index`` (the position of the
record in that file), and :func:`load_event` rebuilds the event from the third-party file each run.
The readers here are deliberately small (the harness must not depend on the adapters being built
in parallel); they produce plain :class:`eventscout.Event` objects.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import yaml

from eventscout import places
from eventscout.model import AttendanceMode, CallForPapers, Event, EventKind, Location

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
CONFSTECH = SHARED / "tech-conferences-conference-data" / "conferences"
DEVEVENTS = SHARED / "scraly-developers-conferences-agenda" / "all-events.json"
AIDEADLINES = SHARED / "paperswithcode-ai-deadlines" / "_data" / "conferences.yml"


@functools.cache
def _json(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@functools.cache
def _yaml(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _location(city: str | None, country: str | None) -> Location | None:
    code = places.country_code(country) if country else None
    if not city and not code:
        return None
    return Location(city=city or None, country=code)


def confstech_event(year: str, topic: str, index: int, *, hide_topic: bool = False) -> Event:
    """One confs.tech record; its topic comes from the file name unless ``hide_topic``."""
    item = _json(CONFSTECH / year / f"{topic}.json")[index]
    online = bool(item.get("online"))
    city = item.get("city")
    mode = AttendanceMode.ONLINE if online and not city else (
        AttendanceMode.HYBRID if online else AttendanceMode.IN_PERSON)
    cfp = None
    if item.get("cfpUrl") or item.get("cfpEndDate"):
        cfp = CallForPapers(url=item.get("cfpUrl"), closes=item.get("cfpEndDate"))
    locales = [code.strip() for code in str(item.get("locales", "")).split(",") if code.strip()]
    return Event(
        title=item["name"], start=item["startDate"], end=item.get("endDate") or item["startDate"],
        url=item.get("url"), kind=EventKind.CONFERENCE, topics=() if hide_topic else (topic,),
        location=None if mode is AttendanceMode.ONLINE else _location(city, item.get("country")),
        attendance=mode, cfp=cfp, languages=[c.lower() for c in locales if len(c) <= 3],
        source="confs.tech", source_id=f"{year}/{topic}#{index}",
    )


def devevents_event(index: int) -> Event:
    """One developers.events record (dates are epoch milliseconds)."""
    item = _json(DEVEVENTS)[index]
    days = [dt.datetime.fromtimestamp(ms / 1000, dt.UTC).date() for ms in item["date"]]
    city = str(item.get("city") or "").split(",")[0].strip()
    online = "online" in str(item.get("location", "")).lower()
    cfp = item.get("cfp") or {}
    return Event(
        title=item["name"], start=days[0], end=days[-1], url=item.get("hyperlink"),
        kind=EventKind.CONFERENCE, description=item.get("misc", ""),
        attendance=AttendanceMode.ONLINE if online else AttendanceMode.IN_PERSON,
        location=None if online else _location(city, item.get("country")),
        cfp=CallForPapers(url=cfp.get("link"), closes=cfp.get("untilDate") and dt.datetime.fromtimestamp(
            cfp["untilDate"] / 1000, dt.UTC)) if cfp.get("link") else None,
        source="developers.events", source_id=f"all-events#{index}",
    )


def aideadlines_event(index: int) -> Event:
    """One ai-deadlines record: a research conference whose paper deadline is its CFP."""
    item = _yaml(AIDEADLINES)[index]
    subs = item.get("sub") or []
    subs = [subs] if isinstance(subs, str) else list(subs)
    place = str(item.get("place") or "")
    parts = [part.strip() for part in place.split(",")]
    start, end = item.get("start"), item.get("end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        end = start
    deadline = None
    if item.get("deadline"):
        deadline = dt.datetime.fromisoformat(str(item["deadline"])).replace(tzinfo=dt.UTC)
    return Event(
        title=f"{item['title']} {item.get('year', '')}".strip(),
        description=str(item.get("full_name", "")), start=start, end=end, url=item.get("link"),
        kind=EventKind.CONFERENCE, topics=tuple(_SUBS.get(s, s) for s in subs),
        location=_location(parts[0], parts[-1]) if place and "online" not in place.lower() else None,
        attendance=AttendanceMode.ONLINE if "online" in place.lower() else AttendanceMode.IN_PERSON,
        cfp=CallForPapers(url=item.get("link"), closes=deadline) if deadline else None,
        source="ai-deadlines", source_id=f"conferences#{index}",
    )


_SUBS = {"ML": "machine learning", "CV": "computer vision", "NLP": "natural language processing",
         "RO": "robotics", "SP": "speech", "DM": "data mining", "AP": "automated planning",
         "KR": "knowledge representation", "HCI": "human computer interaction"}


def load_event(reference: str, *, hide_topic: bool = False) -> Event:
    """The event a reference names: ``confs.tech:2024/python#3``, ``developers.events:#12``,
    ``ai-deadlines:#40``."""
    dataset, _, rest = reference.partition(":")
    where, _, index = rest.partition("#")
    if dataset == "confs.tech":
        year, _, topic = where.partition("/")
        return confstech_event(year, topic, int(index), hide_topic=hide_topic)
    if dataset == "developers.events":
        return devevents_event(int(index))
    if dataset == "ai-deadlines":
        return aideadlines_event(int(index))
    raise ValueError(f"unknown dataset in reference {reference!r}")
