"""The one fetcher every source adapter uses: HTTP(S) through a shared ``requests.Session``, and
local files through the same call.

Adapters never build sessions of their own; they call :meth:`Fetcher.get` and receive a
:class:`Fetched` (bytes plus what is needed to decode them) or a :class:`~eventscout.errors.FetchError`
naming the URL and the fault. Timeouts, the User-Agent and the response-size cap live here, in
:class:`FetchSettings`, so they are set once for every source.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import requests
from attrs import field, frozen

from ._version import __version__
from .errors import FetchError

__all__ = ["Fetched", "FetchSettings", "Fetcher", "decode_text", "is_remote"]

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/eventscout/eventscout"
USER_AGENT = f"eventscout/{__version__} (+{PROJECT_URL})"


@frozen(kw_only=True)
class FetchSettings:
    """How the fetcher talks to the web. Every value has a documented default."""

    #: seconds to wait for a connection
    connect_timeout: float = 10.0
    #: seconds to wait between bytes of a response
    read_timeout: float = 30.0
    #: the User-Agent sent with every request; says who we are and where to read about us
    user_agent: str = USER_AGENT
    #: the largest response accepted, in bytes; larger ones fail with kind "too_large"
    max_bytes: int = 20 * 1024 * 1024


@frozen(kw_only=True)
class Fetched:
    """A fetched document: its bytes and what is needed to decode them."""

    url: str
    content: bytes
    status: int = 200
    headers: Mapping[str, str] = field(factory=dict)
    #: charset announced by the transport (Content-Type), if any
    encoding: str | None = None
    from_cache: bool = False

    @property
    def text(self) -> str:
        """The content decoded: BOM, then announced charset, then UTF-8, then Windows-1252."""
        return decode_text(self.content, self.encoding)


def decode_text(content: bytes, encoding: str | None = None) -> str:
    """Decode bytes from the web the way browsers do in practice (BOM wins, then the header)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    for candidate in (encoding, "utf-8"):
        if not candidate:
            continue
        try:
            return content.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return content.decode("windows-1252", errors="replace")


def is_remote(location: str) -> bool:
    """True for http(s) URLs, False for local paths and ``file://`` URLs."""
    return urlsplit(location).scheme.lower() in ("http", "https")


def local_path(location: str) -> Path:
    """The filesystem path of a local location (a plain path or a ``file://`` URL)."""
    parts = urlsplit(location)
    if parts.scheme.lower() == "file":
        return Path(url2pathname(unquote(parts.path)))
    return Path(location)


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


class Fetcher:
    """Fetches URLs and files for source adapters; one per run, shared by all sources."""

    def __init__(
        self, settings: FetchSettings | None = None, *, session: requests.Session | None = None
    ) -> None:
        self.settings = settings or FetchSettings()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.settings.user_agent

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    def get(self, url: str, *, source: str | None = None) -> Fetched:
        """Return the document at ``url`` (http, https, file or a path) or raise FetchError."""
        if not is_remote(url):
            return self._read_file(url, source)
        return self._get_http(url, source)

    def _read_file(self, location: str, source: str | None) -> Fetched:
        path = local_path(location)
        try:
            size = path.stat().st_size
            if size > self.settings.max_bytes:
                raise FetchError(
                    f"file is {size} bytes, over the {self.settings.max_bytes}-byte limit",
                    source=source, url=location, kind="too_large",
                )
            content = path.read_bytes()
        except OSError as error:
            raise FetchError(
                f"cannot read file: {error.strerror or error}", source=source, url=location,
                kind="file",
            ) from error
        return Fetched(url=path.resolve().as_uri(), content=content)

    def _get_http(self, url: str, source: str | None) -> Fetched:
        limit = self.settings.max_bytes
        try:
            with self.session.get(
                url,
                timeout=(self.settings.connect_timeout, self.settings.read_timeout),
                stream=True,
            ) as response:
                if response.status_code >= 400:
                    raise FetchError(
                        f"HTTP {response.status_code} {response.reason}",
                        source=source, url=url, status=response.status_code, kind="http",
                    )
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchError(
                        f"response of {declared} bytes is over the {limit}-byte limit",
                        source=source, url=url, status=response.status_code, kind="too_large",
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(
                            f"response is over the {limit}-byte limit",
                            source=source, url=url, status=response.status_code, kind="too_large",
                        )
                    chunks.append(chunk)
                return Fetched(
                    url=response.url,
                    content=b"".join(chunks),
                    status=response.status_code,
                    headers=dict(response.headers),
                    encoding=_charset(response.headers.get("Content-Type")),
                    from_cache=bool(getattr(response, "from_cache", False)),
                )
        except requests.Timeout as error:
            raise FetchError("timed out", source=source, url=url, kind="timeout") from error
        except requests.TooManyRedirects as error:
            raise FetchError("too many redirects", source=source, url=url, kind="redirects") from error
        except requests.ConnectionError as error:
            raise FetchError(f"connection failed: {error}", source=source, url=url,
                             kind="connection") from error
        except requests.RequestException as error:
            raise FetchError(f"request failed: {error}", source=source, url=url,
                             kind="error") from error
