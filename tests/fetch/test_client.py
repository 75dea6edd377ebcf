"""The fetcher itself: retries and backoff, Retry-After, size cap, charsets, files, User-Agent."""

from __future__ import annotations

import email.utils
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import attrs
import pytest

import faultserver as fs
from eventscout.errors import FetchError
from eventscout.fetch import (
    Fetched,
    Fetcher,
    FetchSettings,
    decode_text,
    decoding_problem,
    retry_after_seconds,
)
from faultserver import FaultServer


def _recording_fetcher(settings: FetchSettings) -> tuple[Fetcher, list[float]]:
    pauses: list[float] = []
    return Fetcher(settings, sleep=pauses.append), pauses


def test_5xx_is_retried_with_growing_jittered_backoff(server: FaultServer,
                                                      settings: FetchSettings) -> None:
    server.routes["/x"] = fs.status(502)
    fetcher, pauses = _recording_fetcher(
        attrs.evolve(settings, retries=4, backoff=0.1, backoff_max=0.4))
    with fetcher, pytest.raises(FetchError, match="502") as caught:
        fetcher.get(server.url("/x"), source="s")
    assert caught.value.kind == "http" and caught.value.status == 502
    assert server.hits["/x"] == 5 and len(pauses) == 4
    ceilings = [0.1, 0.2, 0.4, 0.4]
    assert all(c / 2 <= p <= c for p, c in zip(pauses, ceilings, strict=True))
    assert fetcher.activity("s").retries == 4


def test_4xx_is_not_retried(server: FaultServer, settings: FetchSettings) -> None:
    fetcher, pauses = _recording_fetcher(settings)
    with fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/missing"))
    assert caught.value.status == 404 and pauses == [] and server.hits["/missing"] == 1


def test_retry_after_is_honoured(server: FaultServer, settings: FetchSettings) -> None:
    server.routes["/x"] = fs.sequence(fs.status(429, {"Retry-After": "1"}), fs.document(b"ok"))
    fetcher, pauses = _recording_fetcher(attrs.evolve(settings, retry_after_max=2))
    with fetcher:
        assert fetcher.get(server.url("/x")).content == b"ok"
    assert pauses and pauses[0] >= 1.0


def test_a_retry_after_over_the_cap_fails_at_once(server: FaultServer,
                                                  settings: FetchSettings) -> None:
    server.routes["/x"] = fs.status(429, {"Retry-After": "600"})
    fetcher, pauses = _recording_fetcher(settings)
    with fetcher, pytest.raises(FetchError, match="600 s") as caught:
        fetcher.get(server.url("/x"))
    assert caught.value.kind == "rate_limited" and pauses == []


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("120") == 120
    later = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 <= (retry_after_seconds(later) or 0) <= 61
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_the_size_cap_stops_reading(server: FaultServer, settings: FetchSettings) -> None:
    server.routes["/big"] = fs.huge(5 * 1024 * 1024, declare_length=False)
    with Fetcher(attrs.evolve(settings, max_bytes=1024 * 1024)) as fetcher, \
            pytest.raises(FetchError, match="limit") as caught:
        fetcher.get(server.url("/big"))
    assert caught.value.kind == "too_large"


def test_the_user_agent_names_us_and_a_project_url(server: FaultServer, fetcher: Fetcher) -> None:
    seen: list[str] = []

    def route(handler: BaseHTTPRequestHandler) -> None:
        seen.append(handler.headers.get("User-Agent", ""))
        fs.send(handler, 200, b"hi", content_type="text/plain")

    server.routes["/ua"] = route
    fetcher.get(server.url("/ua"))
    assert seen[0].startswith("eventscout/") and "(+https://" in seen[0]


def test_invalid_utf8_is_a_note_not_a_failure(server: FaultServer, fetcher: Fetcher) -> None:
    server.routes["/bad"] = fs.document(b"caf\xe9 ok", content_type="text/plain; charset=utf-8")
    fetched = fetcher.get(server.url("/bad"), source="s")
    assert fetched.text == "caf\ufffd ok"
    assert "invalid utf-8" in fetcher.activity("s").notes[0]


