"""Events summed per UTC day: from the raw `events` table, and together with the rolled-up days.

One grouping for both uses, so that a figure is the same before and after its raw events
were rolled up: the roll-up stores exactly what `raw_event_days` computes for a day.
"""

from __future__ import annotations

import sqlite3

FOREVER = "9999"
"""An upper bound above every ISO timestamp."""

_RAW_EVENT_DAYS = """
    SELECT substr(created, 1, 10), type, COALESCE(article, ''), COALESCE(LOWER(TRIM(query)), ''),
           COALESCE(rank, 0), source, COUNT(*), COUNT(DISTINCT visitor)
    FROM events WHERE created >= ? AND created < ?
    GROUP BY 1, 2, 3, 4, 5, 6
"""
_RAW_VISIT_DAYS = """
    SELECT day, COUNT(*), SUM(viewed), SUM(viewed AND NOT contacted) FROM (
        SELECT substr(created, 1, 10) AS day, visitor, MAX(type = 'view') AS viewed,
               MAX(type = 'contact_click') AS contacted
        FROM events WHERE created >= ? AND created < ? AND visitor IS NOT NULL
             AND type IN ('view', 'contact_click')
        GROUP BY day, visitor)
    GROUP BY day
"""


def raw_event_days(db: sqlite3.Connection, start: str = "", before: str = FOREVER) -> list[tuple]:
    """(day, type, article, query, rank, source, events, visitors) for raw events in [start, before)."""
    return db.execute(_RAW_EVENT_DAYS, (start, before)).fetchall()


def raw_visit_days(db: sqlite3.Connection, start: str = "", before: str = FOREVER) -> list[tuple]:
    """(day, visits, readers, self_served) for raw events in [start, before): a visit is a visitor on one day."""
    return db.execute(_RAW_VISIT_DAYS, (start, before)).fetchall()


def event_days(db: sqlite3.Connection, start: str = "") -> list[tuple]:
    """Every day's event counts since `start` (a date or ""), raw and rolled up alike."""
    rolled = db.execute("SELECT day, type, article, query, rank, source, events, visitors FROM event_days "
                        "WHERE day >= ?", (start[:10],)).fetchall()
    return rolled + raw_event_days(db, start)


def visit_days(db: sqlite3.Connection, start: str = "") -> list[tuple]:
    """Every day's visits since `start`, raw and rolled up alike."""
    rolled = db.execute("SELECT day, visits, readers, self_served FROM visit_days WHERE day >= ?",
                        (start[:10],)).fetchall()
    return rolled + raw_visit_days(db, start)
