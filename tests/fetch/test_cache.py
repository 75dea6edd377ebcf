"""The HTTP cache policy against a real loopback server: refresh interval, conditional requests,
forced refresh, and the server's Cache-Control."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest

import faultserver as fs
from eventscout.errors import FetchError
from eventscout.fetch import (
    CACHE_FILE,
    STORE_FOR,
    Fetcher,
    FetchSettings,
    conditional_headers,
    default_cache_dir,
    is_fresh,
)
from faultserver import FaultServer

BODY = fs.calendar(["c1", "c2"])


@attrs.frozen
class Stored:
    """A stored response as the policy sees it: its headers and its dates."""

    headers: Mapping[str, str]
    created_at: dt.datetime
    expires: dt.datetime | None


def test_the_policy_judges_freshness_by_the_time_it_is_given(now: dt.datetime) -> None:
    """The policy reads no clock and no storage: a stored answer, an interval and now."""
    checked = now - dt.timedelta(hours=2)
    plain = Stored(headers={}, created_at=checked, expires=checked + STORE_FOR)
    assert is_fresh(plain, 3 * 3600, now=now) and not is_fresh(plain, 3600, now=now)
    longer = attrs.evolve(plain, headers={"Cache-Control": "public, max-age=10800"})
    assert is_fresh(longer, 3600, now=now)  # the server's max-age outlasts the interval
    assert not is_fresh(attrs.evolve(plain, headers={"Cache-Control": "no-cache"}), 1e9, now=now)
    tagged = attrs.evolve(plain, headers={"ETag": '"v1"', "Last-Modified": "Fri, 01 Jan 2027"})
    assert conditional_headers(tagged) == {"If-None-Match": '"v1"',
                                           "If-Modified-Since": "Fri, 01 Jan 2027"}
    assert conditional_headers(plain) == {} and conditional_headers(None) == {}


def _twice(server: FaultServer, settings: FetchSettings, path: str = "/c.ics") -> Fetcher:
    """Fetch ``path`` with one fetcher, then return a second fetcher (a second run) after one get."""
    with Fetcher(settings) as first:
        assert not first.get(server.url(path), source="s").from_cache
    second = Fetcher(settings)
    second.get(server.url(path), source="s")
    return second


def test_inside_the_refresh_interval_nothing_is_asked(server: FaultServer,
                                                      settings: FetchSettings) -> None:
    server.routes["/c.ics"] = fs.document(BODY)
    with _twice(server, attrs.evolve(settings, refresh_interval=3600)) as second:
        activity = second.activity("s")
    assert server.hits["/c.ics"] == 1
    assert (activity.cache_hits, activity.requests, activity.bytes) == (1, 0, 0)
    assert activity.bytes_saved == len(BODY)


def test_after_the_interval_a_conditional_request_gets_304(server: FaultServer,
                                                           settings: FetchSettings) -> None:
    server.routes["/c.ics"] = fs.document(BODY)
    with _twice(server, attrs.evolve(settings, refresh_interval=0)) as second:
        fetched = second.get(server.url("/c.ics"), source="s")
        activity = second.activity("s")
    assert fetched.content == BODY and fetched.from_cache
    assert server.conditional["/c.ics"] == 2
    assert activity.not_modified == 2 and activity.bytes == 0


def test_a_changed_document_is_downloaded_again(server: FaultServer,
                                                settings: FetchSettings) -> None:
    server.routes["/c.ics"] = fs.document(BODY)
    with Fetcher(settings) as first:
        first.get(server.url("/c.ics"))
    changed = fs.calendar(["c1", "c2", "c3"])
    server.routes["/c.ics"] = fs.document(changed)
    with Fetcher(settings) as second:
        fetched = second.get(server.url("/c.ics"))
    assert fetched.content == changed and not fetched.from_cache


def test_a_forced_refresh_sends_conditional_requests_only(server: FaultServer,
                                                          settings: FetchSettings) -> None:
    server.routes["/c.ics"] = fs.document(BODY)
    forced = attrs.evolve(settings, refresh_interval=3600, force_refresh=True)
    with _twice(server, forced) as second:
        activity = second.activity("s")
    assert server.hits["/c.ics"] == 2 and server.conditional["/c.ics"] == 1
    assert activity.not_modified == 1


def test_without_a_validator_a_stale_document_is_downloaded_whole(
    server: FaultServer, settings: FetchSettings
) -> None:
    server.routes["/c.ics"] = fs.document(BODY, etag=False)
    with _twice(server, settings) as second:
        activity = second.activity("s")
    assert server.hits["/c.ics"] == 2 and server.conditional["/c.ics"] == 0
    assert activity.bytes == len(BODY)


@pytest.mark.parametrize(
    ("cache_control", "interval", "hits", "conditional"),
    [("no-store", 3600, 2, 0), ("no-cache", 3600, 2, 1), ("max-age=86400", 0, 1, 0)],
    ids=["no-store is never kept", "no-cache is revalidated inside the interval",
         "a max-age longer than the interval is honoured"],
)
def test_the_servers_cache_control_is_respected(
    server: FaultServer, settings: FetchSettings, cache_control: str, interval: int, hits: int,
    conditional: int,
) -> None:
    server.routes["/c.ics"] = fs.document(BODY, headers={"Cache-Control": cache_control})
    with _twice(server, attrs.evolve(settings, refresh_interval=interval)):
        pass
    assert (server.hits["/c.ics"], server.conditional["/c.ics"]) == (hits, conditional)


def test_errors_are_not_cached(server: FaultServer, settings: FetchSettings) -> None:
    server.routes["/c.ics"] = fs.sequence(fs.status(404), fs.document(BODY))
    with Fetcher(attrs.evolve(settings, refresh_interval=3600)) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.get(server.url("/c.ics"))
        assert caught.value.status == 404
        assert fetcher.get(server.url("/c.ics")).content == BODY


def test_the_cache_is_opened_only_for_http(tmp_path: Path, settings: FetchSettings) -> None:
    local = tmp_path / "feed.ics"
    local.write_bytes(BODY)
    with Fetcher(settings) as fetcher:
        assert fetcher.get(str(local)).content == BODY
    assert not Path(settings.cache_dir or "").exists()


def test_the_cache_lives_in_the_configured_or_user_cache_directory(
    server: FaultServer, settings: FetchSettings
) -> None:
    server.routes["/c.ics"] = fs.document(BODY)
    with Fetcher(settings) as fetcher:
        fetcher.get(server.url("/c.ics"))
    assert (Path(settings.cache_dir or "") / CACHE_FILE).is_file()
    assert default_cache_dir().name == "eventscout"
