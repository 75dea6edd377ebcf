"""Contacts from the files people already have: vCards and LinkedIn's connections export.

Both readers return ``(contacts, problems)``: a malformed card, row or line becomes a
:class:`~eventscout.model.Problem` naming the file and the line, and reading goes on, because one
bad entry in an export of 2,000 must not cost the other 1,999.

* :func:`read_vcards`: ``.vcf`` files of vCard 3.0 or 4.0 (RFC 6350), several cards per file, folded
  lines (a line starting with a space or tab continues the one before), grouped properties
  (``item1.EMAIL``) and escaped text (``\\,`` ``\\;`` ``\\n``). FN (or N) gives the name; EMAIL, ORG,
  TITLE, URL and CATEGORIES (as topics) the rest.
* :func:`read_linkedin_connections`: ``Connections.csv`` as LinkedIn exports it, with its "Notes:"
  lines before the header ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``
  and dates like ``07 Dec 2026``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

from ..model import Problem
from ._contacts import Contact

__all__ = ["read_linkedin_connections", "read_vcards"]

_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[^:]*)?):(?P<value>.*)$")
LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                   "Connected On")


def _read_text(path: Path, source: str) -> tuple[str | None, list[Problem]]:
    try:
        return path.read_text(encoding="utf-8-sig"), []
    except OSError as error:
        return None, [Problem(source=source, where=str(path), message=f"cannot read: {error.strerror}")]
    except UnicodeDecodeError as error:
        return None, [Problem(source=source, where=str(path),
                              message=f"not UTF-8 text (byte {error.start})")]


def _unfolded(text: str) -> Iterator[tuple[int, str]]:
    """(first physical line number, logical line) pairs, folded lines joined."""
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:1] in (" ", "\t") and current:
            current.append(line[1:])
            continue
        if current:
            yield start, "".join(current)
        current, start = [line], number
    if current:
        yield start, "".join(current)


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _split(value: str, separator: str) -> list[str]:
    """Split on unescaped ``separator``, then unescape each part."""
    return [_unescape(part) for part in re.split(rf"(?<!\\){re.escape(separator)}", value)]


def _card_contact(fields: dict[str, list[str]]) -> Contact:
    name = _unescape(fields["FN"][0]).strip() if fields.get("FN") else ""
    if not name and fields.get("N"):
        family, given, *_ = [*_split(fields["N"][0], ";"), "", ""]
        name = f"{given} {family}".strip()
    topics: list[str] = []
    for value in fields.get("CATEGORIES", ()):
        topics.extend(part.strip().casefold() for part in _split(value, ","))
    first = {key: _unescape(values[0]).strip() or None for key, values in fields.items() if values}
    company = _split(fields["ORG"][0], ";")[0].strip() or None if fields.get("ORG") else None
    return Contact(name=name, email=first.get("EMAIL"), company=company, role=first.get("TITLE"),
                   url=first.get("URL"), topics=tuple(topics))


def read_vcards(path: str | Path) -> tuple[list[Contact], list[Problem]]:
    """The contacts of a ``.vcf`` file and the problems met (file and line named)."""
    file = Path(path)
    text, problems = _read_text(file, "vcard")
    if text is None:
        return [], problems
    contacts: list[Contact] = []
    fields: dict[str, list[str]] | None = None
    begun = 0

    def problem(line: int, message: str) -> None:
        problems.append(Problem(source="vcard", where=f"{file}:{line}", message=message))

    for number, line in _unfolded(text):
        if not line.strip():
            continue
        match = _PROPERTY.match(line)
        if match is None:
            problem(number, f"not a vCard line: {line[:60]!r}")
            continue
        name, value = match.group("name").upper(), match.group("value")
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if fields is not None:
                problem(begun, "card has no END:VCARD; skipped")
            fields, begun = {}, number
        elif name == "END" and value.strip().upper() == "VCARD":
            if fields is None:
                problem(number, "END:VCARD without BEGIN:VCARD")
                continue
            version = (fields.get("VERSION") or [""])[0].strip()
            if version not in ("3.0", "4.0"):
                problem(begun, f"vCard version {version or 'missing'}; only 3.0 and 4.0 are read")
            else:
                try:
                    contacts.append(_card_contact(fields))
                except ValueError as error:
                    problem(begun, f"card skipped: {error}")
            fields = None
        elif fields is None:
            problem(number, f"{name} outside a card")
        else:
            fields.setdefault(name, []).append(value)
    if fields is not None:
        problem(begun, "card has no END:VCARD; skipped")
    return contacts, problems


def _connected_on(text: str) -> dt.date:
    return dt.datetime.strptime(text.strip(), "%d %b %Y").date()


def read_linkedin_connections(path: str | Path) -> tuple[list[Contact], list[Problem]]:
    """The contacts of LinkedIn's ``Connections.csv`` and the problems met (file and line named);
    ``Connected On`` becomes the contact's ``since``."""
    file = Path(path)
    text, problems = _read_text(file, "linkedin")
    if text is None:
        return [], problems
    lines = text.splitlines(keepends=True)
    header_at = next((i for i, line in enumerate(lines)
                      if line.strip().startswith("First Name,Last Name")), None)
    if header_at is None:
        problems.append(Problem(source="linkedin", where=f"{file}:1",
                                message="no header line 'First Name,Last Name,...' found"))
        return [], problems
    reader = csv.reader(io.StringIO("".join(lines[header_at:])))
    header = [cell.strip() for cell in next(reader)]
    missing = [column for column in LINKEDIN_HEADER if column not in header]
    if missing:
        problems.append(Problem(source="linkedin", where=f"{file}:{header_at + 1}",
                                message=f"header lacks {', '.join(missing)}"))
        return [], problems
    contacts: list[Contact] = []
    previous_end = 1
    for row in reader:
        first_line = header_at + previous_end + 1
        previous_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        where = f"{file}:{first_line}"
        if len(row) != len(header):
            problems.append(Problem(source="linkedin", where=where,
                                    message=f"{len(row)} fields where the header has {len(header)}"))
            continue
        cells = {column: cell.strip() for column, cell in zip(header, row, strict=True)}
        name = f"{cells['First Name']} {cells['Last Name']}".strip()
        if not name:
            problems.append(Problem(source="linkedin", where=where, message="no name"))
            continue
        try:
            since = _connected_on(cells["Connected On"]) if cells["Connected On"] else None
        except ValueError:
            problems.append(Problem(source="linkedin", where=where, field="Connected On",
                                    message=f"{cells['Connected On']!r} is not a date like 07 Dec 2026"))
            continue
        contacts.append(Contact(name=name, email=cells["Email Address"] or None,
                                company=cells["Company"] or None, role=cells["Position"] or None,
                                url=cells["URL"] or None, since=since))
    return contacts, problems
