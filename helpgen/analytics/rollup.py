"""Retention: raw events older than `analytics.retention_days` become daily counts and are deleted.

Whole UTC days only, so a day is never split between raw and rolled-up rows mid-day. What
is kept per day is what the figures need (helpgen.analytics.daily): counts and distinct
visitors per type, article, query, rank and source, and the day's visits and self-served
visits; the visitor hashes themselves go.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from helpgen.analytics.daily import raw_event_days, raw_visit_days


def cutoff_day(retention_days: int, today: dt.date | None = None) -> str:
    """The first day whose raw events are kept."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    return (today - dt.timedelta(days=retention_days)).isoformat()


def rollup(db: sqlite3.Connection, retention_days: int, today: dt.date | None = None) -> int:
    """Fold raw events before the cutoff into `event_days` and `visit_days`; the number of events folded."""
    before = cutoff_day(retention_days, today)
    db.execute("BEGIN IMMEDIATE")
    try:
        # Adding to an existing day keeps late writes (a batch committed after an earlier roll-up) counted.
        db.executemany(
            "INSERT INTO event_days (day, type, article, query, rank, source, events, visitors) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET events = events + excluded.events, "
            "visitors = visitors + excluded.visitors", raw_event_days(db, "", before))
        db.executemany(
            "INSERT INTO visit_days (day, visits, readers, self_served) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE "
            "SET visits = visits + excluded.visits, readers = readers + excluded.readers, "
            "self_served = self_served + excluded.self_served",
            raw_visit_days(db, "", before))
        folded = db.execute("DELETE FROM events WHERE created < ?", (before,)).rowcount
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return folded
