"""Daily roll-ups: each finished day's events become daily counts, and raw events older than
`analytics.retention_days` are deleted.

A day is folded into `event_days` and `visit_days` once it is over by a day (events are
stamped when written, so none of that day can arrive later), and `rollup_progress` says
up to which day that is done: the figures read the daily tables, and raw events only
from there on, so that 10 million events cost what a year of daily rows costs, not a scan
of every event. Whole UTC days only, so a day is never split between raw and rolled-up
rows. What is kept per day is what the figures need (helpgen.store.queries'
`raw_event_days` and `raw_visit_days`: one grouping for both, so a figure is the same
before and after the roll-up). The raw events, with their visitor hashes, are kept until
the retention age, then deleted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.engine import Connection

from helpgen.store.queries import FOREVER, raw_event_days, raw_visit_days
from helpgen.store.schema import event_days, events, rollup_progress, visit_days
from helpgen.store.writes import upsert

EVENT_DAY_KEYS = ("day", "type", "article", "query", "rank", "source", "agent")


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


STEP_DAYS = 7
"""Days one roll-up transaction folds at most: a store upgraded with months of raw events
catches up in steps, and the votes queued behind each step wait for a week's events, not
for all of them (about a second per million events on SQLite)."""


def rollup(
    connection: Connection,
    retention_days: int,
    today: dt.date | None = None,
    days: int | None = None,
) -> int:
    """Fold the raw events of the days before yesterday not folded yet (`days` of them at most)
    into `event_days` and `visit_days`, then delete the folded raw events before the retention
    cutoff, in the connection's open transaction; the number of events deleted. Servers rolling
    up at once take turns: the progress row is locked (PostgreSQL; SQLite writes one at a time
    anyway)."""
    today = today or dt.datetime.now(dt.UTC).date()
    cutoff = cutoff_day(retention_days, today)
    done = connection.execute(
        select(rollup_progress.c.day).where(rollup_progress.c.name == "events").with_for_update()
    ).scalar_one()
    # a deleted event must have been folded: the cutoff is the least this goes to
    until = max(done, (today - dt.timedelta(days=1)).isoformat(), cutoff)
    if days is not None:
        until = min(until, _days_after(connection, done, days))
    if until > done:
        _fold(connection, done, until)
    folded = min(until, cutoff)
    return connection.execute(events.delete().where(events.c.created < folded)).rowcount


def rolled_up(connection: Connection, retention_days: int, today: dt.date | None = None) -> bool:
    """Whether a roll-up would fold nothing more (it may still delete expired raw events)."""
    today = today or dt.datetime.now(dt.UTC).date()
    until = max((today - dt.timedelta(days=1)).isoformat(), cutoff_day(retention_days, today))
    done = connection.execute(
        select(rollup_progress.c.day).where(rollup_progress.c.name == "events")
    ).scalar_one()
    return (
        done >= until
        or not connection.execute(
            select(events.c.id).where(events.c.created >= done, events.c.created < until).limit(1)
        ).first()
    )


def _days_after(connection: Connection, done: str, days: int) -> str:
    """The day `days` days after the first raw event not folded yet (none: FOREVER)."""
    first = connection.execute(
        select(events.c.created).where(events.c.created >= done).order_by(events.c.created).limit(1)
    ).scalar()
    if first is None:
        return FOREVER
    return (dt.date.fromisoformat(first[:10]) + dt.timedelta(days=days)).isoformat()


def _fold(connection: Connection, start: str, until: str) -> None:
    """Raw events in [start, until) into the daily tables, and the progress moved to `until`."""
    _add(
        connection,
        event_days,
        EVENT_DAY_KEYS,
        ("events", "visitors"),
        raw_event_days(connection, start, until),
    )
    _add(
        connection,
        visit_days,
        ("day",),
        ("visits", "readers", "self_served"),
        raw_visit_days(connection, start, until),
    )
    connection.execute(
        rollup_progress.update().where(rollup_progress.c.name == "events").values(day=until)
    )
