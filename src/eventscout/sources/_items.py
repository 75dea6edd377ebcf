"""Turning a source's items into events one by one, with a Problem for each item that fails.

The feed, dataset and API adapters all walk a list of items and must not let one malformed item
stop the rest: :func:`each_item` runs an item's converter, and turns an :class:`ItemError` (or a
``ValueError``/``TypeError`` the model raised at its boundary) into a
:class:`~eventscout.model.Problem` naming the source, the item and the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from ..errors import ItemError
from ..model import Event, Problem

__all__ = ["each_item"]

T = TypeVar("T")


def each_item(
    items: Iterable[tuple[str, T]],
    convert: Callable[[str, T], Iterable[Event | Problem]],
    *,
    source: str,
) -> Iterator[Event | Problem]:
    """Yield what ``convert(where, item)`` makes of each item; a failing item becomes a Problem.

    ``convert`` may yield a Problem of its own beside the event (a value it had to drop); its
    output is gathered before anything is yielded, so a failure never leaves half an item.
    """
    for where, item in items:
        try:
            results = list(convert(where, item))
        except ItemError as error:
            message = str(error).removeprefix(f"field {error.field!r}: ") if error.field else str(error)
            yield Problem(source=source, where=where, message=message, field=error.field)
        except (ValueError, TypeError) as error:
            yield Problem(source=source, where=where, message=str(error))
        else:
            yield from results
