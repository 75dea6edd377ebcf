"""The shared pause of the cyclic garbage collector (used by merge and rank)."""

from __future__ import annotations

import gc

import pytest

from eventscout._collector import collector_paused


def test_the_collector_is_off_inside_and_back_on_after_also_on_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
