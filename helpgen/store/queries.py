"""The reads behind `helpgen stats`, the dashboard, /api/stats and the audit: rows, not figures.

Portable SQL (SQLAlchemy Core) that gives the same rows on SQLite and PostgreSQL: booleans
are counted as CASE … 1 ELSE 0, groups are named by labels (PostgreSQL would not match two
bound `substr` parameters), and text sorts byte by byte on both (`COLLATE "C"`), so that a
LIMIT cuts ties at the same row. helpgen.analytics.helpfulness and helpgen.analytics.figures turn
these rows into figures.
"""

from __future__ import annotations

from sqlalchemy import and_, case, collate, distinct, func, literal_column, select
from sqlalchemy.engine import Connection

from helpgen.store.schema import event_days as event_days_table
from helpgen.store.schema import events, searches, votes
from helpgen.store.schema import visit_days as visit_days_table

FOREVER = "9999"
"""An upper bound above every ISO timestamp."""


def _day(column):
    return func.substr(column, literal_column("1"), literal_column("10"))


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _bytewise(connection: Connection, expression):
    """Sort text byte by byte: SQLite's default; PostgreSQL's database collation may differ."""
    return collate(expression, "C") if connection.dialect.name == "postgresql" else expression


def _rows(connection: Connection, statement) -> list[tuple]:
    return [tuple(row) for row in connection.execute(statement)]


def vote_counts(connection: Connection, start: str) -> list[tuple]:
    """(article, yes, votes) per article voted on since `start`."""
    return _rows(
        connection,
        select(votes.c.article, func.sum(votes.c.helpful), func.count())
        .where(votes.c.created >= start)
        .group_by(votes.c.article),
    )


def vote_reasons(connection: Connection, start: str) -> list[tuple]:
    """(article, reason, count), the most given reasons first."""
    count = func.count().label("n")
    return _rows(
        connection,
        select(votes.c.article, votes.c.reason, count)
        .where(votes.c.created >= start, votes.c.reason.is_not(None))
        .group_by(votes.c.article, votes.c.reason)
        .order_by(count.desc(), _bytewise(connection, votes.c.reason)),
    )


def latest_comments(connection: Connection, article: str, start: str, limit: int) -> list[tuple]:
    """(created, helpful, reason, comment) of an article's latest comments."""
    c = votes.c
    return _rows(
        connection,
        select(c.created, c.helpful, c.reason, c.comment)
        .where(c.article == article, c.created >= start, c.comment.is_not(None))
        .order_by(votes.c.created.desc(), votes.c.id.desc())
        .limit(limit),
    )


def top_queries(
    connection: Connection,
    start: str,
    limit: int,
    zero_only: bool = False,
    with_results: bool = False,
    agent: bool = False,
) -> list[tuple]:
    """(query folded to lower case, searches, searches without results), the most frequent
    first. `zero_only`: queries that never found anything; `with_results`: only searches that
    found something; `limit` 0: all. People's searches, or AI agents' (`agent`)."""
    query = _bytewise(connection, func.lower(func.trim(searches.c.query))).label("folded")
    count = func.count().label("n")
    statement = (
        select(query, count, _count_if(searches.c.results == 0))
        .where(searches.c.created >= start, searches.c.agent == int(agent))
        .group_by(literal_column("folded"))
    )
    if with_results:
        statement = statement.where(searches.c.results > 0)
    if zero_only:
        statement = statement.having(func.max(searches.c.results) == 0)
    statement = statement.order_by(count.desc(), literal_column("folded"))
    return _rows(connection, statement.limit(limit) if limit else statement)


def search_totals(connection: Connection, start: str, agent: bool = False) -> tuple[int, int]:
    """(searches, searches that had results) since `start`: people's, or AI agents' (`agent`)."""
    row = connection.execute(
        select(func.count(), _count_if(searches.c.results > 0)).where(
            searches.c.created >= start, searches.c.agent == int(agent)
        )
    ).one()
    return int(row[0]), int(row[1])


def votes_per_day(connection: Connection, start: str) -> list[tuple]:
    """(day, yes, votes) per day."""
    day = _day(votes.c.created).label("vday")
    return _rows(
        connection,
        select(day, func.sum(votes.c.helpful), func.count())
        .where(votes.c.created >= start)
        .group_by(literal_column("vday")),
    )


def searches_per_day(connection: Connection, start: str) -> list[tuple]:
    """(day, searches by people, searches by AI agents) per day."""
    day = _day(searches.c.created).label("sday")
    return _rows(
        connection,
        select(day, _count_if(searches.c.agent == 0), _count_if(searches.c.agent != 0))
        .where(searches.c.created >= start)
        .group_by(literal_column("sday")),
    )


def raw_event_days(connection: Connection, start: str = "", before: str = FOREVER) -> list[tuple]:
    """(day, type, article, query, rank, source, events, visitors, agent) for raw events in
    [start, before): `agent` 1 for AI agents' events, 0 for people's."""
    keys = [
        _day(events.c.created).label("g_day"),
        events.c.type.label("g_type"),
        func.coalesce(events.c.article, "").label("g_article"),
        func.coalesce(func.lower(func.trim(events.c.query)), "").label("g_query"),
        func.coalesce(events.c.rank, 0).label("g_rank"),
        events.c.source.label("g_source"),
    ]
    agent = events.c.agent.label("g_agent")
    statement = (
        select(*keys, func.count(), func.count(distinct(events.c.visitor)), agent)
        .where(events.c.created >= start, events.c.created < before)
        .group_by(*(literal_column(k.name) for k in [*keys, agent]))
    )
    return _rows(connection, statement)


def raw_visit_days(connection: Connection, start: str = "", before: str = FOREVER) -> list[tuple]:
    """(day, visits, readers, self_served) for raw events in [start, before): a visit is a
    visitor on one day; people only (an AI agent's reading is counted, never a visit)."""
    e = events.c
    day = _day(e.created).label("v_day")
    per_visitor = (
        select(
            day,
            e.visitor,
            func.max(case((e.type == "view", 1), else_=0)).label("viewed"),
            func.max(case((e.type == "contact_click", 1), else_=0)).label("contacted"),
        )
        .where(
            e.created >= start,
            e.created < before,
            e.visitor.is_not(None),
            e.agent == 0,
            e.type.in_(("view", "contact_click")),
        )
        .group_by(literal_column("v_day"), e.visitor)
        .subquery()
    )
    v = per_visitor.c
    self_served = _count_if(and_(v.viewed == 1, v.contacted == 0))
    return _rows(
        connection, select(v.v_day, func.count(), func.sum(v.viewed), self_served).group_by(v.v_day)
    )


def event_days(connection: Connection, start: str = "") -> list[tuple]:
    """Every day's event counts since `start` (a date or ""), raw and rolled up alike."""
    t = event_days_table
    rolled = _rows(
        connection,
        select(
            t.c.day,
            t.c.type,
            t.c.article,
            t.c.query,
            t.c.rank,
            t.c.source,
            t.c.events,
            t.c.visitors,
            t.c.agent,
        ).where(t.c.day >= start[:10]),
    )
    return rolled + raw_event_days(connection, start)


def visit_days(connection: Connection, start: str = "") -> list[tuple]:
    """Every day's visits since `start`, raw and rolled up alike."""
    t = visit_days_table
    rolled = _rows(
        connection,
        select(t.c.day, t.c.visits, t.c.readers, t.c.self_served).where(t.c.day >= start[:10]),
    )
    return rolled + raw_visit_days(connection, start)
