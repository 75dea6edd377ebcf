"""Event items written as HTML microdata (``itemscope``/``itemtype``/``itemprop``).

Each element with ``itemscope`` and an Event ``itemtype`` is one item, also when it is nested in
another item (a band's ``event`` list). Its properties follow the WHATWG microdata rules: every
descendant with ``itemprop`` whose nearest enclosing item is this one, plus the elements named by
``itemref``; a property that is itself an item becomes a nested dict. Values come from the
attribute the element type prescribes (``meta@content``, ``a@href``, ``img@src``,
``time@datetime``, ...), else from a ``content`` attribute (widely used on ``span``), else from
the text. The result has the JSON-LD shape, so one mapping serves both syntaxes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from ._schemaorg import EVENT_TYPES, SchemaItem, is_event, schema_types

__all__ = ["microdata_items"]

_URL_ATTRIBUTE = {
    "a": "href", "area": "href", "link": "href",
    "audio": "src", "embed": "src", "iframe": "src", "img": "src", "source": "src",
    "track": "src", "video": "src",
    "object": "data",
}
_VALUE_ATTRIBUTE = {"meta": "content", "data": "value", "meter": "value", "time": "datetime"}
_MAX_DEPTH = 8


def _attribute(element: Tag, name: str) -> str:
    value = element.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _property_elements(root: Tag) -> Iterator[Tag]:
    """The elements carrying ``root``'s properties, in document order."""
    pending: list[Tag] = [child for child in root.children if isinstance(child, Tag)]
    document = root
    while document.parent is not None:
        document = document.parent
    for reference in _attribute(root, "itemref").split():
        referenced = document.find(id=reference)
        if isinstance(referenced, Tag):
            pending.append(referenced)
    pending.reverse()
    while pending:
        element = pending.pop()
        if element.has_attr("itemprop"):
            yield element
        if not element.has_attr("itemscope"):
            children = [child for child in element.children if isinstance(child, Tag)]
            pending.extend(reversed(children))


def _value(element: Tag, base: str, depth: int) -> Any:
    if element.has_attr("itemscope"):
        return _item(element, base, depth + 1) if depth < _MAX_DEPTH else None
    url_attribute = _URL_ATTRIBUTE.get(element.name)
    if url_attribute is not None:
        target = _attribute(element, url_attribute).strip()
        return urljoin(base, target) if target else ""
    value_attribute = _VALUE_ATTRIBUTE.get(element.name)
    if value_attribute is not None and element.has_attr(value_attribute):
        return _attribute(element, value_attribute)
    if element.has_attr("content"):
        return _attribute(element, "content")
    return element.get_text(" ", strip=True)


def _item(element: Tag, base: str, depth: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {}
    types = _attribute(element, "itemtype").split()
    if types:
        data["@type"] = types if len(types) > 1 else types[0]
    if element.has_attr("itemid"):
        data["@id"] = _attribute(element, "itemid")
    for prop in _property_elements(element):
        value = _value(prop, base, depth)
        for name in _attribute(prop, "itemprop").split():
            if name in data:
                previous = data[name]
                data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                data[name] = value
    return data


def microdata_items(soup: BeautifulSoup, base: str) -> list[SchemaItem]:
    """The Event items written as microdata in a parsed page; relative URLs resolved on ``base``."""
    items: list[SchemaItem] = []
    for element in soup.find_all(itemscope=True):
        if not isinstance(element, Tag):
            continue
        if not any(t in EVENT_TYPES for t in schema_types(_attribute(element, "itemtype"))):
            continue
        data = _item(element, base)
        if is_event(data):
            where = f"microdata item {len(items) + 1}"
            items.append(SchemaItem(syntax="microdata", data=data, where=where))
    return items
