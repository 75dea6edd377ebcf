"""Fixtures for the runner tests: the fault server, fast settings, a fetcher, a context."""

from fetch_fixtures import context, fetcher, server, settings

__all__ = ["context", "fetcher", "server", "settings"]
