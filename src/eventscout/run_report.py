"""The former home of the run report, kept so that ``from eventscout.run_report import ...`` goes on
working; it lives in :mod:`eventscout.runner` now."""

from .runner import Outcome, RunReport, SourceReport, SourceRunStatus

__all__ = ["Outcome", "RunReport", "SourceReport", "SourceRunStatus"]
