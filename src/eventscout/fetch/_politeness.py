"""Being a good guest on other people's servers: robots.txt, a per-host pace, a per-host limit.

Two pieces, both shared by every source of a run through the one :class:`~eventscout.fetch.Fetcher`:

* :class:`HostGate` lets at most ``max_concurrency`` requests be in flight to one host (scheme,
  name and port) and starts them at least ``min_delay`` seconds apart. A server that answers 429 or
  503 with ``Retry-After`` pauses the whole host, not only the request that was told.
* :class:`RobotsRules` reads each site's robots.txt once per run (through the fetcher, so it is
  cached on disk like any document) and answers whether a URL may be fetched, with protego, the
  parser Scrapy uses. It follows RFC 9309: a missing robots.txt (4xx) allows everything; a server
  error (5xx) forbids everything until it is fixed. A robots.txt that cannot be reached at all
  (connection refused, timeout) allows the fetch: the document request then fails or succeeds on its
  own and the report names the real fault.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from attrs import frozen

if TYPE_CHECKING:
    from protego import Protego

__all__ = ["HostGate", "RobotsAnswer", "RobotsRules", "origin_of"]

log = logging.getLogger(__name__)

#: the product token matched against ``User-agent:`` lines in robots.txt
ROBOTS_AGENT = "eventscout"


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased: the unit robots.txt and politeness apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class _HostState:
    __slots__ = ("in_flight", "next_start")

    def __init__(self) -> None:
        self.in_flight = 0
        self.next_start = 0.0


class HostGate:
    """Per-host concurrency limit and minimum delay between request starts.

    Limits are given per request, so two sources with different settings on one host each get what
    they asked for: a request waits until fewer than *its* ``max_concurrency`` requests are in flight
    and *its* ``min_delay`` has passed since the previous start on that host.

    ``clock`` and ``sleep`` are the time the gate reads and the way it waits out a delay (a test
    passes a fake pair and sees every pause without waiting). Waiting for a free slot needs no
    clock: a finishing request wakes the waiters.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._condition = threading.Condition()
        self._hosts: dict[str, _HostState] = {}

    def acquire(self, origin: str, *, max_concurrency: int, min_delay: float) -> None:
        """Block until a request to ``origin`` may start, then count it as in flight."""
        while True:
            with self._condition:
                state = self._hosts.setdefault(origin, _HostState())
                while state.in_flight >= max_concurrency:
                    self._condition.wait()
                wait = state.next_start - self._clock()
                if wait <= 0:
                    state.in_flight += 1
                    state.next_start = self._clock() + min_delay
                    return
            self._sleep(wait)  # outside the lock; then look again (another may have started)

    def release(self, origin: str) -> None:
        """A request to ``origin`` finished."""
        with self._condition:
            self._hosts[origin].in_flight -= 1
            self._condition.notify_all()

    def pause(self, origin: str, seconds: float) -> None:
        """Start no request to ``origin`` for ``seconds`` (the host asked us to back off)."""
        with self._condition:
            state = self._hosts.setdefault(origin, _HostState())
            state.next_start = max(state.next_start, self._clock() + seconds)


@frozen(kw_only=True)
class RobotsAnswer:
    """What a site's robots.txt says, as far as eventscout needs it."""

    #: None when every URL is allowed (no robots.txt) or every URL is forbidden (``allow_all=False``)
    rules: Protego | None = None
    allow_all: bool = True
    #: why the rules are what they are, for the report ("robots.txt answered HTTP 503", ...)
    reason: str = ""

    def allows(self, url: str) -> bool:
        if self.rules is None:
            return self.allow_all
        return bool(self.rules.can_fetch(url, ROBOTS_AGENT))

    @property
    def crawl_delay(self) -> float | None:
        if self.rules is None:
            return None
        delay = self.rules.crawl_delay(ROBOTS_AGENT)
        return float(delay) if delay is not None else None

    @classmethod
    def parse(cls, text: str) -> RobotsAnswer:
        from protego import Protego  # loaded with the first robots.txt

        return cls(rules=Protego.parse(text), reason="robots.txt")


class RobotsRules:
    """robots.txt of every origin, read at most once per run and shared by all threads.

    ``load(origin)`` is the fetcher's function that downloads ``origin/robots.txt`` and turns the
    outcome into a :class:`RobotsAnswer`; concurrent callers for one origin wait for the first.
    """

    def __init__(self, load: Callable[[str], RobotsAnswer]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}
        self._answers: dict[str, RobotsAnswer] = {}

    def answer_for(self, url: str) -> RobotsAnswer:
        origin = origin_of(url)
        with self._lock:
            known = self._answers.get(origin)
            if known is not None:
                return known
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        with origin_lock:
            with self._lock:
                known = self._answers.get(origin)
            if known is None:
                known = self._load(origin)
                log.debug("robots.txt of %s: %s", origin, known.reason)
                with self._lock:
                    self._answers[origin] = known
            return known
