"""Run every configured source and gather what they deliver (sequential first version)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from attrs import field, frozen

from .errors import SourceError
from .model import Event, Problem
from .sources.base import FetchContext, Source

__all__ = ["Collection", "collect"]

log = logging.getLogger(__name__)


@frozen(kw_only=True)
class Collection:
    """Everything a run gathered: the events, the per-item problems, and per-source failures."""

    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    report: Any = field(default=None)


def collect(
    sources: Sequence[Source], context: FetchContext, *, store: Any = None, **_options: Any
) -> Collection:
    """Fetch every source in order; a failing source becomes a Problem and the others go on."""
    events: list[Event] = []
    problems: list[Problem] = []
    for source in sources:
        try:
            for item in source.fetch(context):
                (events if isinstance(item, Event) else problems).append(item)  # type: ignore[arg-type]
        except SourceError as error:
            log.warning("source %s failed: %s", source.name, error)
            problems.append(Problem(source=source.name, where="source", message=str(error)))
    return Collection(events=tuple(events), problems=tuple(problems))
