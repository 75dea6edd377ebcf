"""The feed server, over real HTTP on 127.0.0.1: validators, 304, tokens, traversal, bad lines."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from eventscout.feeds.server import MAX_REQUEST_LINE, make_app

FEED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nEND:VCALENDAR\r\n"
SECRET_FEED = FEED.replace(b"test", b"secret-content")
TOKEN = "s3cr3t-token-with-enough-entropy-0123456789"


@pytest.fixture
def feed_dir(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    (out / "private").mkdir(parents=True)
    (out / "public.ics").write_bytes(FEED)
    (out / "index.html").write_bytes(b"<!DOCTYPE html><title>feeds</title>")
    (out / "private" / "mine.ics").write_bytes(SECRET_FEED)
    (tmp_path / "outside.ics").write_bytes(b"OUTSIDE-SECRET")
    (out / "notes.txt").write_bytes(b"not a feed")
    return out


def raw(base: str, request: bytes) -> bytes:
    """Send bytes as they are (no client normalises the path) and read the whole answer."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_feed_served_with_type_and_validators_and_304(serve_dir, feed_dir):
    base = serve_dir(feed_dir)
    first = requests.get(f"{base}/public.ics", timeout=10)
    assert first.status_code == 200
    assert first.content == FEED
    assert first.headers["Content-Type"] == "text/calendar; charset=utf-8"
    etag = first.headers["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    assert first.headers["Last-Modified"].endswith("GMT")
    again = requests.get(f"{base}/public.ics", headers={"If-None-Match": etag}, timeout=10)
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    since = requests.get(
        f"{base}/public.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]},
        timeout=10,
    )
    assert since.status_code == 304
    other = requests.get(f"{base}/public.ics", headers={"If-None-Match": '"other"'}, timeout=10)
    assert other.status_code == 200


def test_etag_follows_content_changes(serve_dir, feed_dir):
    base = serve_dir(feed_dir)
    etag = requests.get(f"{base}/public.ics", timeout=10).headers["ETag"]
    (feed_dir / "public.ics").write_bytes(FEED.replace(b"test", b"changed"))
    changed = requests.get(f"{base}/public.ics", headers={"If-None-Match": etag}, timeout=10)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_index_and_head(serve_dir, feed_dir):
    base = serve_dir(feed_dir)
    page = requests.get(f"{base}/", timeout=10)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    head = requests.head(f"{base}/public.ics", timeout=10)
    assert head.status_code == 200
    assert head.headers["Content-Length"] == str(len(FEED))
    assert head.content == b""


def test_other_methods_are_refused(serve_dir, feed_dir):
    base = serve_dir(feed_dir)
    answer = requests.post(f"{base}/public.ics", data=b"x", timeout=10)
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "GET, HEAD"


def test_private_feed_needs_its_token(serve_dir, feed_dir):
    base = serve_dir(feed_dir, tokens={"mine": TOKEN})
    ok = requests.get(f"{base}/mine.ics", params={"token": TOKEN}, timeout=10)
    assert ok.status_code == 200
    assert ok.content == SECRET_FEED
    assert ok.headers["Cache-Control"].startswith("private")
    for params in ({}, {"token": ""}, {"token": TOKEN[:-1]}, {"token": TOKEN + "x"},
                   {"token": "wrong"}):
        refused = requests.get(f"{base}/mine.ics", params=params, timeout=10)
        assert refused.status_code == 404, params
        assert b"secret-content" not in refused.content
    # the private directory is never served as such, with or without the token
    for path in ("/private/mine.ics", f"/private/mine.ics?token={TOKEN}", "/private/"):
        answer = raw(base, f"GET {path} HTTP/1.0\r\n\r\n".encode())
        assert status_of(answer) == 404, path
        assert b"secret-content" not in answer


def test_a_missing_and_a_wrong_token_look_like_a_missing_feed(serve_dir, feed_dir):
    base = serve_dir(feed_dir, tokens={"mine": TOKEN})
    wrong = requests.get(f"{base}/mine.ics", params={"token": "x" * 43}, timeout=10)
    absent = requests.get(f"{base}/nothing-here.ics", timeout=10)
    assert (wrong.status_code, wrong.content) == (absent.status_code, absent.content)


@pytest.mark.parametrize("path", [
    "/../outside.ics",
    "/..%2foutside.ics",
    "/%2e%2e/outside.ics",
    "/%2E%2E%2Foutside.ics",
    "/%252e%252e%252foutside.ics",
    "/..\\outside.ics",
    "/..%5coutside.ics",
    "/private%2fmine.ics",
    "/./public.ics/../../outside.ics",
    "//outside.ics",
    "/public.ics%00.html",
    "/notes.txt",
    "/.%2e/outside.ics",
    "http://evil.example/../outside.ics",
])
def test_no_path_outside_the_feed_files_is_reachable(serve_dir, feed_dir, path):
    base = serve_dir(feed_dir, tokens={"mine": TOKEN})
    answer = raw(base, f"GET {path} HTTP/1.0\r\nHost: x\r\n\r\n".encode())
    assert 400 <= status_of(answer) < 500
    assert b"OUTSIDE-SECRET" not in answer
    assert b"secret-content" not in answer
    assert b"not a feed" not in answer
    assert str(feed_dir).encode() not in answer


@pytest.mark.parametrize("request_line, expected", [
    (b"GET /" + b"a" * (MAX_REQUEST_LINE + 10) + b" HTTP/1.1\r\n\r\n", 414),
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET /public.ics HTTP/9.9 extra\r\n\r\n", 400),
    (b"GET /public.ics HTTP/x.y\r\n\r\n", 400),
    (b"\x00\x01\x02 /public.ics HTTP/1.0\r\n\r\n", 400),
    (b"GET /public.ics HTTP/1.1\r\nHost: x\r\n" + b"X: " + b"y" * 70000 + b"\r\n\r\n", 431),
])
def test_oversized_and_malformed_request_lines(serve_dir, feed_dir, request_line, expected):
    base = serve_dir(feed_dir)
    answer = raw(base, request_line)
    assert status_of(answer) == expected
    assert b"BEGIN:VCALENDAR" not in answer
    # the request is never echoed back, and no version banner is given
    assert b"GARBAGE" not in answer.split(b"\r\n\r\n", 1)[1]
    assert b"aaaaaaaa" not in answer
    assert b"Python" not in answer


def test_a_symlink_out_of_the_directory_is_not_followed(serve_dir, feed_dir):
    (feed_dir / "link.ics").symlink_to(feed_dir.parent / "outside.ics")
    base = serve_dir(feed_dir)
    answer = requests.get(f"{base}/link.ics", timeout=10)
    assert answer.status_code == 404
    assert b"OUTSIDE" not in answer.content


def test_short_tokens_are_refused(feed_dir):
    with pytest.raises(ValueError, match="too short"):
        make_app(feed_dir, tokens={"mine": "1234"})


def test_scheduled_rebuild_runs_while_serving(serve_dir, feed_dir):
    calls: list[float] = []
    done = threading.Event()

    def rebuild() -> None:
        calls.append(time.monotonic())
        (feed_dir / "public.ics").write_bytes(FEED.replace(b"test", f"build{len(calls)}".encode()))
        if len(calls) >= 2:
            done.set()
        if len(calls) == 1:
            raise RuntimeError("a failing rebuild keeps the server going")

    base = serve_dir(feed_dir, rebuild=rebuild, rebuild_every=0.05)
    assert done.wait(10)
    answer = requests.get(f"{base}/public.ics", timeout=10)
    assert answer.status_code == 200
    assert b"build" in answer.content


def test_the_token_never_reaches_the_log(serve_dir, feed_dir, caplog):
    base = serve_dir(feed_dir, tokens={"mine": TOKEN})
    with caplog.at_level("INFO", logger="eventscout.feeds.server"):
        requests.get(f"{base}/mine.ics", params={"token": TOKEN}, timeout=10)
        requests.get(f"{base}/mine.ics", params={"token": "wrong"}, timeout=10)
    assert "/mine.ics" in caplog.text
    assert TOKEN not in caplog.text
    assert "wrong" not in caplog.text


def test_etag_length_and_body_come_from_one_read_while_a_rebuild_replaces_the_file(
    feed_dir, monkeypatch
):
    import hashlib

    app = make_app(feed_dir)
    rebuilt = FEED.replace(b"END:VCALENDAR", b"X-REBUILT:yes\r\nEND:VCALENDAR")
    original = Path.read_bytes

    def read_then_rebuild(self: Path) -> bytes:
        data = original(self)
        if self.name == "public.ics":  # a scheduled rebuild replaces the file right after
            monkeypatch.setattr(Path, "read_bytes", original)
            (feed_dir / "public.tmp").write_bytes(rebuilt)
            (feed_dir / "public.tmp").replace(self)
        return data

    monkeypatch.setattr(Path, "read_bytes", read_then_rebuild)
    answers: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": "/public.ics"},
                        lambda status, headers: answers.append((status, headers))))
    status, headers = answers[0]
    fields = dict(headers)
    assert status == "200 OK"
    assert int(fields["Content-Length"]) == len(body)
    assert fields["ETag"] == f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    # the next request sees the rebuilt file, with its own validators
    answers.clear()
    again = b"".join(app({"REQUEST_METHOD": "GET", "PATH_INFO": "/public.ics"},
                         lambda status, headers: answers.append((status, headers))))
    assert again == rebuilt
    assert dict(answers[0][1])["ETag"] == f'"{hashlib.sha256(rebuilt).hexdigest()[:32]}"'
