"""The one fetcher every source adapter uses: HTTP(S) through a shared session, local files too.

Adapters never build sessions of their own; they call :meth:`Fetcher.get` and receive a
:class:`Fetched` (bytes plus what is needed to decode them) or a :class:`~eventscout.errors.FetchError`
naming the URL and the fault (``kind``: timeout, connection, truncated, http, rate_limited,
too_large, redirects, robots, file). Everything a good citizen of the web needs lives here, once:

* timeouts, an identifying User-Agent, a response-size cap enforced while reading;
* retries with exponential backoff and jitter on connection errors, timeouts, truncated bodies,
  429 and 5xx, honouring ``Retry-After`` up to a cap (:mod:`eventscout.fetch_settings`);
* the HTTP cache with a per-source refresh interval (:mod:`eventscout.http_cache`);
* robots.txt and a per-host pace and concurrency limit (:mod:`eventscout.politeness`);
* per-source accounting (requests, bytes, cache hits, notes) that the run report reads.
"""

from __future__ import annotations

import collections
import email.utils
import logging
import random
import re
import stat
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlencode, urlsplit
from urllib.request import url2pathname

import requests
from attrs import evolve, field, frozen
from requests.adapters import HTTPAdapter

from .errors import FetchError, RobotsDisallowed
from .fetch_settings import USER_AGENT, FetchSettings
from .politeness import HostGate, RobotsAnswer, RobotsRules, origin_of

__all__ = [
    "USER_AGENT",
    "FetchActivity",
    "FetchSettings",
    "Fetched",
    "Fetcher",
    "decode_text",
    "is_remote",
]

if TYPE_CHECKING:
    from .http_cache import HttpCache

log = logging.getLogger(__name__)

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: parse at least 500 KiB


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
        return Path(url2pathname(unquote(parts.path)))
    return Path(location)


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _is_text(content_type: str | None) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    return kind.startswith("text/") or kind.endswith(("+xml", "/xml", "json", "+json"))


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


@frozen(kw_only=True)
class FetchActivity:
    """What the fetcher did for one source during a run: the run report's network columns."""

    requests: int = 0
    #: body bytes downloaded, or read from local files
    bytes: int = 0
    #: documents used from the cache without asking the server
    cache_hits: int = 0
    #: documents the server confirmed unchanged (304)
    not_modified: int = 0
    #: body bytes not downloaded thanks to the cache (fresh hits and 304s)
    bytes_saved: int = 0
    #: documents delivered: from the network, the cache or local files
    documents: int = 0
    retries: int = 0
    notes: tuple[str, ...] = ()


class _Tally:
    """The mutable counter behind a :class:`FetchActivity` while a source runs."""

    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        self.notes: list[str] = []
        self._lock = threading.Lock()

    def add(self, **amounts: int) -> None:
        with self._lock:
            self.counts.update(amounts)

    def note(self, text: str) -> None:
        with self._lock:
            self.notes.append(text)

    def freeze(self) -> FetchActivity:
        with self._lock:
            return FetchActivity(**self.counts, notes=tuple(self.notes))


def _capped_body(limit: int, url: str, source: str | None) -> Callable[..., requests.Response]:
    """A response hook that reads the body while the request is sent, refusing more than ``limit``.

    It runs inside ``Session.send`` for every response of a redirect chain too, so an oversized
    body is never read whole and fails with kind ``too_large``; a cut-short body fails there and
    is retried like any transport fault.
    """

    def hook(response: requests.Response, **_kwargs: Any) -> requests.Response:
        if response._content_consumed:
            return response
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            response.close()
            raise FetchError(f"response of {declared} bytes is over the {limit}-byte limit",
                             source=source, url=url, status=response.status_code, kind="too_large")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                response.close()
                raise FetchError(f"response is over the {limit}-byte limit", source=source,
                                 url=url, status=response.status_code, kind="too_large")
            chunks.append(chunk)
        response._content = b"".join(chunks)
        return response

    return hook


