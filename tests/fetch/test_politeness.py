"""robots.txt and the per-host pace and concurrency limit."""

from __future__ import annotations

import itertools
import threading

import attrs
import pytest

import faultserver as fs
from eventscout.errors import RobotsDisallowed
from eventscout.fetch import Fetcher, FetchSettings, HostGate, RobotsAnswer, origin_of
from faultserver import FaultServer


class FakeClock:
    """Time that passes only when the gate sleeps: every pause is seen and none is waited."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: eventscout\nDisallow: /no-bots/\n"


def _robots(server: FaultServer, body: bytes = ROBOTS) -> None:
    server.routes["/robots.txt"] = fs.document(body, content_type="text/plain", etag=False)


def test_origin_is_scheme_host_and_port() -> None:
    assert origin_of("HTTPS://Example.org:8443/a?b") == "https://example.org:8443"


def test_robots_rules_for_our_agent_are_obeyed(server: FaultServer, fetcher: Fetcher) -> None:
    _robots(server)
    server.routes["/open.ics"] = fs.document(fs.calendar(["o"]))
    server.routes["/no-bots/feed.ics"] = fs.document(fs.calendar(["x"]))
    assert fetcher.get(server.url("/open.ics")).status == 200
    with pytest.raises(RobotsDisallowed, match=r"robots\.txt") as caught:
        fetcher.get(server.url("/no-bots/feed.ics"), source="bots")
    assert caught.value.kind == "robots" and caught.value.source == "bots"
    assert server.hits["/no-bots/feed.ics"] == 0


def test_robots_txt_is_read_once_for_many_requests(server: FaultServer,
                                                   fetcher: Fetcher) -> None:
    _robots(server)
    for number in range(5):
        server.routes[f"/f{number}.ics"] = fs.document(fs.calendar([str(number)]))
    threads = [threading.Thread(target=fetcher.get, args=(server.url(f"/f{n}.ics"),))
               for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.hits["/robots.txt"] == 1


def test_obey_robots_false_fetches_anyway(server: FaultServer, settings: FetchSettings) -> None:
    _robots(server)
    server.routes["/no-bots/feed.ics"] = fs.document(fs.calendar(["x"]))
    with Fetcher(attrs.evolve(settings, obey_robots=False)) as fetcher:
        assert fetcher.get(server.url("/no-bots/feed.ics")).status == 200
    assert server.hits["/robots.txt"] == 0


@pytest.mark.parametrize(
    ("route", "allowed"),
    [(fs.status(404), True), (fs.status(410), True), (fs.status(503), False), (fs.reset, True)],
    ids=["404 allows", "410 allows", "503 forbids (RFC 9309)", "unreachable allows"],
)
def test_robots_txt_failures_follow_rfc_9309(server: FaultServer, fetcher: Fetcher,
                                             route: fs.Route, allowed: bool) -> None:
    server.routes["/robots.txt"] = route
    server.routes["/feed.ics"] = fs.document(fs.calendar(["f"]))
    if allowed:
        assert fetcher.get(server.url("/feed.ics")).status == 200
    else:
        with pytest.raises(RobotsDisallowed, match="503"):
            fetcher.get(server.url("/feed.ics"))


def test_crawl_delay_slows_requests_to_the_host(server: FaultServer,
                                                settings: FetchSettings) -> None:
    _robots(server, b"User-agent: *\nCrawl-delay: 0.3\n")
    server.routes["/a.ics"] = fs.document(b"a")
    clock = FakeClock()
    with Fetcher(settings, gate=HostGate(clock, clock.sleep)) as fetcher:
        starts = []
        for _ in range(3):
            fetcher.get(server.url("/a.ics"))
            starts.append(clock.now)
    assert starts == pytest.approx([0.0, 0.3, 0.6])
    assert server.hits["/a.ics"] == 3


def test_the_answer_parses_protego_rules() -> None:
    answer = RobotsAnswer.parse(ROBOTS.decode())
    assert answer.allows("https://e.org/public") and not answer.allows("https://e.org/no-bots/x")
    assert not RobotsAnswer(allow_all=False).allows("https://e.org/")


def test_the_gate_limits_concurrency_per_host() -> None:
    """Six requests per host, at most two in flight: each waits at a barrier of two inside the
    gate, which opens only when two are in flight together, and no count ever exceeds two."""
    gate = HostGate()
    in_flight = {"a": 0, "b": 0}
    peak = {"a": 0, "b": 0}
    lock = threading.Lock()
    pairs = {host: threading.Barrier(2, timeout=10) for host in "ab"}

    def request(host: str) -> None:
        gate.acquire(host, max_concurrency=2, min_delay=0)
        with lock:
            in_flight[host] += 1
            peak[host] = max(peak[host], in_flight[host])
        pairs[host].wait()
        with lock:
            in_flight[host] -= 1
        gate.release(host)

    threads = [threading.Thread(target=request, args=(host,)) for host in "ab" * 6]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == {"a": 2, "b": 2}
    assert not any(barrier.broken for barrier in pairs.values())


def test_the_gate_spaces_request_starts_and_pauses_a_host() -> None:
    clock = FakeClock()
    gate = HostGate(clock, clock.sleep)
    starts = []
    for _ in range(3):
        gate.acquire("h", max_concurrency=5, min_delay=0.05)
        starts.append(clock.now)
        gate.release("h")
    assert all(b - a == pytest.approx(0.05) for a, b in itertools.pairwise(starts))
    gate.pause("h", 0.2)
    before = clock.now
    gate.acquire("h", max_concurrency=5, min_delay=0)
    gate.release("h")
    assert clock.now - before == pytest.approx(0.2)
    gate.acquire("other", max_concurrency=5, min_delay=0)  # another host is not paused
    gate.release("other")
    assert clock.now - before == pytest.approx(0.2)
