"""Turning a source's items into events one by one, with a Problem for each item that fails.

The feed, dataset and API adapters all read a document (:func:`read_json`) and walk a list of items and must not let one malformed item
stop the rest: :func:`each_item` runs an item's converter, and turns an :class:`ItemError` (or a
``ValueError``/``TypeError`` the model raised at its boundary) into a
:class:`~eventscout.model.Problem` naming the source, the item and the field.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ..errors import ItemError, SourceError
from ..fetch import decode_text
from ..model import Event, Problem

__all__ = ["each_item", "read_json"]

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


def read_json(content: bytes, shape: type[Any], expected: str, *, source: str, origin: str) -> Any:
    """The JSON document in ``content`` (any Unicode encoding), which must be of ``shape``
    (``list``, ``Mapping``); a :class:`SourceError` naming ``origin`` otherwise, since a source
    whose whole document is wrong delivers nothing."""
    try:
        document = json.loads(decode_text(content))
    except json.JSONDecodeError as error:
        raise SourceError(f"not JSON: {error}", source=source, url=origin) from None
    if not isinstance(document, shape):
        raise SourceError(f"expected {expected}", source=source, url=origin)
    return document
