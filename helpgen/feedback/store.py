"""The feedback store: votes ("Was this article helpful?") and served search queries, in SQLite.

WAL mode with synchronous=FULL, and a vote is acknowledged only after its transaction
committed, so a 2xx means the vote is on disk. Concurrent votes are written by one
thread in group commits (`StoreWriter`): one fsync for many votes under load. The schema
is versioned in `meta.schema_version` and migrated forward on open, in place.

Schema 2 adds the statistics of helpgen.analytics: raw `events` (page views, search
clicks, contact clicks), their daily roll-up `event_days` and `visit_days` (raw events
older than `analytics.retention_days` are folded into these and deleted), and the
`source` of a logged search (the API, the in-browser search, the widget).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 2
_MIGRATIONS = {
    1: """
        CREATE TABLE IF NOT EXISTS votes (
            id INTEGER PRIMARY KEY,
            vote_key TEXT UNIQUE,          -- the browser's random vote id: a changed vote replaces it
            article TEXT NOT NULL,         -- article id
            helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
            reason TEXT,
            comment TEXT,
            created TEXT NOT NULL          -- UTC, ISO 8601
        );
        CREATE INDEX IF NOT EXISTS votes_article ON votes (article);
        CREATE INDEX IF NOT EXISTS votes_created ON votes (created);
        CREATE TABLE IF NOT EXISTS searches (
            id INTEGER PRIMARY KEY,
            query TEXT NOT NULL,
            results INTEGER NOT NULL,
            created TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS searches_created ON searches (created);
    """,
    2: """
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,            -- view, search_click, contact_click
            created TEXT NOT NULL,         -- UTC, ISO 8601
            visitor TEXT,                  -- the day's salted hash of address and user agent, never either
            article TEXT,                  -- article id: the page viewed, the result followed, the page contacted from
            query TEXT,                    -- search_click: the query whose result was followed
            rank INTEGER,                  -- search_click: 1-based position of that result
            source TEXT NOT NULL           -- server, page, search, instant, widget
        );
        CREATE INDEX IF NOT EXISTS events_created ON events (created);
        CREATE TABLE IF NOT EXISTS event_days (
            day TEXT NOT NULL,
            type TEXT NOT NULL,
            article TEXT NOT NULL DEFAULT '',
            query TEXT NOT NULL DEFAULT '',
            rank INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT '',
            events INTEGER NOT NULL,
            visitors INTEGER NOT NULL,     -- distinct visitors that day: days add up to visitor-days
            PRIMARY KEY (day, type, article, query, rank, source)
        );
        CREATE TABLE IF NOT EXISTS visit_days (
            day TEXT PRIMARY KEY,
            visits INTEGER NOT NULL,       -- visitors who read an article or clicked a contact option
            readers INTEGER NOT NULL,      -- of those, visitors who read an article
            self_served INTEGER NOT NULL   -- of those, visitors who read articles and clicked no contact option
        );
        ALTER TABLE searches ADD COLUMN source TEXT NOT NULL DEFAULT 'api'
    """,
}


@dataclass(frozen=True)
class Vote:
    article: str
    helpful: bool
    reason: str | None = None
    comment: str | None = None
    vote_key: str | None = None
    created: str = ""


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def connect(path: Path) -> sqlite3.Connection:
    """Open (and create or migrate) the store at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA busy_timeout=30000")
    _migrate(db)
    return db


def _migrate(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")  # one process migrates; the others wait and then see it done
    try:
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"feedback store has schema {version}, newer than this helpgen ({SCHEMA_VERSION})")
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[step].split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


@dataclass(frozen=True)
class Event:
    """One counted event (helpgen.analytics validates them); `created` is filled in when empty."""

    type: str
    source: str
    visitor: str | None = None
    article: str | None = None
    query: str | None = None
    rank: int | None = None
    results: int | None = None
    """`search` events only: how many results the query had (they go to the searches table)."""
    created: str = ""


def write_batch(db: sqlite3.Connection, votes: list[Vote], searches: list[tuple[str, int]] = (),
                events: list[Event] = ()) -> None:
    """Store votes, searches and events in one transaction; a vote with a known `vote_key` replaces the
    earlier one. A `search` event is a logged search (of the in-browser search or the widget)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        db.executemany(
            "INSERT INTO votes (vote_key, article, helpful, reason, comment, created) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (vote_key) DO UPDATE SET article = excluded.article, helpful = excluded.helpful, "
            "reason = excluded.reason, comment = excluded.comment, created = excluded.created",
            [(v.vote_key, v.article, int(v.helpful), v.reason, v.comment, v.created or now()) for v in votes],
        )
        stamp = now()
        db.executemany("INSERT INTO searches (query, results, created, source) VALUES (?, ?, ?, ?)",
                       [(q, n, stamp, "api") for q, n in searches]
                       + [(e.query, e.results, e.created or stamp, e.source) for e in events if e.type == "search"])
        db.executemany("INSERT INTO events (type, created, visitor, article, query, rank, source) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(e.type, e.created or stamp, e.visitor, e.article, e.query, e.rank, e.source)
                        for e in events if e.type != "search"])
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
