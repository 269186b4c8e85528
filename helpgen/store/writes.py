"""Writing votes, logged searches and events: one transaction per batch, upserts per backend."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy.engine import Connection

from helpgen.store.records import Event, Vote, now
from helpgen.store.schema import events, searches, votes


def upsert(connection: Connection, table):
    """INSERT … ON CONFLICT for `table` in the connection's dialect (both say it alike)."""
    return _insert(connection.dialect.name)(table)


@cache
def _vote_upsert(dialect: str):
    """The vote statement, built once per dialect: it runs for every batch on the hot path."""
    statement = _insert(dialect)(votes)
    replace = {
        c: statement.excluded[c] for c in ("article", "helpful", "reason", "comment", "created")
    }
    return statement.on_conflict_do_update(index_elements=["vote_key"], set_=replace)


def _insert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def write_batch(
    connection: Connection,
    new_votes: list[Vote],
    new_searches: Sequence[tuple] = (),
    new_events: Sequence[Event] = (),
) -> None:
    """Store votes, searches and events in the connection's open transaction; a vote with a
    known `vote_key` replaces the earlier one. `new_searches`: (query, results[, by an AI agent])
    of /api/search; a `search` event is a logged search (of the in-browser search, the widget
    or /mcp)."""
    stamp = now()
    if new_votes:
        connection.execute(
            _vote_upsert(connection.dialect.name),
            [
                {
                    "vote_key": v.vote_key,
                    "article": v.article,
                    "helpful": int(v.helpful),
                    "reason": v.reason,
                    "comment": v.comment,
                    "created": v.created or stamp,
                }
                for v in new_votes
            ],
        )
    logged = [
        {"query": q, "results": n, "created": stamp, "source": "api", "agent": int(any(agent))}
        for q, n, *agent in new_searches
    ]
    logged += [
        {
            "query": e.query,
            "results": e.results,
            "created": e.created or stamp,
            "source": e.source,
            "agent": int(e.agent),
        }
        for e in new_events
        if e.type == "search"
    ]
    if logged:
        connection.execute(searches.insert(), logged)
    counted = [
        {
            "type": e.type,
            "created": e.created or stamp,
            "visitor": e.visitor,
            "article": e.article,
            "query": e.query,
            "rank": e.rank,
            "source": e.source,
            "agent": int(e.agent),
        }
        for e in new_events
        if e.type != "search"
    ]
    if counted:
        connection.execute(events.insert(), counted)
