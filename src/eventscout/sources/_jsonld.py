"""Event items in a page's JSON-LD ``<script type="application/ld+json">`` blocks.

A block may hold one object, an array, or an ``@graph``; events may sit at the top or inside
other nodes (an ``ItemList``'s elements, a ``superEvent``). Every object whose ``@type`` is an
Event type is one item, wherever it is. Nodes that only point to another node (``{"@id": ...}``,
as Yoast and The Events Calendar write ``location`` and ``organizer``) are replaced by the node
they name, when the page defines it.

A block that is not JSON becomes an :class:`~eventscout.errors.ItemError` naming the block; empty
blocks and blocks holding a bare value (``false``) are skipped quietly, as they hold no items.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import ItemError
from ._schemaorg import SchemaItem, is_event

__all__ = ["jsonld_items"]

log = logging.getLogger(__name__)

_WRAPPER = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_MAX_DEPTH = 12


def _nodes(value: object, depth: int = 0) -> Iterable[Mapping[str, Any]]:
    """Every JSON object inside ``value``, outer ones first."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, Mapping):
        yield value
        for child in value.values():
            yield from _nodes(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            yield from _nodes(child, depth + 1)


def _resolve(value: Any, index: Mapping[str, Mapping[str, Any]], depth: int = 0) -> Any:
    """``value`` with bare ``{"@id": ...}`` references replaced by the nodes they name."""
    if depth > 4:
        return value
    if isinstance(value, Mapping):
        node_id = value.get("@id")
        if set(value) == {"@id"} and isinstance(node_id, str) and node_id in index:
            value = index[node_id]
        return {key: _resolve(child, index, depth + 1) for key, child in value.items()}
    if isinstance(value, list):
        return [_resolve(child, index, depth + 1) for child in value]
    return value


def jsonld_items(blocks: Iterable[str]) -> tuple[list[SchemaItem], list[ItemError]]:
    """The Event items of a page's JSON-LD blocks (given as their texts, in page order)."""
    parsed: list[tuple[int, Any]] = []
    errors: list[ItemError] = []
    for number, text in enumerate(blocks, start=1):
        body = _WRAPPER.sub("", text).strip()
        if not body:
            log.debug("JSON-LD block %d is empty", number)
            continue
        try:
            parsed.append((number, json.loads(body, strict=False)))
        except ValueError as error:
            errors.append(ItemError(f"not valid JSON: {error}", where=f"JSON-LD block {number}"))
    index: dict[str, Mapping[str, Any]] = {}
    for _, document in parsed:
        for node in _nodes(document):
            node_id = node.get("@id")
            if isinstance(node_id, str) and len(node) > 1:
                index.setdefault(node_id, node)
    items: list[SchemaItem] = []
    for number, document in parsed:
        found = [node for node in _nodes(document) if is_event(node)]
        for position, node in enumerate(found, start=1):
            where = f"JSON-LD block {number}" + (f", item {position}" if len(found) > 1 else "")
            items.append(SchemaItem(syntax="json-ld", data=_resolve(node, index), where=where))
    return items, errors
