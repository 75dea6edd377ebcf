"""Research-conference deadline lists with several deadlines per edition: ccf-deadlines, sec-deadlines.

Both are YAML, but neither is in the ai-deadlines shape :mod:`eventscout.sources.deadlines` reads.

**ccf-deadlines** (ccfddl/ccf-deadlines, ``conference/<SUB>/<name>.yml``): a list of conferences,
each with its editions::

    - title: CCS
      description: ACM Conference on Computer and Communications Security
      sub: SC                       # the CCF area code
      rank: { ccf: A, core: A* }
      confs:
        - year: 2026
          id: ccs26
          link: https://...
          timeline:                 # one entry per submission round
            - deadline: '2026-01-14 23:59:59'
              abstract_deadline: '2026-01-07 23:59:59'    # optional
              comment: First Review Cycle
          timezone: UTC-12
          date: November 15-19, 2026
          place: The Hague, The Netherlands

**sec-deadlines** (sec-deadlines.github.io, ``_data/conferences.yml``): one record per edition,
``name`` instead of ``title``, ``deadline`` a list of rounds (rolling ones written ``%Y-05-31``:
``%Y`` is this year and ``%y`` next year, as the site shows them), ``date`` without a year
(``May 18-21``), ``tags`` (SEC, PRIV, CRYPTO; CONF or SHOP for a workshop), zone AoE unless given.

Each edition becomes one all-day :class:`~eventscout.model.Event`; its ``cfp.closes`` is the
first round still open at the run's ``now`` (the last round when all are closed), and every round
is listed in the description. A bad value fails only its item, as a Problem naming the source,
the item and the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import yaml
from attrs import field, frozen

from ..errors import ItemError, SourceError
from ..fetch import decode_text
from ..model import CallForPapers, Event, EventKind, Problem
from ..parse import find_day_range, place_from_text, strings
from ._items import each_item
from .base import FetchContext
from .deadlines import deadline_timezone, parse_deadline

__all__ = ["CCF_AREAS", "CcfDeadlinesSource", "SecDeadlinesSource"]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: ccf-deadlines' area codes, as topics
CCF_AREAS: Mapping[str, str] = {
    "DS": "Computer Architecture", "NW": "Networks", "SC": "Security", "SE": "Software Engineering",
    "DB": "Databases", "CT": "Theory", "CG": "Computer Graphics", "AI": "Artificial Intelligence",
    "HI": "Human-Computer Interaction", "MX": "Interdisciplinary",
}
#: sec-deadlines' tags, as topics (CONF and SHOP say what kind of event it is)
SEC_TAGS: Mapping[str, str] = {"SEC": "Security", "PRIV": "Privacy", "CRYPTO": "Cryptography"}


def _load(content: bytes, source: str, origin: str) -> list[Any]:
    try:
        records = yaml.load(decode_text(content), Loader=_Loader)
    except yaml.YAMLError as error:
        raise SourceError(f"not YAML: {error}", source=source, url=origin) from None
    if records is None:
        return []
    if not isinstance(records, list):
        raise SourceError("expected a YAML list of conferences", source=source, url=origin)
    return records


def _rounds(values: Sequence[object], zone: dt.tzinfo, field_name: str) -> list[dt.datetime]:
    moments = [parse_deadline(value, zone, field_name=field_name) for value in values]
    return sorted(moment for moment in moments if moment is not None)


def _open_round(rounds: Sequence[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    return next((moment for moment in rounds if moment >= now), rounds[-1] if rounds else None)


def _round_lines(rounds: Sequence[tuple[dt.datetime, str]]) -> list[str]:
    return [f"Deadline: {moment:%Y-%m-%d %H:%M} {moment.tzname()}" + (f" ({note})" if note else "")
            for moment, note in rounds]


def _edition(*, source: str, title: str, year: str, record: Mapping[str, Any], days_text: str,
             rounds: list[tuple[dt.datetime, str]], now: dt.datetime, kind: EventKind,
             topics: list[str], lines: list[str]) -> Event:
    days = find_day_range(days_text)
    if days is None:
        raise ItemError(f"{days_text!r} is no readable date range", field="date")
    if year and year not in title:
        title = f"{title} {year}"
    moments = sorted(moment for moment, _ in rounds)
    closes = _open_round(moments, now)
    location, attendance = place_from_text(str(record.get("place") or ""))
    link = str(record.get("link") or "") or None
    return Event(
        title=title, start=days[0], end=days[1], url=link, kind=kind, topics=topics,
        description="\n".join([*lines, f"Dates: {record.get('date')}", *_round_lines(sorted(rounds))]),
        location=location, attendance=attendance,
        cfp=CallForPapers(url=link, closes=closes) if closes else None,
        source=source, source_id=str(record["id"]) if record.get("id") else None,
        source_urls=[link] if link else [],
    )


@frozen(kw_only=True)
class CcfDeadlinesSource:
    """ccf-deadlines conference files (``conference/<SUB>/<name>.yml``): URLs, file:// or paths."""

    name: str
    #: the conference files to read, e.g. ``.../conference/SC/ccs.yml``
    urls: tuple[str, ...] = field(converter=strings)
    #: editions of earlier years are left out
    since_year: int | None = None
    #: topics added to every event beside the area's name
    topics: tuple[str, ...] = field(default=(), converter=strings)

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        for url in self.urls:
            content = context.fetcher.get(url, source=self.name).content
            yield from self.parse(content, url, now=context.now)

    def parse(self, content: bytes, origin: str, *, now: dt.datetime) -> Iterator[Event | Problem]:
        """Read one conference file's bytes (no HTTP); ``origin`` names it in Problems."""
        items = []
        for index, conference in enumerate(_load(content, self.name, origin)):
            editions = conference.get("confs") if isinstance(conference, Mapping) else None
            label = conference.get("title", "unnamed") if isinstance(conference, Mapping) else "unnamed"
            if not isinstance(editions, list):
                items.append((f"{origin} item {index} ({label!r})", (conference, None)))
                continue
            for number, edition in enumerate(editions):
                name = edition.get("id") if isinstance(edition, Mapping) else None
                items.append((f"{origin} item {index} ({label!r}) confs[{number}] ({name or 'unnamed'!r})",
                              (conference, edition)))

        def convert(where: str, pair: tuple[Any, Any]) -> Iterator[Event | Problem]:
            yield from self._convert(pair[0], pair[1], now)

        yield from each_item(items, convert, source=self.name)

    def _convert(self, conference: Any, edition: Any, now: dt.datetime) -> Iterator[Event]:
        if not isinstance(conference, Mapping) or not isinstance(edition, Mapping):
            raise ItemError("expected a conference with a list of editions", field="confs")
        year = str(edition.get("year") or "").strip()
        if self.since_year is not None and year.isdigit() and int(year) < self.since_year:
            return
        zone = deadline_timezone(edition.get("timezone"))
        timeline = edition.get("timeline") or []
        if not isinstance(timeline, list):
            raise ItemError("expected a list of rounds", field="timeline")
        rounds: list[tuple[dt.datetime, str]] = []
        abstracts: list[str] = []
        for entry in timeline:
            if not isinstance(entry, Mapping):
                raise ItemError("expected a round with a deadline", field="timeline")
            note = str(entry.get("comment") or "").strip()
            rounds += [(moment, note) for moment in
                       _rounds([entry.get("deadline")], zone, "timeline.deadline")]
            abstracts += [f"Abstract deadline: {moment:%Y-%m-%d %H:%M} {moment.tzname()}"
                          for moment in _rounds([entry.get("abstract_deadline")], zone,
                                                "timeline.abstract_deadline")]
        sub = str(conference.get("sub") or "")
        rank = conference.get("rank")
        lines = [str(conference.get("description") or "")]
        if isinstance(rank, Mapping) and rank:
            lines.append("Rank: " + ", ".join(f"{key.upper()} {value}" for key, value in rank.items()))
        yield _edition(
            source=self.name, title=str(conference.get("title") or "").strip(), year=year,
            record=edition, days_text=str(edition.get("date") or ""), rounds=rounds, now=now,
            kind=EventKind.CONFERENCE,
            topics=[CCF_AREAS.get(sub, sub), *self.topics] if sub else list(self.topics),
            lines=[*(line for line in lines if line), *abstracts],
        )


