"""The fetch settings' former home, kept so that ``from eventscout.fetch_settings import ...``
goes on working; they live in :mod:`eventscout.fetch` now."""

from .fetch._settings import GLOBAL_ONLY, PROJECT_URL, USER_AGENT, FetchSettings, parse_duration

__all__ = ["GLOBAL_ONLY", "PROJECT_URL", "USER_AGENT", "FetchSettings", "parse_duration"]
