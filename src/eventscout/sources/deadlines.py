"""Conference-deadline YAML in the ai-deadlines format (paperswithcode/ai-deadlines and its forks).

Each record is one conference edition with its paper deadline::

    - title: EMNLP
      year: 2024
      id: emnlp24
      link: https://2024.emnlp.org/
      deadline: '2024-06-15 23:59:00'
      abstract_deadline: '2024-06-08 23:59:00'   # optional
      timezone: UTC-12
      place: Miami, Florida, USA
      date: November 12-16, 2024                  # free text
      start: 2024-11-12
      end: 2024-11-16
      sub: NLP                                    # or a list: ['DM', 'KR']
      note: More info <a href='https://2024.emnlp.org/calls/'>here</a>.

Each record becomes one all-day conference :class:`~eventscout.model.Event` whose
``cfp.closes`` is the paper deadline, as an aware datetime in the record's own zone.

**Time zones** (:func:`deadline_timezone`). ``UTC±N``, ``GMT±N`` and ``±HH:MM`` mean what they
say: ``UTC-12`` is twelve hours *behind* UTC, which is Anywhere on Earth (``AoE``), and
``GMT+8`` (Shanghai) is eight hours *ahead*. The POSIX-style IANA names ``Etc/GMT±N`` are the
other way round: ``Etc/GMT+12`` is UTC-12. Feeds that turn ``UTC-12`` into ``Etc/GMT-12`` put the
deadline a whole day early; this module reads each spelling by its own rule. Other IANA names
(``America/Los_Angeles``) follow their daylight-saving rules on the deadline's day; a few
unambiguous abbreviations (``PDT``, ``PST``, ``CEST``, ``JST``...) are fixed offsets. A record
without a zone is read as AoE, the convention for conference deadlines. A deadline given as a day
only closes at the end of that day.

**Abstract deadline.** The model has one CFP instant; it holds the *paper* deadline. The abstract
deadline, when there is one, is kept in the description as a line
``Abstract deadline: 2024-05-13 23:59:59 UTC-12 (2024-05-14 11:59:59 UTC)`` and marked with the
feature ``abstract_deadline``. It is not the ``registration_deadline``, which means the last day
to register as an attendee.

**Dates.** ``start``/``end`` give the conference days; when they are missing, or ``end`` is
before ``start`` (NeurIPS 2024 has ``end: 2023-12-15``), the free-text ``date`` is read instead
(see :mod:`eventscout.parse.dates`); an ``end`` that cannot be repaired is dropped with a
Problem and the event kept. ``sub`` codes become topics by their names in the dataset's
``types.yml`` (option ``types``), or by the names built in below when none is configured.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

import yaml
from attrs import field, frozen

from ..errors import FetchError, ItemError, SourceError
from ..fetch import decode_text
from ..model import AOE, CallForPapers, Event, EventKind, Problem
from ..parse import find_day_range, find_zone, parse_iso_moment, place_from_text, strings
from ._items import each_item
from .base import FetchContext

__all__ = ["SUBJECT_NAMES", "DeadlinesSource", "deadline_timezone", "parse_deadline"]

#: the ``sub`` codes of ai-deadlines' ``_data/types.yml``, used when no ``types`` file is given
SUBJECT_NAMES: Mapping[str, str] = {
    "ML": "Machine Learning",
    "CV": "Computer Vision",
    "CG": "Computer Graphics",
    "NLP": "Natural Language Processing",
    "RO": "Robotics",
    "SP": "Speech/SigProc",
    "DM": "Data Mining",
    "AP": "Automated Planning",
    "KR": "Knowledge Representation",
    "HCI": "Human-Computer Interaction",
}

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_ABBREVIATIONS = {
    "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CDT": -5, "EST": -5, "EDT": -4,
    "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "SGT": 8, "HKT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}
_OFFSET = re.compile(
    r"(?:UTC|GMT|Z)?\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?",
    re.IGNORECASE,
)
_ETC = re.compile(r"Etc/(?:GMT|UTC)(?P<sign>[+-])(?P<hours>\d{1,2})", re.IGNORECASE)
_UTC_NAMES = {"utc", "gmt", "z", "etc/utc", "etc/gmt", "universal", "zulu"}
_AOE_NAMES = {"aoe", "anywhere on earth", "anywhere-on-earth"}
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_UNKNOWN = {"", "tba", "tbd", "none", "n/a", "?"}


def _fixed(hours: int, minutes: int, label: str) -> dt.timezone:
    offset = dt.timedelta(hours=hours, minutes=minutes)
    if abs(offset) > dt.timedelta(hours=14):
        raise ItemError(f"{label!r} is more than 14 hours from UTC", field="timezone")
    if offset == -dt.timedelta(hours=12):
        return AOE
    return dt.UTC if not offset else dt.timezone(offset, label)


def deadline_timezone(label: str | None) -> dt.tzinfo:
    """The time zone a deadline's ``timezone`` label names; AoE when it is empty.

    ``UTC-12`` → UTC-12 (AoE); ``GMT+8`` → UTC+8; ``Etc/GMT+12`` → UTC-12 (POSIX sign, inverted);
    ``AoE`` → UTC-12; ``America/Los_Angeles`` → that IANA zone; ``PDT`` → UTC-7.
    """
    text = " ".join(str(label or "").split())
    folded = text.casefold()
    if not text or folded in _AOE_NAMES:
        return AOE
    if folded in _UTC_NAMES:
        return dt.UTC
    etc = _ETC.fullmatch(text)
    if etc:
        sign = 1 if etc["sign"] == "-" else -1  # Etc/GMT+12 is twelve hours *behind* UTC
        return _fixed(sign * int(etc["hours"]), 0, f"UTC{'+' if sign > 0 else '-'}{etc['hours']}")
    offset = _OFFSET.fullmatch(text)
    if offset:
        sign = -1 if offset["sign"] in "-−" else 1
        hours, minutes = int(offset["hours"]), int(offset["minutes"] or 0)
        return _fixed(sign * hours, sign * minutes, text.upper().replace("−", "-"))
    if text.upper() in _ABBREVIATIONS:
        return _fixed(_ABBREVIATIONS[text.upper()], 0, text.upper())
    zone = find_zone(text)
    if zone is None:
        raise ItemError(f"{label!r} is not a time zone this adapter knows", field="timezone")
    return zone


def parse_deadline(value: object, zone: dt.tzinfo, *, field_name: str = "deadline") -> dt.datetime | None:
    """A deadline value (``'2024-06-15 23:59:00'``, a YAML date or datetime) as an aware instant.

    ``None`` for an unknown deadline (``TBA``); a day alone closes at 23:59:59 of that day.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(23, 59, 59), tzinfo=zone)
    text = str(value if value is not None else "").strip()
    if text.casefold() in _UNKNOWN:
        return None
    try:
        moment = parse_iso_moment(text)
    except ValueError as error:
        raise ItemError(f"{error}: expected 'YYYY-MM-DD HH:MM[:SS]'", field=field_name) from None
    if isinstance(moment, dt.datetime):
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)
    return dt.datetime.combine(moment, dt.time(23, 59, 59), tzinfo=zone)


