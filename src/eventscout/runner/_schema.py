"""The state database's schema: one script per version, applied in order by the store."""

#: The schema version this eventscout writes; files with a higher version are refused.
SCHEMA_VERSION = 3

_SCHEMA_V1 = """
CREATE TABLE source_state (
    source       TEXT PRIMARY KEY,
    last_success TEXT,
    last_attempt TEXT,
    last_error   TEXT
);
CREATE TABLE source_event (
    source   TEXT NOT NULL,
    position INTEGER NOT NULL,
    key      TEXT NOT NULL,
    data     TEXT NOT NULL,
    PRIMARY KEY (source, position)
);
CREATE TABLE feed_item (
    feed          TEXT NOT NULL,
    uid           TEXT NOT NULL,
    event_key     TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    sequence      INTEGER NOT NULL,
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    dtstamp       TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('active', 'cancelled')),
    gone_since    TEXT,
    body          BLOB NOT NULL,
    PRIMARY KEY (feed, uid)
);
"""

#: version 2: the person's decisions on events (going, interested, dismissed, attended)
_SCHEMA_V2 = """
CREATE TABLE decision (
    event_key  TEXT PRIMARY KEY,
    verdict    TEXT NOT NULL CHECK (verdict IN ('going', 'interested', 'dismissed', 'attended')),
    title      TEXT NOT NULL,
    first_day  TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
"""

#: version 3: the parsed-events cache, one row per source (the key names what the items came from;
#: ``items`` is the pickled ``(events, problems)`` written by this eventscout version)
_SCHEMA_V3 = """
CREATE TABLE parsed_source (
    source    TEXT PRIMARY KEY,
    key       TEXT NOT NULL,
    documents TEXT NOT NULL,
    items     BLOB NOT NULL
);
"""

#: ``MIGRATIONS[n]`` brings a file from version ``n`` to ``n + 1``; each runs in one transaction.
MIGRATIONS: tuple[str, ...] = (_SCHEMA_V1, _SCHEMA_V2, _SCHEMA_V3)

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]
