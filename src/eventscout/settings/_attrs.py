"""Sections read off attrs classes: a source adapter's options, with its ``#:`` docs."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from ._readers import Where
from ._sections import Option, Section

__all__ = ["Given", "attribute_docs", "section_from_attrs"]


# -- sections read off attrs classes (source adapters) ----------------------------------------------


@frozen
class Given:
    """A value passed on as written, for a class whose own converters check it; ``describe`` says
    what it takes."""

    text: str

    @property
    def describe(self) -> str:
        return self.text

    def __call__(self, value: object, where: Where) -> object:
        return value


def attribute_docs(cls: type) -> dict[str, str]:
    """The ``#:`` comments written above each attribute of ``cls``'s body, by attribute name.

    This is the convention Sphinx reads; reading it here lets the reference and
    ``eventscout sources NAME`` show an adapter's options without a second copy of their docs.
    """
    import ast
    import inspect
    import textwrap

    try:
        lines = textwrap.dedent(inspect.getsource(cls)).splitlines()
    except (OSError, TypeError):
        return {}
    docs: dict[str, str] = {}
    tree = ast.parse("\n".join(lines))
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    for node in body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            comments: list[str] = []
            row = node.lineno - 2
            while row >= 0 and lines[row].strip().startswith("#:"):
                comments.insert(0, lines[row].strip()[2:].strip())
                row -= 1
            if comments:
                docs[node.target.id] = " ".join(comments)
    return docs


def _describe_annotation(annotation: object) -> str:
    """Words for a field's type as a TOML writer sees it."""
    text = str(getattr(annotation, "__name__", annotation)).replace("typing.", "")
    optional = text.endswith("| None") or text.startswith("None |")
    core = text.replace("| None", "").replace("None |", "").strip()
    words = {
        "str": "a string", "int": "a whole number", "float": "a number", "bool": "true or false",
        "tuple[str, ...]": "a list of strings (or one string)",
        "EventKind": "an event kind (conference, meetup, workshop, ...)",
        "dt.tzinfo": "an IANA time zone such as Europe/Berlin",
        "zoneinfo.ZoneInfo": "an IANA time zone such as Europe/Berlin",
        "dt.time": "a time such as 18:30",
    }.get(core)
    if words is None:
        words = "a table" if core.startswith(("Mapping", "dict")) else f"a {core}"
    return f"{words}, optional" if optional else words


def section_from_attrs(cls: type, *, title: str, doc: str, skip: Sequence[str] = ("name",),
                       documented: bool = True) -> Section:
    """A section listing the init arguments of attrs class ``cls``: type, default and ``#:`` doc.

    The values pass through unchanged (:class:`Given`): the class's own converters and validators
    check them when it is built, so there is one check, not two. ``documented=False`` leaves the
    docs out: reading the ``#:`` comments parses the class's source, which checking the names of
    the options a configuration gives does not need.
    """
    import attrs

    docs = attribute_docs(cls) if documented else {}
    options = []
    for attribute in attrs.fields(cls):
        if attribute.name in skip or not attribute.init:
            continue
        if attribute.default is attrs.NOTHING:
            default = "required"
        elif isinstance(attribute.default, attrs.Factory):  # type: ignore[arg-type]
            default = ""
        else:
            value = attribute.default
            if isinstance(value, bool):
                default = str(value).lower()
            else:
                default = "" if value in (None, (), "") else str(getattr(value, "value", value))
        options.append(Option(
            key=attribute.alias or attribute.name,
            reader=Given(_describe_annotation(attribute.type)),
            doc=docs.get(attribute.name, ""),
            default=default,
        ))
    return Section(title=title, doc=doc, options=tuple(options), noun="option")
