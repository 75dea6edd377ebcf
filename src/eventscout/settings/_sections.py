"""Options and sections of the settings spec, and how they are rendered for people."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from attrs import field, frozen

from ._readers import Reader, Where

__all__ = ["Option", "Section", "render_plain", "render_reference"]


# -- options and sections -----------------------------------------------------------------------


@frozen(kw_only=True)
class Option:
    """One key of a table: how it is read, its default as shown to people, and what it means."""

    key: str
    reader: Reader
    doc: str
    default: str = ""
    #: the attribute the value is stored under (default: the key)
    attribute: str | None = None

    @property
    def target(self) -> str:
        return self.attribute or self.key


@frozen(kw_only=True)
class Section:
    """A table of options: ``[output]``, ``[[feeds]]``, the profile, a source's options."""

    #: the table as it is written in a config file, e.g. ``[output]``
    title: str
    doc: str
    options: tuple[Option, ...]
    #: how an unknown key is called in errors ("profile key", "feed key", "fetch setting")
    noun: str = "key"
    by_key: Mapping[str, Option] = field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "by_key", {option.key: option for option in self.options})

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.by_key)

    def first_unknown(self, keys: Iterable[str], *, extra: Sequence[str] = ()) -> str | None:
        """The first of ``keys`` this section does not know, with a hint of the nearest known key:
        ``"'ur'; did you mean 'url'? (expected one of: ...)"``; None when all are known."""
        known = (*self.by_key, *extra)
        for key in keys:
            if key not in known:
                hint = difflib.get_close_matches(key, known, n=1)
                suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
                return f"{key!r}{suggestion} (expected one of: {', '.join(sorted(known))})"
        return None

    def check_keys(self, keys: Iterable[str], where: Where, *, extra: Sequence[str] = ()) -> None:
        """Fail on the first key this section does not know, naming the nearest known one."""
        for key in keys:
            problem = self.first_unknown([key], extra=extra)
            if problem is not None:
                raise where.at(key).fail(f"unknown {self.noun} {problem}")

    def read(self, data: Mapping[str, Any], where: Where, *, extra: Sequence[str] = ()
             ) -> dict[str, Any]:
        """The values of ``data`` by attribute name, each checked; ``extra`` keys are let through."""
        self.check_keys(data, where, extra=extra)
        return {option.target: option.reader(data[option.key], where.at(option.key))
                for option in self.options if option.key in data}


# -- the reference page -------------------------------------------------------------------------


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_reference(sections: Iterable[Section]) -> str:
    """Markdown tables, one per section: every key, what it takes, its default, what it does."""
    parts: list[str] = []
    for section in sections:
        parts.append(f"### `{section.title}`\n\n{' '.join(section.doc.split())}\n")
        parts.append("| key | value | default | meaning |\n|---|---|---|---|")
        for option in section.options:
            default = f"`{option.default}`" if option.default else "—"
            parts.append(f"| `{option.key}` | {_cell(option.reader.describe)} | {_cell(default)} "
                         f"| {_cell(option.doc)} |")
        parts.append("")
    return "\n".join(parts)


def render_plain(section: Section) -> str:
    """The section as terminal text: each key, what it takes and its default, then its meaning."""
    lines = [f"{section.title}: {' '.join(section.doc.split())}".rstrip(": "), ""]
    for option in section.options:
        default = f" (default: {option.default})" if option.default else ""
        lines.append(f"  {option.key}: {option.reader.describe}{default}")
        if option.doc:
            lines.append(f"      {' '.join(option.doc.split())}")
    return "\n".join(lines)
