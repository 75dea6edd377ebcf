"""What sits under the session: a transport for ``file://`` and the size cap on every body.

Local files take the same road as HTTP (requests' ``Session.mount(prefix, adapter)``): the
fetcher mounts :class:`FileAdapter` on ``file://``, so one call reads both, through the same
size cap, and tests can mount their own transports the same way.

:func:`capped_body` is the response hook that reads a body while the request is being sent and
refuses more than the limit. It runs inside ``Session.send`` for every response of a redirect
chain too, so an oversized body is never read whole. It uses only the public surface of requests
and urllib3: it reads ``response.raw`` and puts the bytes back as a new ``raw`` (a urllib3
response over them), which ``response.content`` then reads.
"""

from __future__ import annotations

import io
import stat
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from urllib3 import HTTPResponse
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

from ..errors import FetchError
from ._document import local_path

__all__ = ["FileAdapter", "FileFault", "capped_body"]

_CHUNK = 64 * 1024


class FileFault(requests.RequestException):
    """A local file cannot be read; the fetcher reports it as a fault of kind ``file``."""

    def __init__(self, detail: str, *, url: str) -> None:
        self.detail = detail
        super().__init__(f"{detail} ({url})")


class FileAdapter(BaseAdapter):
    """A requests transport that answers ``GET file://...`` from the filesystem.

    The body is left in the file (``raw``) for the size cap to read; its ``Content-Length`` is the
    file's size, so an oversized file is refused before a byte is read. Anything but a regular file
    (a folder, a FIFO, a device) is refused, so a read can never block or run without end.
    """

    def send(
        self, request: requests.PreparedRequest, stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True, cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        url = str(request.url)
        path = local_path(url)
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise FileFault("not a regular file", url=url)
            handle = path.open("rb")
        except OSError as error:
            raise FileFault(f"cannot read file: {error.strerror or error}", url=url) from error
        response = requests.Response()
        response.status_code = 200
        response.reason = "OK"
        response.url = url
        response.request = request
        response.headers = CaseInsensitiveDict({"Content-Length": str(info.st_size)})
        response.raw = handle  # read when the content is asked for (or by the size cap)
        return response

    def close(self) -> None:
        """Nothing to release: every file is closed once read."""


class _ReadBody(HTTPResponse):
    """A body the size cap has read (and decoded) already, in place of the wire's ``raw``.

    A urllib3 response, as ``raw`` is for HTTP, so that requests and the cache storage read it as
    they read any; without ``Content-Encoding``, since its bytes are decoded already.
    """

    @classmethod
    def holding(cls, body: bytes, response: requests.Response) -> _ReadBody:
        headers = {name: value for name, value in response.headers.items()
                   if name.lower() != "content-encoding"}
        return cls(body=io.BytesIO(body), headers=headers, status=response.status_code,
                   reason=response.reason, request_url=response.url, preload_content=False,
                   decode_content=False)


def _chunks(raw: Any) -> Iterator[bytes]:
    """The body in chunks: urllib3's decoded stream for HTTP, plain reads for a file."""
    if hasattr(raw, "stream"):
        try:
            yield from raw.stream(_CHUNK, decode_content=True)
        except ProtocolError as error:  # the same translation as requests' iter_content
            raise requests.exceptions.ChunkedEncodingError(error) from error
        except DecodeError as error:
            raise requests.exceptions.ContentDecodingError(error) from error
        except ReadTimeoutError as error:
            raise requests.exceptions.ConnectionError(error) from error
        except SSLError as error:
            raise requests.exceptions.SSLError(error) from error
        return
    try:
        while chunk := raw.read(_CHUNK):
            yield chunk
    finally:
        raw.close()


def capped_body(limit: int, url: str, source: str | None) -> Callable[..., requests.Response]:
    """A response hook that reads the whole body now, refusing more than ``limit`` bytes.

    A declared ``Content-Length`` over the limit fails before reading; a body that grows past it
    fails as soon as it does (kind ``too_large``). A cut-short body raises the requests error
    that the fetcher retries like any transport fault.
    """

    def hook(response: requests.Response, **_kwargs: Any) -> requests.Response:
        raw = response.raw
        if raw is None or isinstance(raw, _ReadBody):  # no body, or read already
            return response
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            response.close()
            raise FetchError(f"a body of {declared} bytes is over the {limit}-byte limit",
                             source=source, url=url, status=response.status_code, kind="too_large")
        chunks: list[bytes] = []
        size = 0
        for chunk in _chunks(raw):
            size += len(chunk)
            if size > limit:
                response.close()
                raise FetchError(f"the body is over the {limit}-byte limit", source=source,
                                 url=url, status=response.status_code, kind="too_large")
            chunks.append(chunk)
        response.raw = _ReadBody.holding(b"".join(chunks), response)
        return response

    return hook
