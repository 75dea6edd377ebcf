"""One declarative spec for every setting eventscout reads from TOML.

Each table a user writes (the profile, ``[fetch]``, ``[output]``, ``[[feeds]]``, a source's options) is
described once, as a :class:`Section` of :class:`Option`\\ s. An option names its key, the
:class:`Reader` that checks and converts its value, its default and what it means. From that one
description come both the strict loading (an unknown key names the file, the key and the nearest
known key; a wrong value names the file, the full key and what was expected) and the reference page
``docs/reference/config.md`` (:func:`render_reference`), which a test keeps in step with the code.

Durations have one dialect everywhere (:func:`parse_duration`): a string with a unit (``"500ms"``,
``"30s"``, ``"15m"``, ``"6h"``, ``"3d"``, ``"2w"``) or a bare number in the unit the option documents.
"""

from ._attrs import Given, attribute_docs, section_from_attrs
from ._readers import (
    Choice,
    Custom,
    Duration,
    Flag,
    Number,
    Reader,
    TableOf,
    Text,
    Texts,
    Where,
    expect_table,
    parse_duration,
    relative_path,
    type_name,
)
from ._sections import Option, Section, render_plain, render_reference

__all__ = [
    "Choice",
    "Custom",
    "Duration",
    "Flag",
    "Given",
    "Number",
    "Option",
    "Reader",
    "Section",
    "TableOf",
    "Text",
    "Texts",
    "Where",
    "attribute_docs",
    "expect_table",
    "parse_duration",
    "relative_path",
    "render_plain",
    "render_reference",
    "section_from_attrs",
    "type_name",
]
