"""What the fetcher hands to adapters: a :class:`Fetched` document and how to decode its bytes.

Also the two questions every caller asks of a location: is it on the web (:func:`is_remote`), and
where on disk is it otherwise (:func:`local_path`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from attrs import field, frozen

__all__ = [
    "Fetched",
    "Headers",
    "charset_of",
    "decode_text",
    "decoding_problem",
    "is_remote",
    "is_text",
    "local_path",
]

log = logging.getLogger(__name__)


class Headers(Mapping[str, str]):
    """Response headers, read-only, looked up without regard to case (as HTTP says they are).

    A plain ``dict`` of a response's headers would answer ``headers["Content-Type"]`` only when the
    server wrote that exact spelling; servers (and HTTP/2) often send ``content-type``.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items: dict[str, tuple[str, str]] = {
            name.lower(): (name, value) for name, value in (items or {}).items()
        }

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (name for name, _value in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        other = other if isinstance(other, Headers) else Headers(other)
        return self._folded() == other._folded()

    def _folded(self) -> dict[str, str]:
        return {name: value for name, (_, value) in self._items.items()}

    def __hash__(self) -> int:
        return hash(frozenset(self._folded().items()))

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


def _headers(value: Mapping[str, str] | None) -> Headers:
    return value if isinstance(value, Headers) else Headers(value)


@frozen(kw_only=True)
class Fetched:
    """A fetched document: its bytes and what is needed to decode them."""

    url: str
    content: bytes
    status: int = 200
    #: the response's headers, looked up case-insensitively
    headers: Headers = field(factory=Headers, converter=_headers)
    #: charset announced by the transport (Content-Type), if any
    encoding: str | None = None
    from_cache: bool = False
    #: until when the HTTP cache will serve this document without asking the server again
    #: (None: it will not, e.g. a local file, an answer not stored, or the cache off)
    fresh_until: dt.datetime | None = None

    @property
    def text(self) -> str:
        """The content decoded: BOM, then announced charset, then UTF-8, then Windows-1252."""
        return decode_text(self.content, self.encoding)


def decode_text(content: bytes, encoding: str | None = None) -> str:
    """Decode bytes from the web the way browsers do in practice.

    A BOM wins, then the announced charset. Bytes that are not valid in the announced charset are
    replaced (U+FFFD), so the valid rest keeps its meaning; with no charset announced, UTF-8 is
    tried and Windows-1252 (the web's legacy default) read when it fails.
    """
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    if encoding:
        try:
            return content.decode(encoding, errors="replace")
        except LookupError:
            log.debug("unknown charset %r; guessing", encoding)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("windows-1252", errors="replace")


def reading_note(url: str, fetched: Fetched) -> str | None:
    """What reading ``fetched`` (asked as ``url``) notes for the run report: a text document not
    valid in its charset. None otherwise."""
    if not is_text(fetched.headers.get("Content-Type")):
        return None
    problem = decoding_problem(fetched.content, fetched.encoding)
    return f"{url}: {problem}" if problem else None


def decoding_problem(content: bytes, encoding: str | None) -> str | None:
    """A note when ``content`` is not valid in its charset (announced, else UTF-8), else None."""
    if content.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return None
    charset = encoding or "utf-8"
    try:
        content.decode(charset)
    except LookupError:
        return f"unknown charset {charset!r}; decoded as UTF-8 or Windows-1252"
    except UnicodeDecodeError as error:
        return (f"invalid {charset} at byte {error.start}: decoded with replacement characters"
                if encoding else "not valid UTF-8 and no charset announced: read as Windows-1252")
    return None


def is_remote(location: str) -> bool:
    """True for http(s) URLs, False for local paths and ``file://`` URLs."""
    return urlsplit(location).scheme.lower() in ("http", "https")


def local_path(location: str) -> Path:
    """The filesystem path of a local location (a plain path or a ``file://`` URL)."""
    parts = urlsplit(location)
    if parts.scheme.lower() == "file":
        from urllib.request import url2pathname  # urllib.request loads http.client: only here

        return Path(url2pathname(unquote(parts.path)))
    return Path(location)


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` value, if any."""
    if not content_type:
        return None
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def is_text(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` names text (so its charset is worth checking)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    return kind.startswith("text/") or kind.endswith(("+xml", "/xml", "json", "+json"))
