"""The reads behind `helpgen stats`, the dashboard, /api/stats and the audit: rows, not figures.

Portable SQL (SQLAlchemy Core) that gives the same rows on SQLite and PostgreSQL: booleans
are counted as CASE … 1 ELSE 0, groups are named by labels (PostgreSQL would not match two
bound `substr` parameters), and text sorts byte by byte on both (`COLLATE "C"`), so that a
LIMIT cuts ties at the same row. helpgen.analytics.helpfulness and helpgen.analytics.figures turn
these rows into figures.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    and_,
    case,
    cast,
    collate,
    distinct,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.engine import Connection

from helpgen.store.schema import event_days as event_days_table
from helpgen.store.schema import events, rollup_progress, searches, votes
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


def _since(column, start: str):
    """`column >= start`, or no condition at all for "" (since ever): then the store scans the
    table, which is faster than walking an index on `column` to every row."""
    return column >= start if start else true()


def vote_counts(connection: Connection, start: str) -> list[tuple]:
    """(article, yes, votes) per article voted on since `start`."""
    return _rows(
        connection,
        select(votes.c.article, func.sum(votes.c.helpful), func.count())
        .where(_since(votes.c.created, start))
        .group_by(votes.c.article),
    )


def vote_reasons(connection: Connection, start: str) -> list[tuple]:
    """(article, reason, count), the most given reasons first."""
    count = func.count().label("n")
    return _rows(
        connection,
        select(votes.c.article, votes.c.reason, count)
        .where(_since(votes.c.created, start), votes.c.reason.is_not(None))
        .group_by(votes.c.article, votes.c.reason)
        .order_by(count.desc(), _bytewise(connection, votes.c.reason)),
    )


def latest_comments(connection: Connection, start: str, limit: int) -> dict[str, list[tuple]]:
    """article -> (created, helpful, reason, comment) of its `limit` latest comments, newest
    first: one query for every article (a window per article), not one per article."""
    c = votes.c
    order = func.row_number().over(partition_by=c.article, order_by=(c.created.desc(), c.id.desc()))
    ranked = (
        select(c.article, c.created, c.helpful, c.reason, c.comment, order.label("n"))
        .where(_since(c.created, start), c.comment.is_not(None))
        .subquery()
    )
    r = ranked.c
    out: dict[str, list[tuple]] = {}
    for article, *row in connection.execute(
        select(r.article, r.created, r.helpful, r.reason, r.comment)
        .where(r.n <= limit)
        .order_by(r.article, r.n)
    ):
        out.setdefault(article, []).append(tuple(row))
    return out


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
        .where(_since(searches.c.created, start), searches.c.agent == int(agent))
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
            _since(searches.c.created, start), searches.c.agent == int(agent)
        )
    ).one()
    return int(row[0]), int(row[1])


def votes_per_day(connection: Connection, start: str) -> list[tuple]:
    """(day, yes, votes) per day."""
    day = _day(votes.c.created).label("vday")
    return _rows(
        connection,
        select(day, func.sum(votes.c.helpful), func.count())
        .where(_since(votes.c.created, start))
        .group_by(literal_column("vday")),
    )


def searches_per_day(connection: Connection, start: str) -> list[tuple]:
    """(day, searches by people, searches by AI agents) per day."""
    day = _day(searches.c.created).label("sday")
    return _rows(
        connection,
        select(day, _count_if(searches.c.agent == 0), _count_if(searches.c.agent != 0))
        .where(_since(searches.c.created, start))
        .group_by(literal_column("sday")),
    )


def _raw_event_groups(start: str, before: str, kind: str | None = None):
    """The statement grouping raw events in [start, before) as the daily tables keep them:
    (g_day, g_type, g_article, g_query, g_rank, g_source, g_agent, events, visitors); `g_agent`
    is 1 for AI agents' events, 0 for people's."""
    keys = [
        _day(events.c.created).label("g_day"),
        events.c.type.label("g_type"),
        func.coalesce(events.c.article, "").label("g_article"),
        func.coalesce(func.lower(func.trim(events.c.query)), "").label("g_query"),
        func.coalesce(events.c.rank, 0).label("g_rank"),
        events.c.source.label("g_source"),
        events.c.agent.label("g_agent"),
    ]
    statement = (
        select(
            *keys,
            func.count().label("events"),
            func.count(distinct(events.c.visitor)).label("visitors"),
        )
        .where(events.c.created >= start, events.c.created < before)
        .group_by(*(literal_column(k.name) for k in keys))
    )
    return statement.where(events.c.type == kind) if kind else statement


def raw_event_days(connection: Connection, start: str = "", before: str = FOREVER) -> list[tuple]:
    """(day, type, article, query, rank, source, agent, events, visitors) for raw events in
    [start, before)."""
    return _rows(connection, _raw_event_groups(start, before))


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


def rolled_up_to(connection: Connection) -> str:
    """The day (ISO date, or "") before which every raw event is in the daily tables
    (helpgen.store.rollup): the figures read raw events from there on only."""
    day = connection.execute(
        select(rollup_progress.c.day).where(rollup_progress.c.name == "events")
    ).scalar()
    return day or ""


EVENT_KEYS = ("day", "type", "article", "query", "rank", "source", "agent")


def event_counts(
    connection: Connection, start: str, keys: tuple[str, ...], kind: str | None = None
) -> list[tuple]:
    """(the `keys`' values..., events, visitors) since `start` (a date or ""): the daily table
    and the raw events not yet in it, each grouped in the store (the daily table along one of
    its covering indexes), the two added here; only events of type `kind` when given. `keys`
    among EVENT_KEYS. Visitors add up per day (visitor-days), as the daily table keeps them."""
    t = event_days_table
    grouped = [t.c[k] for k in keys]
    rolled = (
        select(*grouped, _total(t.c.events), _total(t.c.visitors))
        .where(_since(t.c.day, start[:10]))
        .group_by(*grouped)
    )
    raw = _raw_event_groups(max(start, rolled_up_to(connection)), FOREVER, kind).subquery()
    recent_keys = [raw.c[f"g_{k}"] for k in keys]
    recent = select(*recent_keys, _total(raw.c.events), _total(raw.c.visitors)).group_by(
        *recent_keys
    )
    totals: dict[tuple, list[int]] = {}
    for statement in (rolled.where(t.c.type == kind) if kind else rolled, recent):
        for *key, count, visitors in connection.execute(statement):
            sums = totals.setdefault(tuple(key), [0, 0])
            sums[0] += int(count)
            sums[1] += int(visitors)
    return [(*key, count, visitors) for key, (count, visitors) in totals.items()]


def _total(column):
    """SUM as an integer on both backends (PostgreSQL's SUM of a bigint is a numeric)."""
    return cast(func.sum(column), BigInteger)


def visit_days(connection: Connection, start: str = "") -> list[tuple]:
    """Every day's visits since `start`, rolled up and raw alike."""
    t = visit_days_table
    rolled = _rows(
        connection,
        select(t.c.day, t.c.visits, t.c.readers, t.c.self_served).where(
            _since(t.c.day, start[:10])
        ),
    )
    return rolled + raw_visit_days(connection, max(start, rolled_up_to(connection)))
