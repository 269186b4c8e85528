"""Search analytics: every served query, its result count and when, for the audit's
"searches with no results". No IP address or anything else about who asked is kept.

The queries go to the `searches` table of the store (helpgen.store),
so `helpgen stats` reports them next to the votes. The server logs through its batched
`StoreWriter.record_search`; `record` is the same thing for one query, for scripts.
"""

from __future__ import annotations

from pathlib import Path

from helpgen.store import open_store, parse_location
from helpgen.store.writes import write_batch

MAX_QUERY_CHARS = 500
"""Longer queries are stored cut to this length."""


def record(db_path: Path, query: str, count: int) -> None:
    """Log one served query and how many results it had (in the SQLite store at `db_path`)."""
    store = open_store(parse_location(str(db_path), Path.cwd()))
    try:
        with store.writing() as connection:
            write_batch(connection, [], [(query[:MAX_QUERY_CHARS], int(count))])
    finally:
        store.close()
