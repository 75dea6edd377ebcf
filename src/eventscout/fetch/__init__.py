"""The fetcher: the one way every source adapter reads the web and local files.

``Fetcher(settings).get(url, source=name)`` returns a :class:`Fetched` or raises
:class:`~eventscout.errors.FetchError`; everything else here is how it behaves (settings,
the HTTP cache, politeness), exported for tests and plugin authors. The modules behind it are
private: import from ``eventscout.fetch``.

What needs requests (the session, the cache storage, the transports, the retry rules) is loaded on
first use, so that importing an adapter or the model does not load the HTTP stack (about 0.15 s).
"""

from typing import TYPE_CHECKING, Any

from ._cache_index import digest as document_digest
from ._cache_policy import STORE_FOR, conditional_headers, is_fresh
from ._client import FetchActivity, Fetcher
from ._document import (
    Fetched,
    Headers,
    charset_of,
    decode_text,
    decoding_problem,
    is_remote,
    is_text,
    local_path,
    reading_note,
)
from ._politeness import ROBOTS_AGENT, HostGate, RobotsAnswer, RobotsRules, origin_of
from ._settings import GLOBAL_ONLY, USER_AGENT, FetchSettings, parse_duration

if TYPE_CHECKING:
    from ._cache_index import CACHE_FILE, default_cache_dir
    from ._cache_storage import HttpCache
    from ._retry import RETRY_STATUSES, backoff, retry_after_seconds
    from ._transport import FileAdapter, FileFault, capped_body

#: the names that load requests, and the private module each comes from
_LAZY = {
    "CACHE_FILE": "_cache_index", "HttpCache": "_cache_storage",
    "default_cache_dir": "_cache_index", "RETRY_STATUSES": "_retry", "backoff": "_retry",
    "retry_after_seconds": "_retry", "FileAdapter": "_transport", "FileFault": "_transport",
    "capped_body": "_transport",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value

__all__ = [
    "CACHE_FILE",
    "GLOBAL_ONLY",
    "RETRY_STATUSES",
    "ROBOTS_AGENT",
    "STORE_FOR",
    "USER_AGENT",
    "FetchActivity",
    "FetchSettings",
    "Fetched",
    "Fetcher",
    "FileAdapter",
    "FileFault",
    "Headers",
    "HostGate",
    "HttpCache",
    "RobotsAnswer",
    "RobotsRules",
    "backoff",
    "capped_body",
    "charset_of",
    "conditional_headers",
    "decode_text",
    "decoding_problem",
    "default_cache_dir",
    "document_digest",
    "is_fresh",
    "is_remote",
    "is_text",
    "local_path",
    "origin_of",
    "parse_duration",
    "reading_note",
    "retry_after_seconds",
]
