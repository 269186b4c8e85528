"""Figures from the feedback store: helpfulness per article, reasons, comments, searches."""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections import defaultdict

Z95 = 1.959964
LATEST_COMMENTS = 5
TOP_QUERIES = 20


def wilson_lower_bound(yes: int, total: int, z: float = Z95) -> float:
    """Lower bound of the 95% Wilson score interval of yes/total: ranks 9/10 below 90/100."""
    if total == 0:
        return 0.0
    p = yes / total
    centre = p + z * z / (2 * total)
    margin = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return (centre - margin) / (1 + z * z / total)


def compute_stats(db: sqlite3.Connection, since: dt.date | None = None,
                  articles: dict[str, dict] | None = None) -> dict:
    """`{"articles": [...], "queries": [...], "zero_result_queries": [...]}` for votes and searches since a date.

    `articles` (id -> {"url", "title"}) names the articles; votes for ids no longer in
    the site are still counted, with url and title None.
    """
    start = since.isoformat() if since else ""
    return {
        "since": start or None,
        "articles": _articles(db, start, articles or {}),
        "queries": _queries(db, start, zero_only=False),
        "zero_result_queries": _queries(db, start, zero_only=True),
    }


def _articles(db: sqlite3.Connection, start: str, known: dict[str, dict]) -> list[dict]:
    rows = db.execute("SELECT article, SUM(helpful), COUNT(*) FROM votes WHERE created >= ? GROUP BY article", (start,))
    reasons: dict[str, dict[str, int]] = defaultdict(dict)
    for article, reason, count in db.execute(
            "SELECT article, reason, COUNT(*) FROM votes WHERE created >= ? AND reason IS NOT NULL "
            "GROUP BY article, reason ORDER BY COUNT(*) DESC, reason", (start,)):
        reasons[article][reason] = count
    out = []
    for article, yes, total in rows:
        meta = known.get(article, {})
        out.append({
            "id": article, "url": meta.get("url"), "title": meta.get("title"),
            "yes": yes, "no": total - yes, "votes": total,
            "helpful_pct": round(100 * yes / total, 1),
            "wilson_lower_bound": round(wilson_lower_bound(yes, total), 4),
            "reasons": reasons.get(article, {}),
            "comments": _comments(db, article, start),
        })
    return sorted(out, key=lambda a: (-a["votes"], a["id"]))


def _comments(db: sqlite3.Connection, article: str, start: str) -> list[dict]:
    rows = db.execute("SELECT created, helpful, reason, comment FROM votes WHERE article = ? AND created >= ? "
                      "AND comment IS NOT NULL ORDER BY created DESC, id DESC LIMIT ?", (article, start, LATEST_COMMENTS))
    return [{"created": c, "helpful": bool(h), "reason": r, "comment": text} for c, h, r, text in rows]


def _queries(db: sqlite3.Connection, start: str, zero_only: bool) -> list[dict]:
    having = "HAVING MAX(results) = 0" if zero_only else ""
    rows = db.execute(
        "SELECT LOWER(TRIM(query)) AS q, COUNT(*), SUM(results = 0) FROM searches WHERE created >= ? "
        f"GROUP BY q {having} ORDER BY COUNT(*) DESC, q LIMIT ?", (start, TOP_QUERIES))
    return [{"query": q, "count": n, "zero_results": z} for q, n, z in rows]
