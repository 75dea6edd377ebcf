"""The run report: what every source did in one run, as a table for people and JSON for scripts.

Statuses, one per source:

``ok``            fetched and read; at least one document was new or changed
``not_modified``  fetched and read; every document came from the cache or was confirmed unchanged
``failed``        could not deliver and no earlier events were stored
``skipped``       not fetched: robots.txt forbids it (and no earlier events were stored)
``stale``         could not deliver (or was skipped) this run, or delivered no events but reported
                  problems (fault ``empty``); the events it delivered at its last success
                  (``stale_since``) were delivered instead, from the store

The overall :class:`Outcome` says whether all, some or none of the sources succeeded (``ok`` or
``not_modified``); :attr:`RunReport.exit_code` maps it to the CLI's exit status 0, 3 or 4.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

from attrs import frozen

__all__ = ["Outcome", "RunReport", "SourceReport", "SourceRunStatus"]


class SourceRunStatus(enum.StrEnum):
    """What happened to one source in a run."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"
    SKIPPED = "skipped"
    STALE = "stale"

    @property
    def succeeded(self) -> bool:
        return self in (SourceRunStatus.OK, SourceRunStatus.NOT_MODIFIED)


class Outcome(enum.StrEnum):
    """Whether all, some or none of a run's sources succeeded."""

    ALL = "all"
    SOME = "some"
    NONE = "none"
    #: no source is configured at all: nothing was tried
    NOTHING = "nothing configured"

    @property
    def exit_code(self) -> int:
        """The CLI's exit status: 0 all succeeded, 3 some failed, 4 none succeeded, 5 no source
        is configured."""
        return {Outcome.ALL: 0, Outcome.SOME: 3, Outcome.NONE: 4, Outcome.NOTHING: 5}[self]


@frozen(kw_only=True)
class SourceReport:
    """One source's line in the run report."""

    name: str
    status: SourceRunStatus
    #: events delivered (for a stale source: the stored events delivered instead)
    items: int = 0
    #: items the source rejected (each one is a Problem in the collection)
    rejected: int = 0
    #: why items were rejected: the distinct messages, most frequent first, with their counts
    reasons: tuple[tuple[str, int], ...] = ()
    #: items kept with a note (a Problem with ``kept``), and the notes with their counts
    noted: int = 0
    noted_reasons: tuple[tuple[str, int], ...] = ()
    #: body bytes downloaded (or read from local files), and bytes the cache spared
    bytes: int = 0
    bytes_saved: int = 0
    seconds: float = 0.0
    requests: int = 0
    #: documents used from the cache without asking, and documents confirmed unchanged (304)
    cache_hits: int = 0
    not_modified: int = 0
    retries: int = 0
    #: the fault's short name (timeout, connection, truncated, http, rate_limited, too_large,
    #: redirects, robots, file, empty, error) and its message, when the source did not deliver
    fault: str | None = None
    error: str | None = None
    #: for a stale source: when it last succeeded
    stale_since: dt.datetime | None = None
    #: remarks that did not stop the source (e.g. "invalid utf-8 at byte 120")
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status.value,
            "items": self.items,
            "rejected": self.rejected,
            "reasons": [{"reason": reason, "count": count} for reason, count in self.reasons],
            "noted": self.noted,
            "noted_reasons": [{"reason": reason, "count": count}
                              for reason, count in self.noted_reasons],
            "bytes": self.bytes,
            "bytes_saved": self.bytes_saved,
            "seconds": round(self.seconds, 3),
            "requests": self.requests,
            "cache_hits": self.cache_hits,
            "not_modified": self.not_modified,
            "retries": self.retries,
            "fault": self.fault,
            "error": self.error,
            "stale_since": self.stale_since.isoformat() if self.stale_since else None,
            "notes": list(self.notes),
        }


@frozen(kw_only=True)
class RunReport:
    """Every source's report, in configured order, and the run as a whole."""

    sources: tuple[SourceReport, ...]
    started_at: dt.datetime
    seconds: float

    @property
    def outcome(self) -> Outcome:
        if not self.sources:
            return Outcome.NOTHING
        succeeded = sum(1 for s in self.sources if s.status.succeeded)
        if succeeded == len(self.sources):
            return Outcome.ALL
        return Outcome.NONE if succeeded == 0 else Outcome.SOME

    @property
    def exit_code(self) -> int:
        return self.outcome.exit_code

    def source(self, name: str) -> SourceReport:
        """The report of the source called ``name`` (KeyError when there is none)."""
        for report in self.sources:
            if report.name == name:
                return report
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at.isoformat(),
            "seconds": round(self.seconds, 3),
            "outcome": self.outcome.value,
            "exit_code": self.exit_code,
            "sources": [s.to_dict() for s in self.sources],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def render_table(self) -> str:
        """A plain-text table, one line per source, then a line per fault, note and stale source."""
        header = ("source", "status", "items", "rejected", "bytes", "cached", "time", "problem")
        rows = [header]
        for s in self.sources:
            problem = s.fault or ""
            if s.stale_since:
                problem = f"{problem}; last success {s.stale_since:%Y-%m-%d %H:%M} UTC".lstrip("; ")
            rows.append((
                s.name, s.status.value, str(s.items), str(s.rejected), _size(s.bytes),
                str(s.cache_hits + s.not_modified), f"{s.seconds:.2f}s", problem,
            ))
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                 for row in rows]
        for s in self.sources:
            if s.error:
                error = s.error.removeprefix(f"source {s.name!r}: ")
                tries = f" (after {s.retries} {'retry' if s.retries == 1 else 'retries'})"
                lines.append(f"{s.name}: {error}{tries if s.retries else ''}")
            lines.extend(f"{s.name}: rejected {count}× {reason}" for reason, count in s.reasons[:3])
            lines.extend(f"{s.name}: kept {count}× with a note: {reason}"
                         for reason, count in s.noted_reasons[:3])
            # a fault that was retried and then failed for good is said once, on the error line
            lines.extend(f"{s.name}: note: {note}" for note in s.notes
                         if not (s.error and note.split("; tried again")[0] in s.error))
        if not self.sources:
            lines.append("No sources are configured: add [[sources]] tables "
                         "(`eventscout init` writes a config with some).")
            return "\n".join(lines[1:])
        succeeded = sum(1 for s in self.sources if s.status.succeeded)
        lines.append(f"{succeeded} of {len(self.sources)} sources succeeded "
                     f"({self.outcome.value}) in {self.seconds:.2f}s")
        return "\n".join(lines)


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count / 1024 / 1024:.1f} MiB"
