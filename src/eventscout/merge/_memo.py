"""Dicts that work out a missing value once: the per-distinct-value caches of the reading stage.

``list(map(memo.__getitem__, values))`` looks every value up in C and calls Python only for a
value not seen before, which is what makes reading 100,000 events column by column cheap when
titles, places, days and URLs repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Generic, TypeVar

__all__ = ["Memo", "Numbering"]

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """``memo[key]`` is ``compute(key)``, worked out on first sight and kept."""

    def __init__(self, compute: Callable[[K], V]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: K) -> V:
        value = self[key] = self._compute(key)
        return value


class Numbering(dict[K, int], Generic[K]):
    """Numbers keys on first sight, 0, 1, 2...: ``numbering[key]`` is a key's number and
    ``numbering.keys_in_order[number]`` the key again.

    :meth:`numbers` numbers a whole column at once, looking every key up in C and touching only
    the keys not seen before in Python.
    """

    def __init__(self, keys: Iterable[K] = ()) -> None:
        super().__init__()
        self.keys_in_order: list[K] = []
        self.numbers(list(keys))

    def number(self, key: K) -> int:
        """The number of ``key``, numbered now if it is new."""
        found = self.get(key)
        if found is None:
            found = self[key] = len(self.keys_in_order)
            self.keys_in_order.append(key)
        return found

    def fresh(self, keys: Iterable[K | None]) -> list[K]:
        """The keys among ``keys`` not numbered yet (each once, in order of first sight; no
        None), numbered now."""
        new = [key for key in dict.fromkeys(keys) if key is not None and key not in self]
        start = len(self.keys_in_order)
        self.update(zip(new, range(start, start + len(new)), strict=True))
        self.keys_in_order += new
        return new

    def numbers(self, keys: list[K | None]) -> list[int]:
        """The number of every key (-1 for None), the new ones numbered in order of first sight."""
        self.fresh(keys)
        return list(map(self.get, keys, repeat(-1)))  # type: ignore[arg-type]