@frozen(kw_only=True)
class SecDeadlinesSource:
    """sec-deadlines' ``_data/conferences.yml`` (security and privacy): a URL, file:// or path."""

    name: str
    url: str
    #: topics added to every event beside its tags' names
    topics: tuple[str, ...] = field(default=(), converter=strings)

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        content = context.fetcher.get(self.url, source=self.name).content
        yield from self.parse(content, self.url, now=context.now)

    def parse(self, content: bytes, origin: str, *, now: dt.datetime) -> Iterator[Event | Problem]:
        """Read the file's bytes (no HTTP); ``origin`` names it in Problems."""
        records = _load(content, self.name, origin)
        items = [(f"{origin} item {index} ({_name(record)!r})", record)
                 for index, record in enumerate(records)]

        def convert(where: str, record: Any) -> Iterator[Event | Problem]:
            yield self._convert(record, now)

        yield from each_item(items, convert, source=self.name)

    def _convert(self, record: Any, now: dt.datetime) -> Event:
        if not isinstance(record, Mapping):
            raise ItemError(f"{type(record).__name__} is not a conference entry")
        year = str(record.get("year") or "").strip()
        if not year.isdigit():
            raise ItemError(f"{record.get('year')!r} is not a year", field="year")
        zone = deadline_timezone(record.get("timezone"))
        given = record.get("deadline")
        values = given if isinstance(given, list) else [given]
        rolled = [str(value).replace("%Y", str(now.year)).replace("%y", str(now.year + 1))
                  for value in values if value is not None]
        rounds = [(moment, "") for moment in _rounds(rolled, zone, "deadline")]
        tags = [str(tag).upper() for tag in strings(record.get("tags"))]
        text = str(record.get("date") or "")
        days_text = text if any(part.isdigit() and len(part) == 4 for part in text.split()) \
            else f"{text}, {year}"
        lines = [str(record.get(key)) for key in ("description", "comment") if record.get(key)]
        return _edition(
            source=self.name, title=_name(record), year=year, record=record, days_text=days_text,
            rounds=rounds, now=now, kind=EventKind.WORKSHOP if "SHOP" in tags else EventKind.CONFERENCE,
            topics=[*(SEC_TAGS[tag] for tag in tags if tag in SEC_TAGS), *self.topics], lines=lines,
        )


def _name(record: object) -> str:
    return str(record.get("name") or "").strip() if isinstance(record, Mapping) else "unnamed"
