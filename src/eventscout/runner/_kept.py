"""Serving a source's kept items: the parsed-events cache check before an adapter runs.

:func:`replay` delivers the items a source gave last time when its documents are unchanged
(:mod:`._replay` says what the keys hold): without reading a document when all are still fresh
in the HTTP cache, else after fetching them as the adapter would.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any, cast

from attrs import frozen

from ..errors import StoreError
from ..model import Event, Problem
from ..sources.base import FetchContext, Source
from ._replay import fresh_key, freshness, replay_key, replayable
from ._stores import ParsedStore, SnapshotStore

__all__ = ["Replayed", "parsed_store", "replay"]

log = logging.getLogger(__name__)


def parsed_store(source: Source, store: SnapshotStore | None) -> ParsedStore | None:
    """``store`` as a parsed-events cache when ``source`` may be served from one, else None."""
    if store is None or not replayable(source) or not hasattr(store, "load_parsed"):
        return None
    return cast(ParsedStore, store)


def replay(
    source: Source, context: FetchContext, store: ParsedStore, ready: dict[str, Any]
) -> Replayed | None:
    """The items kept for ``source`` if the documents it read last time are unchanged.

    Documents still fresh in the HTTP cache are not read at all (:mod:`._replay`). Otherwise
    they are fetched as the adapter would (fresh cache, 304 or download) and left in ``ready``
    for the adapter on a miss. A fetch error propagates: it is the source's failure."""
    try:
        urls = store.parsed_documents(source.name)
        if not urls:
            return None
        fresh = _fresh(source, context, store, urls)
        if fresh is not None:
            return fresh
    except StoreError as error:
        log.info("parsed items of %s unreadable: %s", source.name, error)
        return None
    documents = []
    for url in urls:
        fetched = context.fetcher.get(url, source=source.name)
        ready[url] = fetched
        documents.append((url, fetched))
    key = replay_key(source, context, documents)
    try:
        kept = store.load_parsed(source.name, key)
    except StoreError as error:
        log.info("parsed items of %s unreadable: %s", source.name, error)
        return None
    if kept is None:
        return None
    return Replayed(kept[0], kept[1], key, tuple(urls), freshness(source, context, documents))


def _fresh(source: Source, context: FetchContext, store: ParsedStore,
           urls: Sequence[str]) -> Replayed | None:
    """The kept items, without reading a document, when every one is still fresh."""
    load = getattr(store, "load_fresh", None)
    fetcher = context.fetcher
    settings = fetcher.settings_for(source.name)
    if load is None or settings.force_refresh or not settings.http_cache:
        return None
    now = dt.datetime.now(dt.UTC)  # the HTTP cache's clock, not the run's planning "now"
    keys = {fresh_key(source, context, urls, recurring=recurring) for recurring in (False, True)}
    found = load(source.name, keys, now)
    # the cache must still hold the very bytes: another source may have downloaded a changed
    # document under the same key since, or the cache may be emptied or elsewhere
    if found is None or not fetcher.holds(found[2]["documents"]):
        return None
    fresh = found[2]
    fetcher.count_fresh(source.name, documents=len(urls), bytes_saved=int(fresh["bytes"]),
                        notes=[str(note) for note in fresh["notes"]])
    return Replayed(found[0], found[1], None, tuple(urls), None)


@frozen
class Replayed:
    """Kept items delivered again; ``key`` and ``fresh`` are set when the documents were read
    (confirmed fresh or unchanged), so the kept freshness is renewed."""

    events: tuple[Event, ...]
    problems: tuple[Problem, ...]
    key: str | None
    documents: tuple[str, ...]
    fresh: dict[str, Any] | None
