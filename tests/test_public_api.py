"""The public surface is exactly what ``eventscout.__all__`` names (as httpx keeps it honest)."""

from __future__ import annotations

import types

import eventscout


def test_all_is_sorted_and_unique() -> None:
    assert list(eventscout.__all__) == sorted(set(eventscout.__all__))


def test_all_is_exactly_the_public_namespace() -> None:
    public = {
        name for name, value in vars(eventscout).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(eventscout.__all__) - {"__version__"}


def test_every_exported_name_resolves() -> None:
    for name in eventscout.__all__:
        assert getattr(eventscout, name) is not None


def test_version_comes_from_package_metadata() -> None:
    from importlib.metadata import version

    assert eventscout.__version__ == version("eventscout")


def test_every_error_derives_from_the_root() -> None:
    errors = [getattr(eventscout, n) for n in eventscout.__all__ if n.endswith(("Error", "Disallowed", "NotFound"))]
    assert errors
    for error in errors:
        assert issubclass(error, eventscout.EventscoutError)