class Fetcher:
    """Fetches URLs and files for source adapters; one per run, shared by all sources and threads.

    ``settings`` are the run's; :meth:`configure_source` gives a source its own (timeouts, pace,
    refresh interval...). ``session`` replaces the HTTP session (tests mount their transports on
    it). The HTTP cache is opened on the first HTTP request, so a run over local files never
    touches the cache directory.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        session: requests.Session | None = None,
        source_settings: Mapping[str, FetchSettings] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._session: requests.Session | None = session
        self._cache: HttpCache | None = None
        self._source_settings: dict[str, FetchSettings] = dict(source_settings or {})
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tallies: dict[str | None, _Tally] = {}
        self.gate = HostGate()
        self.robots = RobotsRules(self._load_robots)
        if session is not None:
            self._prepare(session)

    # -- lifecycle --

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        if self._cache is not None:
            self._cache.close()

    @property
    def session(self) -> requests.Session:
        """The HTTP session shared by every source (opened on first use)."""
        with self._lock:
            if self._session is None:
                self._session = requests.Session()
                self._prepare(self._session)
            return self._session

    @property
    def cache(self) -> HttpCache | None:
        """The HTTP cache (opened on first use), or None when ``http_cache`` is off."""
        with self._lock:
            if self._cache is None and self.settings.http_cache:
                from .http_cache import HttpCache  # requests-cache loads only when used

                self._cache = HttpCache(self.settings.cache_dir)
            return self._cache

    def _prepare(self, session: requests.Session) -> None:
        session.headers["User-Agent"] = self.settings.user_agent
        session.max_redirects = self.settings.max_redirects
        pool = max(10, self.settings.max_workers)
        adapter = HTTPAdapter(pool_connections=pool, pool_maxsize=pool)
        session.mount("http://", adapter)
        session.mount("https://", adapter)

    # -- settings and accounting --

    def configure_source(self, source: str, settings: FetchSettings) -> None:
        """Use ``settings`` for every request made on behalf of ``source``."""
        with self._lock:
            self._source_settings[source] = settings

    def settings_for(self, source: str | None) -> FetchSettings:
        with self._lock:
            return self._source_settings.get(source or "", self.settings)

    def _tally(self, source: str | None) -> _Tally:
        with self._lock:
            return self._tallies.setdefault(source, _Tally())

    def activity(self, source: str | None) -> FetchActivity:
        """What was fetched for ``source`` so far in this run."""
        return self._tally(source).freeze()

    def take_activity(self, source: str | None) -> FetchActivity:
        """What was fetched for ``source``, and start counting again from zero."""
        with self._lock:
            tally = self._tallies.pop(source, None)
        return tally.freeze() if tally else FetchActivity()

    # -- fetching --

    def get(
        self, url: str, *, source: str | None = None,
        headers: Mapping[str, str] | None = None, params: Mapping[str, str] | None = None,
    ) -> Fetched:
        """Return the document at ``url`` (http, https, file or a path) or raise FetchError.

        ``params`` are added to the URL's query (so they are part of its cache key); ``headers``
        are sent with the request (an API's ``Authorization``; never logged).
        """
        if params:
            url = f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(params)}"
        if not is_remote(url):
            fetched = self._read_file(url, source)
            self._tally(source).add(documents=1, bytes=len(fetched.content))
            return fetched
        settings = self.settings_for(source)
        tally = self._tally(source)
        fetched = self._get_http(url, source, settings, tally, headers)
        if _is_text(fetched.headers.get("Content-Type")):
            problem = decoding_problem(fetched.content, fetched.encoding)
            if problem:
                log.warning("%s: %s", url, problem)
                tally.note(f"{url}: {problem}")
        return fetched

    def _read_file(self, location: str, source: str | None) -> Fetched:
        path = local_path(location)
        limit = self.settings_for(source).max_bytes
        try:
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):
                raise FetchError("not a regular file", source=source, url=location, kind="file")
            size = status.st_size
            if size > limit:
                raise FetchError(
                    f"file is {size} bytes, over the {limit}-byte limit",
                    source=source, url=location, kind="too_large",
                )
            content = path.read_bytes()
        except OSError as error:
            if isinstance(error, FetchError):
                raise
            raise FetchError(
                f"cannot read file: {error.strerror or error}", source=source, url=location,
                kind="file",
            ) from error
        return Fetched(url=path.resolve().as_uri(), content=content)

    def _get_http(
        self, url: str, source: str | None, settings: FetchSettings, tally: _Tally,
        headers: Mapping[str, str] | None = None,
    ) -> Fetched:
        session = self.session
        cache = self.cache
        stored = cache.stored(url) if cache is not None else None
        tally.add(documents=1)
        if (
            stored is not None and cache is not None and not settings.force_refresh
            and cache.is_fresh(stored, settings.refresh_interval)
        ):
            tally.add(cache_hits=1, bytes_saved=len(stored.content))
            return self._fetched(stored, from_cache=True)
        if settings.obey_robots:
            answer = self.robots.answer_for(url)
            if not answer.allows(url):
                raise RobotsDisallowed(
                    f"{answer.reason or 'robots.txt'} forbids fetching this URL for "
                    f"{settings.user_agent.split('/')[0]}", source=source, url=url, kind="robots",
                )
            if answer.crawl_delay and answer.crawl_delay > settings.min_delay:
                settings = evolve(settings, min_delay=answer.crawl_delay)
        validators = cache.conditional_headers(stored) if cache is not None else {}
        response = self._request(session, url, source, settings, tally,
                                 {**(headers or {}), **validators})
        if response.status_code == 304 and stored is not None and cache is not None:
            tally.add(not_modified=1, bytes_saved=len(stored.content))
            return self._fetched(cache.revalidated(url, stored, response), from_cache=True)
        if cache is not None:
            cache.save(url, response)
        tally.add(bytes=len(response.content))
        return self._fetched(response, from_cache=False)

    @staticmethod
    def _fetched(response: requests.Response, *, from_cache: bool) -> Fetched:
        return Fetched(
            url=response.url,
            content=response.content,
            status=response.status_code,
            headers=dict(response.headers),
            encoding=_charset(response.headers.get("Content-Type")),
            from_cache=from_cache,
        )

    def _request(
        self,
        session: requests.Session,
        url: str,
        source: str | None,
        settings: FetchSettings,
        tally: _Tally,
        headers: Mapping[str, str],
    ) -> requests.Response:
        """GET ``url`` through the host gate, retrying what is worth retrying; 4xx raise."""
        origin = origin_of(url)
        limit = settings.max_bytes
        attempt = 0
        while True:
            pause: float | None = None
            self.gate.acquire(origin, max_concurrency=settings.max_concurrency,
                              min_delay=settings.min_delay)
            try:
                tally.add(requests=1)
                response = session.get(
                    url, timeout=settings.timeout, stream=True,
                    hooks={"response": [_capped_body(limit, url, source)]}, headers=headers,
                )
            except requests.RequestException as error:
                failure = _failure(error, url, source)
                if failure.kind == "redirects" or attempt >= settings.retries:
                    raise failure from error
                log.info("%s: %s; retrying", url, failure)
            else:
                if response.status_code < 400:
                    return response
                status = response.status_code
                failure = FetchError(f"HTTP {status} {response.reason}", source=source,
                                     url=url, status=status, kind="http")
                if status not in _RETRY_STATUSES:
                    raise failure
                pause = retry_after_seconds(response.headers.get("Retry-After"))
                if pause is not None and pause > settings.retry_after_max:
                    raise FetchError(
                        f"HTTP {status}: the server asks to wait {pause:.0f} s, more than the "
                        f"{settings.retry_after_max:.0f} s allowed (retry_after_max)",
                        source=source, url=url, status=status, kind="rate_limited",
                    )
                if attempt >= settings.retries:
                    if status == 429:
                        failure.kind = "rate_limited"
                    raise failure
                if pause is not None:
                    self.gate.pause(origin, pause)
            finally:
                self.gate.release(origin)
            tally.note(f"{failure}; retried")
            delay = _backoff(settings, attempt)
            if pause is not None:
                delay = max(delay, pause)
            attempt += 1
            tally.add(retries=1)
            self._sleep(delay)

    def _load_robots(self, origin: str) -> RobotsAnswer:
        url = f"{origin}/robots.txt"
        settings = _for_robots(self.settings)
        try:
            fetched = self._get_http(url, None, settings, _Tally(), None)
        except FetchError as error:
            if error.status is not None and error.status >= 500:
                return RobotsAnswer(allow_all=False,
                                    reason=f"robots.txt answered HTTP {error.status} (RFC 9309)")
            if error.status is not None and 400 <= error.status < 500:
                return RobotsAnswer(allow_all=True, reason=f"no robots.txt (HTTP {error.status})")
            log.info("robots.txt of %s unreachable (%s); fetching anyway", origin, error)
            return RobotsAnswer(allow_all=True, reason=f"robots.txt unreachable: {error.kind}")
        return RobotsAnswer.parse(decode_text(fetched.content, fetched.encoding))


def _for_robots(settings: FetchSettings) -> FetchSettings:
    """robots.txt itself is fetched without a robots check, with one retry, at most 500 KiB."""
    return evolve(settings, retries=min(settings.retries, 1), obey_robots=False,
                  max_bytes=_ROBOTS_MAX_BYTES)


def _backoff(settings: FetchSettings, attempt: int) -> float:
    """Exponential backoff with "equal jitter": half fixed, half random, so retries spread out."""
    ceiling = min(settings.backoff_max, settings.backoff * (2**attempt))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def _failure(error: requests.RequestException, url: str, source: str | None) -> FetchError:
    if isinstance(error, FetchError):
        return error
    cause = error.__context__
    if isinstance(cause, FetchError):  # raised by the body hook inside requests
        return cause
    if isinstance(error, requests.TooManyRedirects):
        return FetchError("too many redirects (a redirect loop?)", source=source, url=url,
                          kind="redirects")
    if isinstance(error, requests.Timeout):
        return FetchError("timed out", source=source, url=url, kind="timeout")
    if isinstance(error, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        return FetchError(f"the response was cut short: {error}", source=source, url=url,
                          kind="truncated")
    if isinstance(error, requests.ConnectionError):
        return FetchError(f"connection failed: {error}", source=source, url=url, kind="connection")
    return FetchError(f"request failed: {error}", source=source, url=url, kind="error")