def _day(value: object, field_name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        day = parse_iso_moment(str(value))
    except ValueError:
        day = None
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ItemError(f"{value!r} is not a YYYY-MM-DD day", field=field_name)
    return day


def _describe_deadline(label: str, moment: dt.datetime) -> str:
    utc = moment.astimezone(dt.UTC)
    return f"{label}: {moment:%Y-%m-%d %H:%M:%S} {moment.tzname()} ({utc:%Y-%m-%d %H:%M:%S} UTC)"


def _subjects(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(part).strip() for part in value if str(part).strip()]
    raise ItemError(f"{value!r} is neither a code nor a list of codes", field="sub")


def parse_types(content: bytes) -> dict[str, str]:
    """``types.yml`` (a list of ``{name, sub}``) as a mapping from code to name."""
    loaded = yaml.load(decode_text(content), Loader=_Loader)
    if not isinstance(loaded, list):
        raise ValueError("expected a YAML list of {name, sub} entries")
    return {
        str(entry["sub"]): str(entry["name"])
        for entry in loaded
        if isinstance(entry, Mapping) and entry.get("sub") and entry.get("name")
    }


@frozen(kw_only=True)
class DeadlinesSource:
    """An ai-deadlines ``conferences.yml``: a URL, a ``file://`` URL or a local path."""

    name: str
    url: str
    #: the dataset's ``types.yml`` (URL or path) naming the ``sub`` codes; built-in names if unset
    types: str | None = None
    #: the kind given to every event
    kind: EventKind = field(default=EventKind.CONFERENCE, converter=EventKind)
    #: topics added to every event beside the subject names
    topics: tuple[str, ...] = field(default=(), converter=strings)

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        names: Mapping[str, str] = SUBJECT_NAMES
        if self.types:
            try:
                names = parse_types(context.fetcher.get(self.types, source=self.name).content)
            except (FetchError, ValueError, yaml.YAMLError) as error:
                yield Problem(source=self.name, where=self.types, field="types", kept=True,
                              message=f"subject names not read ({error}); built-in names used")
        fetched = context.fetcher.get(self.url, source=self.name)
        yield from self.parse(fetched.content, self.url, subject_names=names)

    def parse(
        self, content: bytes, origin: str, *, subject_names: Mapping[str, str] = SUBJECT_NAMES
    ) -> Iterator[Event | Problem]:
        """Read ``conferences.yml`` bytes (no HTTP); ``origin`` names the file in Problems."""
        try:
            records = yaml.load(decode_text(content), Loader=_Loader)
        except yaml.YAMLError as error:
            raise SourceError(f"not YAML: {error}", source=self.name, url=origin) from None
        if records is None:
            return
        if not isinstance(records, list):
            raise SourceError("expected a YAML list of conferences", source=self.name, url=origin)
        items = (
            (f"{origin} item {index} ({_label(record)})", record)
            for index, record in enumerate(records)
        )

        def convert(where: str, record: object) -> Iterator[Event | Problem]:
            return self._convert(where, record, subject_names)

        yield from each_item(items, convert, source=self.name)

    def _convert(
        self, where: str, record: object, subject_names: Mapping[str, str]
    ) -> Iterator[Event | Problem]:
        if not isinstance(record, Mapping):
            raise ItemError(f"{type(record).__name__} is not a conference entry")
        zone = deadline_timezone(record.get("timezone"))
        deadline = parse_deadline(record.get("deadline"), zone)
        abstract = parse_deadline(
            record.get("abstract_deadline"), zone, field_name="abstract_deadline"
        )
        start, end, note = _days(record)
        if note:
            yield Problem(source=self.name, where=where, message=note, field="end", kept=True)
        title = str(record.get("title") or "").strip()
        year = str(record.get("year") or "").strip()
        if year and year not in title:
            title = f"{title} {year}" if title else ""
        location, attendance = place_from_text(str(record.get("place") or ""))
        link = record.get("link") or None
        lines = [str(record.get(key)) for key in ("full_name", "note") if record.get(key)]
        if record.get("date"):
            lines.append(f"Dates: {record['date']}")
        if deadline is not None:
            lines.append(_describe_deadline("Paper deadline", deadline))
        if abstract is not None:
            lines.append(_describe_deadline("Abstract deadline", abstract))
        subjects = [subject_names.get(code, code) for code in _subjects(record.get("sub"))]
        found = _HREF.search(str(record.get("note") or ""))
        yield Event(
            title=title,
            start=start,
            end=end,
            description="\n".join(lines),
            url=link,
            kind=self.kind,
            topics=[*subjects, *self.topics],
            location=location,
            attendance=attendance,
            cfp=CallForPapers(url=found.group(1) if found else link, closes=deadline),
            features=["abstract_deadline"] if abstract is not None else [],
            source=self.name,
            source_id=str(record["id"]) if record.get("id") else None,
            source_urls=[link] if link else [],
        )


def _days(record: Mapping[str, Any]) -> tuple[dt.date, dt.date | None, str | None]:
    """First and last day, from ``start``/``end`` or else the free-text ``date``; and a note."""
    start = _day(record.get("start"), "start")
    end = _day(record.get("end"), "end")
    written = find_day_range(str(record.get("date") or ""))
    if start is None:
        if written is None:
            raise ItemError("no start and no readable 'date' text", field="start")
        return written[0], written[1], None
    if end is not None and end < start:
        if written is not None and written[0] == start:
            return start, written[1], None
        return start, None, f"end {end} is before start {start}; the end was dropped"
    return start, end, None


def _label(record: object) -> str:
    if isinstance(record, Mapping):
        return repr(str(record.get("id") or record.get("title") or "unnamed"))
    return "unnamed"
