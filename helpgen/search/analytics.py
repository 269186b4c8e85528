"""Search analytics: every served query, its result count and when, for the audit's
"searches with no results". No IP address or anything else about who asked is kept.

The queries go to the `searches` table of the feedback store (helpgen.feedback.store),
so `helpgen stats` reports them next to the votes. The server logs through its batched
`StoreWriter.record_search`; `record` is the same thing for one query, for scripts.
"""

from __future__ import annotations

from pathlib import Path

from helpgen.feedback.store import connect, now

MAX_QUERY_CHARS = 500
"""Longer queries are stored cut to this length."""


def record(db_path: Path, query: str, count: int) -> None:
    """Log one served query and how many results it had."""
    db = connect(Path(db_path))
    try:
        db.execute("INSERT INTO searches (query, results, created) VALUES (?, ?, ?)",
                   (query[:MAX_QUERY_CHARS], int(count), now()))
    finally:
        db.close()
