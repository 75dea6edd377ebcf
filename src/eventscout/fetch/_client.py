"""The one fetcher every source adapter uses: HTTP(S) and local files through one shared session.

Adapters never build sessions of their own; they call :meth:`Fetcher.get` and receive a
:class:`Fetched` (bytes plus what is needed to decode them) or a :class:`~eventscout.errors.FetchError`
naming the URL and the fault (``kind``: timeout, connection, truncated, http, rate_limited,
too_large, redirects, robots, file). The fetcher puts together, once for every adapter:

* timeouts, an identifying User-Agent, a size cap enforced while reading (:mod:`._transport`,
  which also reads ``file://`` as a transport mounted on the session);
* retries with exponential backoff and jitter on connection errors, timeouts, truncated bodies,
  429 and 5xx, honouring ``Retry-After`` up to a cap (:mod:`._retry`, :mod:`._settings`);
* the HTTP cache: its policy (:mod:`._cache_policy`: a per-source refresh interval, conditional
  requests) over its storage (:mod:`._cache_storage`);
* robots.txt and a per-host pace and concurrency limit (:mod:`._politeness`);
* per-source accounting (requests, bytes, cache hits, notes) that the run report reads.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from attrs import evolve

from ..errors import FetchError, RobotsDisallowed
from . import _cache_policy as policy
from ._activity import FetchActivity, Tally
from ._document import (
    Fetched,
    charset_of,
    decode_text,
    is_remote,
    local_path,
    reading_note,
)
from ._politeness import HostGate, RobotsAnswer, RobotsRules, origin_of
from ._settings import FetchSettings

if TYPE_CHECKING:
    import requests
    from requests_cache import CachedResponse

    from ._cache_storage import HttpCache

__all__ = ["FetchActivity", "Fetcher"]

log = logging.getLogger(__name__)

_ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: parse at least 500 KiB


class Fetcher:
    """Fetches URLs and files for source adapters; one per run, shared by all sources and threads.

    ``settings`` are the run's; :meth:`configure_source` gives a source its own (timeouts, pace,
    refresh interval...). ``session`` replaces the HTTP session (tests mount their transports on
    it). ``sleep`` is how the pause before a retry is waited out, ``gate`` the per-host pace and
    limit (both replaceable, so tests see every pause without waiting). The HTTP cache is opened
    on the first HTTP request, so a run over local files never touches the cache directory.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        session: requests.Session | None = None,
        source_settings: Mapping[str, FetchSettings] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        gate: HostGate | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._session: requests.Session | None = session
        self._cache: HttpCache | None = None
        self._source_settings: dict[str, FetchSettings] = dict(source_settings or {})
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tallies: dict[str | None, Tally] = {}
        self.gate = gate or HostGate()
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
        """The session shared by every source (opened on first use): HTTP(S) and ``file://``."""
        with self._lock:
            if self._session is None:
                import requests  # loads with the first document, not with eventscout

                self._session = requests.Session()
                self._prepare(self._session)
            return self._session

    @property
    def cache(self) -> HttpCache | None:
        """The HTTP cache (opened on first use), or None when ``http_cache`` is off."""
        with self._lock:
            if self._cache is None and self.settings.http_cache:
                from ._cache_storage import HttpCache  # requests-cache loads only when used

                self._cache = HttpCache(self.settings.cache_dir)
            return self._cache

    def _prepare(self, session: requests.Session) -> None:
        from requests.adapters import HTTPAdapter

        from ._transport import FileAdapter

        session.headers["User-Agent"] = self.settings.user_agent
        session.max_redirects = self.settings.max_redirects
        pool = max(10, self.settings.max_workers)
        adapter = HTTPAdapter(pool_connections=pool, pool_maxsize=pool)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.mount("file://", FileAdapter())

    # -- settings and accounting --

    def configure_source(self, source: str, settings: FetchSettings) -> None:
        """Use ``settings`` for every request made on behalf of ``source``."""
        with self._lock:
            self._source_settings[source] = settings

    def settings_for(self, source: str | None) -> FetchSettings:
        with self._lock:
            return self._source_settings.get(source or "", self.settings)

    def _tally(self, source: str | None) -> Tally:
        with self._lock:
            return self._tallies.setdefault(source, Tally())

    def activity(self, source: str | None) -> FetchActivity:
        """What was fetched for ``source`` so far in this run."""
        return self._tally(source).freeze()

    def holds(self, documents: Mapping[str, str]) -> bool:
        """Whether the HTTP cache still holds these documents (URL: SHA-256 of the body), read
        from its index without opening the cache (:mod:`._cache_index`); False with the cache
        off."""
        if not self.settings.http_cache:
            return False
        from ._cache_index import holds

        return holds(self.settings.cache_dir, documents)

    def count_fresh(self, source: str | None, *, documents: int, bytes_saved: int,
                    notes: Sequence[str] = ()) -> None:
        """Count ``documents`` as served fresh from the cache, as :meth:`get` counts them, with
        the notes reading them gave (a decoding problem): the runner replays a source whose
        documents are all still fresh without reading them again (``runner/_replay.py``)."""
        tally = self._tally(source)
        tally.add(documents=documents, cache_hits=documents, bytes_saved=bytes_saved)
        for text in notes:
            log.warning("%s", text)
            tally.note(text)

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
        tally = self._tally(source)
        if not is_remote(url):
            fetched = self._get_file(url, source)
            tally.add(documents=1, bytes=len(fetched.content))
            return fetched
        fetched = self._get_http(url, source, self.settings_for(source), tally, headers)
        note = reading_note(url, fetched)
        if note:
            log.warning("%s", note)
            tally.note(note)
        return fetched

    def _get_file(self, location: str, source: str | None) -> Fetched:
        """A local file, through the ``file://`` transport: no cache, no robots.txt, no pace."""
        import requests

        from ._retry import failure_of
        from ._transport import capped_body

        uri = local_path(location).resolve().as_uri()
        hook = capped_body(self.settings_for(source).max_bytes, location, source)
        try:
            response = self.session.get(uri, stream=True, hooks={"response": [hook]})
        except requests.RequestException as error:
            raise failure_of(error, location, source) from error
        return _fetched(response, from_cache=False)

    def _get_http(
        self, url: str, source: str | None, settings: FetchSettings, tally: Tally,
        headers: Mapping[str, str] | None = None,
    ) -> Fetched:
        session = self.session
        cache = self.cache
        stored = cache.stored(url) if cache is not None else None
        tally.add(documents=1)
        interval = settings.refresh_interval
        if stored is not None:
            until = policy.fresh_until(stored.headers, policy.last_checked(stored), interval)
            if not settings.force_refresh and dt.datetime.now(dt.UTC) < until:
                tally.add(cache_hits=1, bytes_saved=len(stored.content))
                return _fetched(stored, from_cache=True, fresh_until=until)
        if settings.obey_robots:
            answer = self.robots.answer_for(url)
            if not answer.allows(url):
                raise RobotsDisallowed(
                    f"{answer.reason or 'robots.txt'} forbids fetching this URL for "
                    f"{settings.user_agent.split('/')[0]}", source=source, url=url, kind="robots",
                )
            if answer.crawl_delay and answer.crawl_delay > settings.min_delay:
                settings = evolve(settings, min_delay=answer.crawl_delay)
        validators = policy.conditional_headers(stored)
        response = self._request(session, url, source, settings, tally,
                                 {**(headers or {}), **validators})
        checked = dt.datetime.now(dt.UTC)
        if response.status_code == 304 and stored is not None and cache is not None:
            tally.add(not_modified=1, bytes_saved=len(stored.content))
            confirmed = cache.revalidated(url, stored, response)
            return _fetched(confirmed, from_cache=True,
                            fresh_until=policy.fresh_until(confirmed.headers, checked, interval))
        stored_now = cache is not None and cache.save(url, response)
        tally.add(bytes=len(response.content))
        return _fetched(response, from_cache=False, fresh_until=policy.fresh_until(
            response.headers, checked, interval) if stored_now else None)

    def _request(
        self,
        session: requests.Session,
        url: str,
        source: str | None,
        settings: FetchSettings,
        tally: Tally,
        headers: Mapping[str, str],
    ) -> requests.Response:
        """GET ``url`` through the host gate, retrying what is worth retrying; 4xx raise."""
        import requests

        from ._retry import FINAL_KINDS, RETRY_STATUSES, backoff, failure_of, retry_after_seconds
        from ._transport import capped_body

        origin = origin_of(url)
        hook = capped_body(settings.max_bytes, url, source)
        attempt = 0
        while True:
            pause: float | None = None
            self.gate.acquire(origin, max_concurrency=settings.max_concurrency,
                              min_delay=settings.min_delay)
            try:
                tally.add(requests=1)
                response = session.get(url, timeout=settings.timeout, stream=True,
                                       hooks={"response": [hook]}, headers=headers)
            except requests.RequestException as error:
                failure = failure_of(error, url, source)
                if failure.kind in FINAL_KINDS or attempt >= settings.retries:
                    raise failure from error
                log.info("%s: %s; retrying", url, failure)
            else:
                if response.status_code < 400:
                    return response
                status = response.status_code
                failure = FetchError(f"HTTP {status} {response.reason}", source=source,
                                     url=url, status=status, kind="http")
                if status not in RETRY_STATUSES:
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
            delay = backoff(settings, attempt)
            if pause is not None:
                delay = max(delay, pause)
            attempt += 1
            tally.retry(failure)
            self._sleep(delay)

    def _load_robots(self, origin: str) -> RobotsAnswer:
        url = f"{origin}/robots.txt"
        settings = _for_robots(self.settings)
        try:
            fetched = self._get_http(url, None, settings, Tally(), None)
        except FetchError as error:
            if error.status is not None and error.status >= 500:
                return RobotsAnswer(allow_all=False,
                                    reason=f"robots.txt answered HTTP {error.status} (RFC 9309)")
            if error.status is not None and 400 <= error.status < 500:
                return RobotsAnswer(allow_all=True, reason=f"no robots.txt (HTTP {error.status})")
            log.info("robots.txt of %s unreachable (%s); fetching anyway", origin, error)
            return RobotsAnswer(allow_all=True, reason=f"robots.txt unreachable: {error.kind}")
        return RobotsAnswer.parse(decode_text(fetched.content, fetched.encoding))


def _fetched(response: requests.Response | CachedResponse, *, from_cache: bool,
             fresh_until: dt.datetime | None = None) -> Fetched:
    return Fetched(
        url=response.url,
        content=response.content,
        status=response.status_code,
        headers=response.headers,
        encoding=charset_of(response.headers.get("Content-Type")),
        from_cache=from_cache,
        fresh_until=fresh_until,
    )


def _for_robots(settings: FetchSettings) -> FetchSettings:
    """robots.txt itself is fetched without a robots check, with one retry, at most 500 KiB."""
    return evolve(settings, retries=min(settings.retries, 1), obey_robots=False,
                  max_bytes=_ROBOTS_MAX_BYTES)
