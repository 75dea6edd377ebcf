"""Bundled sample sources, so ``make demo`` and the examples run offline and never go stale.

The sample files are written for a base year (2027). :class:`SampleSource` reads them through the
real adapters and then rolls every one-off event forward by whole years until it lies ahead of
``now``, so the demo shows a plausible year of upcoming events whenever it runs. Recurring series
need no rolling: they are expanded in the planning window like any feed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from ..model import Event, Problem
from ..sources.base import FetchContext
from ..sources.confstech import ConfsTechSource
from ..sources.ical import ICalSource

__all__ = ["BASE_YEAR", "SampleSource", "demo_config_path", "sample_path"]

#: the year the sample files are written for
BASE_YEAR = 2027

_ADAPTERS: dict[str, Any] = {"ical": ICalSource, "confstech": ConfsTechSource}


def sample_path(name: str) -> Path:
    """The filesystem path of a bundled sample file or folder."""
    with as_file(files(__name__).joinpath(name)) as path:
        return Path(path)


def demo_config_path() -> Path:
    """The bundled demo configuration: a sample profile and the sample sources."""
    return sample_path("demo.toml")


@frozen(kw_only=True)
class SampleSource:
    """A bundled sample file read by a real adapter, with one-off events rolled to upcoming years."""

    name: str
    file: str
    format: str = attrs.field(validator=attrs.validators.in_(sorted(_ADAPTERS)))

    def fetch(self, context: FetchContext) -> Iterator[Event | Problem]:
        adapter = _ADAPTERS[self.format](name=self.name, url=str(sample_path(self.file)))
        for item in adapter.fetch(context):
            if isinstance(item, Event) and not _is_occurrence(item):
                yield roll_forward(item, context.now)
            else:
                yield item


def _is_occurrence(event: Event) -> bool:
    """Instances of a recurring series carry their occurrence in the source id (uid/occurrence)."""
    return bool(event.source_id and "/" in event.source_id)


def _shift(value: Any, years: int) -> Any:
    if value is None or years == 0:
        return value
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February in a non-leap year
        return value.replace(year=value.year + years, day=28)


def roll_forward(event: Event, now: dt.datetime) -> Event:
    """The event moved by whole years so that it has not ended at ``now`` (and at most a year out)."""
    years = now.year - event.first_day.year - 1
    while _shift(event.end_instant(), years) <= now:
        years += 1
    if years == 0:
        return event
    fields = attrs.asdict(event, recurse=False)
    del fields["key"]  # a new edition: its identity follows its year
    fields["start"] = _shift(event.start, years)
    fields["end"] = _shift(event.end, years)
    fields["title"] = event.title.replace(str(event.first_day.year), str(event.first_day.year + years))
    fields["registration_deadline"] = _shift(event.registration_deadline, years)
    if event.cfp is not None:
        fields["cfp"] = attrs.evolve(event.cfp, closes=_shift(event.cfp.closes, years))
    return Event(**fields)
