"""The HTTP cache's document index: which bytes the cache holds for each URL, readable without it.

requests-cache keeps the responses (:mod:`._cache_storage`); beside its tables, in the same SQLite
file, eventscout keeps one small table of its own: for each URL asked, the cache key it maps to
and the SHA-256 of the body stored under that key. Every store and every confirmation writes it,
for every URL of that key. It lets the runner check, with ``sqlite3`` alone (no requests, no
requests-cache: about 0.35 s of imports), that the cache still holds the very documents a
source's kept items were parsed from (``runner/_replay.py``): another source that downloaded a
changed document under the same key, an emptied cache or another cache folder all show as a
mismatch, and the runner takes the full path.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping
from pathlib import Path

__all__ = ["CACHE_FILE", "default_cache_dir", "digest", "holds", "open_index", "record"]

CACHE_FILE = "http_cache.sqlite"

_TABLE = """CREATE TABLE IF NOT EXISTS eventscout_documents (
    url       TEXT PRIMARY KEY,
    cache_key TEXT NOT NULL,
    sha256    TEXT NOT NULL
)"""


def default_cache_dir() -> Path:
    """The user cache directory for eventscout (``~/.cache/eventscout`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("eventscout", appauthor=False))


def digest(content: bytes) -> str:
    """The SHA-256 of a document's body, as the index keeps it."""
    return hashlib.sha256(content).hexdigest()


def open_index(path: Path) -> sqlite3.Connection:
    """The index in the cache file ``path`` (made if missing), for one :class:`HttpCache`."""
    connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
    # a cache, beside a WAL file: a commit need not wait for the disk (a lost row is a miss)
    connection.execute("PRAGMA synchronous = NORMAL")
    with connection:
        connection.execute(_TABLE)
    return connection


def record(connection: sqlite3.Connection, url: str, cache_key: str, sha256: str) -> None:
    """Note that the cache holds the body ``sha256`` under ``cache_key``, asked as ``url``: every
    URL of that key now names those bytes. Nothing is written when that is known already."""
    known = connection.execute("SELECT cache_key, sha256 FROM eventscout_documents WHERE url = ?",
                               (url,)).fetchone()
    if known == (cache_key, sha256):
        return
    with connection:
        connection.execute("UPDATE eventscout_documents SET sha256 = ? WHERE cache_key = ?",
                           (sha256, cache_key))
        connection.execute("INSERT OR REPLACE INTO eventscout_documents VALUES (?, ?, ?)",
                           (url, cache_key, sha256))


def holds(directory: Path | str | None, documents: Mapping[str, str]) -> bool:
    """Whether the cache in ``directory`` (None: the default) holds, for each URL of
    ``documents``, the body with that SHA-256. Opened read-only: a missing file is a no."""
    path = (Path(directory) if directory is not None else default_cache_dir()) / CACHE_FILE
    if not documents or not path.is_file():
        return False
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error:
        return False
    try:
        marks = ",".join("?" * len(documents))
        rows = connection.execute(
            f"SELECT url, sha256 FROM eventscout_documents WHERE url IN ({marks})",
            tuple(documents)).fetchall()
    except sqlite3.Error:  # no index yet (a cache written before it), or a damaged file
        return False
    finally:
        connection.close()
    return dict(rows) == dict(documents)
