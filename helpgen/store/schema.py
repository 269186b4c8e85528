"""The store's tables, defined once (SQLAlchemy Core) for SQLite and PostgreSQL alike.

This is the schema of the newest migration (helpgen/store/migrations/versions): queries
use these objects; the migrations create and change the tables themselves. Times are
ISO 8601 text in UTC, so that they sort and cut (`substr`) the same on both backends.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

metadata = MetaData()

votes = Table(
    "votes",
    metadata,
    Column("id", Integer, primary_key=True),
    # the browser's random vote id: a changed vote replaces it
    Column("vote_key", Text, unique=True),
    Column("article", Text, nullable=False),
    Column("helpful", Integer, CheckConstraint("helpful IN (0, 1)"), nullable=False),
    Column("reason", Text),
    Column("comment", Text),
    Column("created", Text, nullable=False),
    Index("votes_article", "article"),
    Index("votes_created", "created"),
)

searches = Table(
    "searches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("query", Text, nullable=False),
    Column("results", Integer, nullable=False),
    Column("created", Text, nullable=False),
    Column("source", Text, nullable=False, server_default="api"),
    Column("agent", Integer, nullable=False, server_default="0"),  # 1: an AI agent asked
    Index("searches_created", "created"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("type", Text, nullable=False),  # view, search_click, contact_click
    Column("created", Text, nullable=False),
    Column("visitor", Text),  # the day's salted hash of address and user agent, never either
    Column("article", Text),
    Column("query", Text),
    Column("rank", Integer),
    Column("source", Text, nullable=False),
    Column("agent", Integer, nullable=False, server_default="0"),  # 1: an AI agent's
    Index("events_created", "created"),
)

event_days = Table(
    "event_days",
    metadata,
    Column("day", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("article", Text, nullable=False, server_default=""),
    Column("query", Text, nullable=False, server_default=""),
    Column("rank", Integer, nullable=False, server_default="0"),
    Column("source", Text, nullable=False, server_default=""),
    Column("events", Integer, nullable=False),
    # distinct visitors that day: days add up to visitor-days
    Column("visitors", Integer, nullable=False),
    Column("agent", Integer, nullable=False, server_default="0"),
    PrimaryKeyConstraint("day", "type", "article", "query", "rank", "source", "agent"),
    # covering indexes, one per grouping of the figures (helpgen.store.queries.event_counts)
    Index("event_days_by_day", "day", "type", "agent", "events", "visitors"),
    Index("event_days_by_article", "article", "type", "agent", "day", "events", "visitors"),
    Index("event_days_by_query", "type", "query", "rank", "agent", "day", "events", "visitors"),
)

visit_days = Table(
    "visit_days",
    metadata,
    Column("day", Text, primary_key=True),
    Column("visits", Integer, nullable=False),
    Column("readers", Integer, nullable=False),
    Column("self_served", Integer, nullable=False),
)

rollup_progress = Table(
    "rollup_progress",
    metadata,
    Column("name", Text, primary_key=True),  # "events": the raw events of the daily tables
    # every raw event created before this day (ISO date; "": none) is in the daily tables
    Column("day", Text, nullable=False),
)

rate_hits = Table(
    "rate_hits",
    metadata,
    Column("kind", Text, nullable=False),  # votes, events
    Column("client", Text, nullable=False),  # a hash of the address, kept two minutes at most
    Column("minute", Integer, nullable=False),  # Unix time // 60
    Column("hits", Integer, nullable=False),
    PrimaryKeyConstraint("kind", "client", "minute"),
)

COPIED = (votes, searches, events, event_days, visit_days)
"""The tables `helpgen store migrate` copies row by row (rate_hits is a two-minute scratchpad;
rollup_progress' one row is carried over by helpgen.store.copy)."""
