"""Render a built feeds index.html in headless Chromium and save a screenshot (PNG).

    python scripts/screenshot_index.py OUT_DIR/index.html shot.png [--width 1000 --height 1400]

Chromium (Debian: ``apt-get install chromium``) must be on PATH as chromium, chromium-browser or
google-chrome. Used by tests/feeds/test_feeds_index_render.py and to look at the page by eye.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    """The first headless-capable Chromium on PATH, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def render(page: Path, image: Path, *, width: int = 1000, height: int = 1400,
           dump_dom: bool = False) -> str:
    """Screenshot ``page`` into ``image``; with ``dump_dom`` return the DOM Chromium built."""
    browser = find_browser()
    if browser is None:
        raise FileNotFoundError("no chromium on PATH (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-extensions", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                  f"--window-size={width},{height}", "--hide-scrollbars"]
        subprocess.run([*common, f"--screenshot={image}", page.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)
        if not dump_dom:
            return ""
        done = subprocess.run([*common, "--dump-dom", page.resolve().as_uri()],
                              check=True, capture_output=True, text=True, timeout=120)
        return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("image", type=Path)
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--height", type=int, default=1400)
    options = parser.parse_args(argv)
    render(options.page, options.image, width=options.width, height=options.height)
    print(options.image)
    return 0


if __name__ == "__main__":
    sys.exit(main())
