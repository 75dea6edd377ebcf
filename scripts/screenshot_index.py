"""Render a built feeds index.html in headless Chromium, save a screenshot (PNG), check overflow.

    python scripts/screenshot_index.py OUT_DIR/index.html shot.png [--width 390 --height 1400]

Headless Chromium will not open a window narrower than 500 px, so the page is laid out through
the DevTools protocol (over ``--remote-debugging-pipe``, no network port): the viewport is set with
``Emulation.setDeviceMetricsOverride`` (a phone at 390 px), then the script measures how wide the
content is against the window (``scrollWidth`` vs ``innerWidth``, and the elements sticking out)
and takes the screenshot. A page wider than its window scrolls sideways on a phone.

Chromium (Debian: ``apt-get install chromium``) must be on PATH as chromium, chromium-browser or
google-chrome. Used by tests/feeds/test_feeds_index_render.py and to look at the page by eye.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

#: evaluated once the page has loaded (after its own script): the layout widths
MEASURE = """(() => {
  const w = window.innerWidth, d = document.documentElement;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5);
  });
  return {"scroll-width": d.scrollWidth, "inner-width": w, "overflowing": wide.length,
          "wide": wide.slice(0, 5).map(e => e.tagName + "." + e.className),
          "dom": d.outerHTML};
})()"""


def find_browser() -> str | None:
    """The first headless-capable Chromium on PATH, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


class _Pipe:
    """The DevTools protocol over Chromium's debugging pipe (fd 3 in, fd 4 out, NUL-framed)."""

    def __init__(self, to_browser: int, from_browser: int) -> None:
        self._out = os.fdopen(to_browser, "wb", buffering=0)
        self._in = os.fdopen(from_browser, "rb", buffering=0)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = self._in.read(65536)
            if not chunk:
                raise RuntimeError("chromium closed the debugging pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)  # type: ignore[no-any-return]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._out.write(json.dumps(message).encode("utf-8") + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            self.events.append(reply)

    def wait_for(self, method: str) -> None:
        while not any(event.get("method") == method for event in self.events):
            self.events.append(self._read())

    def close(self) -> None:
        self._out.close()
        self._in.close()


def _as_fds_3_and_4(read: int, write: int) -> None:
    """In the child: the pipe ends as fds 3 and 4 (copied first, so neither clobbers the other)."""
    high_read, high_write = os.dup(read), os.dup(write)
    os.dup2(high_read, 3)
    os.dup2(high_write, 4)


def inspect(page: Path, image: Path | None = None, *, width: int = 1280,
            height: int = 1400) -> dict[str, Any]:
    """Lay ``page`` out in a ``width`` x ``height`` viewport, screenshot it into ``image`` (when
    given) and return the ``scroll-width``, ``inner-width``, the number of elements
    ``overflowing`` the window sideways (``wide`` names a few) and the ``dom`` after scripts ran."""
    browser = find_browser()
    if browser is None:
        raise FileNotFoundError("no chromium on PATH (Debian: apt-get install chromium)")
    to_read, to_browser = os.pipe()  # the browser reads commands on fd 3
    from_browser, to_write = os.pipe()  # and writes replies on fd 4
    with tempfile.TemporaryDirectory() as profile:
        process = subprocess.Popen(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: _as_fds_3_and_4(to_read, to_write),
        )
        os.close(to_read)
        os.close(to_write)
        pipe = _Pipe(to_browser, from_browser)
        try:
            target = pipe.call("Target.createTarget", url="about:blank")["targetId"]
            session = pipe.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            pipe.call("Emulation.setDeviceMetricsOverride", session, width=width, height=height,
                      deviceScaleFactor=1, mobile=width < 500)
            pipe.call("Page.enable", session)
            pipe.call("Page.navigate", session, url=page.resolve().as_uri())
            pipe.wait_for("Page.loadEventFired")
            found = pipe.call("Runtime.evaluate", session, expression=MEASURE,
                              returnByValue=True)["result"]["value"]
            if image is not None:
                shot = pipe.call("Page.captureScreenshot", session, format="png")
                image.write_bytes(base64.b64decode(shot["data"]))
            with contextlib.suppress(RuntimeError):  # it may close the pipe before it answers
                pipe.call("Browser.close")
        finally:
            pipe.close()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return found  # type: ignore[no-any-return]


def render(page: Path, image: Path, *, width: int = 1000, height: int = 1400,
           dump_dom: bool = False) -> str:
    """Screenshot ``page`` into ``image``; with ``dump_dom`` return the DOM Chromium built."""
    found = inspect(page, image, width=width, height=height)
    return str(found["dom"]) if dump_dom else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("image", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1400)
    options = parser.parse_args(argv)
    found = inspect(options.page, options.image, width=options.width, height=options.height)
    found.pop("dom")
    print(options.image, found)
    return 0


if __name__ == "__main__":
    sys.exit(main())