def test_lower_case_headers_are_found_and_the_charset_checked(server: FaultServer,
                                                               fetcher: Fetcher) -> None:
    """HTTP header names are case-insensitive: a server writing ``content-type`` still gets its
    charset read and checked (a plain dict of the headers missed it)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        body = b"caf\xe9 ok"
        handler.send_response(200)
        handler.send_header("content-type", "text/plain; charset=utf-8")
        handler.send_header("content-length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.routes["/lower"] = route
    fetched = fetcher.get(server.url("/lower"), source="s")
    assert fetched.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert fetched.encoding == "utf-8" and "content-type" in fetched.headers
    assert "invalid utf-8" in fetcher.activity("s").notes[0]


def test_fetched_headers_are_case_insensitive_and_read_only() -> None:
    fetched = Fetched(url="https://e.org/", content=b"", headers={"ETag": '"x"'})
    assert fetched.headers["etag"] == fetched.headers.get("ETAG") == '"x"'
    assert list(fetched.headers) == ["ETag"] and fetched.headers == {"etag": '"x"'}
    assert not hasattr(fetched.headers, "__setitem__")
    assert hash(fetched) == hash(Fetched(url="https://e.org/", content=b"", headers={"etag": '"x"'}))


@pytest.mark.parametrize(
    ("raw", "charset", "text"),
    [(b"\xef\xbb\xbfcaf\xc3\xa9", "iso-8859-1", "café"), (b"caf\xe9", "iso-8859-1", "café"),
     (b"caf\xc3\xa9", None, "café"), (b"caf\xe9", None, "café"), (b"caf\xe9", "utf-8", "caf\ufffd"),
     (b"caf\xc3\xa9", "no-such-charset", "café")],
)
def test_decoding_follows_bom_then_charset_then_guesses(raw: bytes, charset: str | None,
                                                        text: str) -> None:
    assert decode_text(raw, charset) == text


def test_decoding_problems_are_described() -> None:
    assert decoding_problem(b"fine", None) is None
    assert "Windows-1252" in (decoding_problem(b"caf\xe9", None) or "")
    assert "byte 3" in (decoding_problem(b"caf\xe9", "utf-8") or "")


def test_files_and_file_urls_go_through_the_same_call(tmp_path: Path, fetcher: Fetcher) -> None:
    path = tmp_path / "a b.ics"
    path.write_bytes(b"BEGIN:VCALENDAR")
    assert fetcher.get(str(path)).content == b"BEGIN:VCALENDAR"
    assert fetcher.get(path.as_uri()).url == path.as_uri()
    with pytest.raises(FetchError) as caught:
        fetcher.get(str(tmp_path / "missing.ics"), source="s")
    assert caught.value.kind == "file" and caught.value.source == "s"


def test_a_folder_is_not_read_as_a_file(tmp_path: Path, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="not a regular file") as caught:
        fetcher.get(tmp_path.as_uri(), source="s")
    assert caught.value.kind == "file" and caught.value.url == tmp_path.as_uri()


def test_files_are_read_by_a_transport_mounted_on_the_session(tmp_path: Path,
                                                               fetcher: Fetcher) -> None:
    """file:// is routed like http:// (``Session.mount``), so a test can mount its own."""
    from eventscout.fetch import FileAdapter

    assert isinstance(fetcher.session.get_adapter("file:///x"), FileAdapter)
    seen: list[str] = []

    class Recording(FileAdapter):
        def send(self, request, **kwargs):  # type: ignore[no-untyped-def, override]
            seen.append(str(request.url))
            return super().send(request, **kwargs)

    fetcher.session.mount("file://", Recording())
    path = tmp_path / "x.ics"
    path.write_bytes(b"X")
    assert fetcher.get(str(path)).content == b"X" and seen == [path.as_uri()]


def test_a_file_over_the_cap_is_refused(tmp_path: Path, settings: FetchSettings) -> None:
    path = tmp_path / "big.ics"
    path.write_bytes(b"x" * 2048)
    with Fetcher(attrs.evolve(settings, max_bytes=1024)) as fetcher, \
            pytest.raises(FetchError, match="limit") as caught:
        fetcher.get(str(path))
    assert caught.value.kind == "too_large"


def test_per_source_settings_apply_to_that_source_only(server: FaultServer,
                                                       settings: FetchSettings) -> None:
    server.routes["/x"] = fs.status(500)
    fetcher, _pauses = _recording_fetcher(settings)
    fetcher.configure_source("patient", attrs.evolve(settings, retries=4))
    with fetcher:
        for source in ("patient", "other"):
            with pytest.raises(FetchError):
                fetcher.get(server.url("/x"), source=source)
    assert fetcher.take_activity("patient").retries == 4
    assert fetcher.take_activity("other").retries == settings.retries
    assert fetcher.take_activity("other").retries == 0  # taken: counting starts again
