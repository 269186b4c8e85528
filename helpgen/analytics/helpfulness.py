"""Figures from the store: helpfulness per article, reasons, comments, searches (rows:
helpgen.store.queries)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from sqlalchemy.engine import Connection

from helpgen.store import queries

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


def compute_stats(
    db: Connection, since: dt.date | None = None, articles: dict[str, dict] | None = None
) -> dict:
    """`{"articles": [...], "queries": [...], "zero_result_queries": [...]}` for votes and
    searches since a date.

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


def _articles(db: Connection, start: str, known: dict[str, dict]) -> list[dict]:
    rows = queries.vote_counts(db, start)
    reasons: dict[str, dict[str, int]] = defaultdict(dict)
    for article, reason, count in queries.vote_reasons(db, start):
        reasons[article][reason] = count
    comments = queries.latest_comments(db, start, LATEST_COMMENTS)
    out = []
    for article, yes, total in rows:
        meta = known.get(article, {})
        out.append(
            {
                "id": article,
                "url": meta.get("url"),
                "title": meta.get("title"),
                "yes": yes,
                "no": total - yes,
                "votes": total,
                "helpful_pct": round(100 * yes / total, 1),
                "wilson_lower_bound": round(wilson_lower_bound(yes, total), 4),
                "reasons": reasons.get(article, {}),
                "comments": [
                    {"created": c, "helpful": bool(h), "reason": r, "comment": text}
                    for c, h, r, text in comments.get(article, [])
                ],
            }
        )
    return sorted(out, key=lambda a: (-a["votes"], a["id"]))


def _queries(db: Connection, start: str, zero_only: bool) -> list[dict]:
    rows = queries.top_queries(db, start, TOP_QUERIES, zero_only=zero_only)
    return [{"query": q, "count": n, "zero_results": z} for q, n, z in rows]
