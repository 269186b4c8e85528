"""Retention: raw events older than `analytics.retention_days` become daily counts and are deleted.

Whole UTC days only, so a day is never split between raw and rolled-up rows mid-day. What
is kept per day is what the figures need (helpgen.store.queries' `raw_event_days` and
`raw_visit_days`: one grouping for both, so a figure is the same before and after the
roll-up); the visitor hashes themselves go.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Connection

from helpgen.store.queries import raw_event_days, raw_visit_days
from helpgen.store.schema import event_days, events, visit_days
from helpgen.store.writes import upsert

EVENT_DAY_KEYS = ("day", "type", "article", "query", "rank", "source", "agent")
EVENT_DAY_ROW = ("day", "type", "article", "query", "rank", "source", "events", "visitors", "agent")
"""The columns of a `raw_event_days` row, in order."""


def _add(
    connection: Connection, table, keys: tuple, counts: tuple, rows: list[tuple], columns=None
) -> None:
    """Upsert `rows` (`columns`; by default keys then counts) into `table`, adding the counts
    to a day already there."""
    if not rows:
        return
    statement = upsert(connection, table)
    added = {name: table.c[name] + statement.excluded[name] for name in counts}
    columns = columns or keys + counts
    connection.execute(
        statement.on_conflict_do_update(index_elements=list(keys), set_=added),
        [dict(zip(columns, row, strict=True)) for row in rows],
    )


def cutoff_day(retention_days: int, today: dt.date | None = None) -> str:
    """The first day whose raw events are kept."""
    today = today or dt.datetime.now(dt.UTC).date()
    return (today - dt.timedelta(days=retention_days)).isoformat()


def rollup(connection: Connection, retention_days: int, today: dt.date | None = None) -> int:
    """Fold raw events before the cutoff into `event_days` and `visit_days`, in the
    connection's open transaction; the number of events folded. Adding to an existing day
    keeps late writes counted."""
    before = cutoff_day(retention_days, today)
    _add(
        connection,
        event_days,
        EVENT_DAY_KEYS,
        ("events", "visitors"),
        raw_event_days(connection, "", before),
        EVENT_DAY_ROW,
    )
    _add(
        connection,
        visit_days,
        ("day",),
        ("visits", "readers", "self_served"),
        raw_visit_days(connection, "", before),
    )
    return connection.execute(events.delete().where(events.c.created < before)).rowcount
