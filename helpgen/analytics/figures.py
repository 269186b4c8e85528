"""The figures of `helpgen stats`: votes and searches (helpfulness) plus traffic.

Definitions (docs/statistics.md has them for support leads):
- views: article and FAQ page views; readers: distinct visitors per day who read an article,
  summed over days (an article's readers: those who read it).
- a visit is one visitor on one UTC day that viewed an article or clicked a contact
  option; it is self-served when it viewed articles and clicked no contact option. The
  self-service rate is self-served visits / visits; per article, 1 - readers who clicked a
  contact option on that article's page / its readers.
- click-through: search clicks / searches that had results; by rank, the clicks on the
  1st, 2nd... result.
- AI agents (helpgen.analytics.agents) are counted apart: every figure above is people's;
  `agents` (and `agent_views`, `agent_searches` in the totals, per day and per article)
  has agents' reads (an article's page or markdown copy, or get_article over MCP) and
  searches (/api/search, MCP's search_articles and answer_question). An agent's reading
  is never a visit, a reader or self-service.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy.engine import Connection

from helpgen.analytics.helpfulness import TOP_QUERIES, compute_stats
from helpgen.store.queries import (
    event_counts,
    search_totals,
    searches_per_day,
    top_queries,
    visit_days,
    votes_per_day,
)

LEAST_HELPFUL = 10


def compute_figures(
    db: Connection, since: dt.date | None = None, articles: dict[str, dict] | None = None
) -> dict:
    """compute_stats' figures with views, readers, contact clicks and self-service added per
    article, and `totals`, `daily`, `clicks_by_rank`, `no_click_queries` and `least_helpful`
    beside them."""
    figures = compute_stats(db, since, articles)
    start = since.isoformat() if since else ""
    # grouped in the store (helpgen.store.queries.event_counts): a year of daily rows stays there
    days = event_counts(db, start, ("day", "type", "agent"))
    per_article = _per_article(event_counts(db, start, ("article", "type", "agent")))
    _merge_articles(figures, per_article, articles or {})
    search_clicks = event_counts(db, start, ("query", "rank", "agent"), kind="search_click")
    clicks = _clicks_per_query(search_clicks)
    for q in figures["queries"]:
        q["clicks"] = clicks.get(q["query"], 0)
    searches = search_totals(db, start)
    agent_searches = search_totals(db, start, agent=True)
    visits = visit_days(db, start)
    figures["totals"] = _totals(days, visits, searches, agent_searches)
    figures["daily"] = _daily(db, start, days, visits)
    figures["clicks_by_rank"] = _clicks_by_rank(search_clicks)
    figures["no_click_queries"] = _no_click_queries(db, start, clicks)
    figures["least_helpful"] = [
        a["id"]
        for a in sorted(
            (a for a in figures["articles"] if a["no"]),
            key=lambda a: (a["helpful_pct"], -a["votes"], a["id"]),
        )
    ][:LEAST_HELPFUL]
    figures["agents"] = _agents(db, start, agent_searches, figures["articles"])
    return figures


def _agents(db: Connection, start: str, searches: tuple[int, int], articles: list) -> dict:
    """AI agents' reads and searches: totals, reads by how they came (source: `server` for a
    page, `markdown` for a copy, `mcp`), the most read articles and the most asked queries."""
    by_source: Counter = Counter()
    for source, agent, count, _visitors in event_counts(db, start, ("source", "agent"), "view"):
        if agent:
            by_source[source] += count
    read = sorted((a for a in articles if a["agent_views"]), key=lambda a: -a["agent_views"])
    return {
        "views": sum(by_source.values()),
        "views_by_source": dict(sorted(by_source.items())),
        "searches": searches[0],
        "searches_with_results": searches[1],
        "articles": [
            {k: a[k] for k in ("id", "url", "title", "agent_views")} for a in read[:TOP_QUERIES]
        ],
        "queries": [
            {"query": q, "count": n, "zero_results": z}
            for q, n, z in top_queries(db, start, TOP_QUERIES, agent=True)
        ],
    }


def _per_article(rows: list[tuple]) -> dict[str, Counter]:
    """article -> {type: events, type_visitors: visitors, agent_type: agents' events} from
    (article, type, agent, events, visitors)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for article, kind, agent, events, visitors in rows:
        if article and agent:
            out[article]["agent_" + kind] += events
        elif article:
            out[article][kind] += events
            out[article][kind + "_visitors"] += visitors
    return out


def _merge_articles(figures: dict, traffic: dict[str, Counter], known: dict[str, dict]) -> None:
    """Views and contact clicks on every article entry; articles with views but no votes get an
    entry too."""
    by_id = {a["id"]: a for a in figures["articles"]}
    for article in traffic:
        if article not in by_id:
            meta = known.get(article, {})
            by_id[article] = {
                "id": article,
                "url": meta.get("url"),
                "title": meta.get("title"),
                "yes": 0,
                "no": 0,
                "votes": 0,
                "helpful_pct": None,
                "wilson_lower_bound": 0.0,
                "reasons": {},
                "comments": [],
            }
            figures["articles"].append(by_id[article])
    for article, entry in by_id.items():
        counts = traffic.get(article, Counter())
        readers = counts["view_visitors"]
        entry.update(
            views=counts["view"],
            agent_views=counts["agent_view"],
            readers=readers,
            search_clicks=counts["search_click"],
            contact_clicks=counts["contact_click"],
            self_service_rate=_rate(
                readers - min(readers, counts["contact_click_visitors"]), readers
            ),
        )
    figures["articles"].sort(key=lambda a: (-a["votes"], -a["views"], a["id"]))


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _totals(
    days: list[tuple], visits: list[tuple], searches: tuple[int, int], agent_searches: tuple
) -> dict:
    events: Counter = Counter()
    for _day, kind, agent, count, _visitors in days:
        events[("agent_" if agent else "") + kind] += count
    all_visits = sum(v[1] for v in visits)
    self_served = sum(v[3] for v in visits)
    return {
        "views": events["view"],
        "readers": sum(v[2] for v in visits),
        "visits": all_visits,
        "self_served_visits": self_served,
        "self_service_rate": _rate(self_served, all_visits),
        "contact_clicks": events["contact_click"],
        "searches": searches[0],
        "searches_with_results": searches[1],
        "search_clicks": events["search_click"],
        "click_through_rate": _rate(events["search_click"], searches[1]),
        "agent_views": events["agent_view"],
        "agent_searches": agent_searches[0],
    }


def _daily(db: Connection, start: str, days: list[tuple], visits: list[tuple]) -> list[dict]:
    """One entry per day with anything counted: views, readers, votes, contact clicks, searches,
    visits."""
    daily: dict[str, Counter] = defaultdict(Counter)
    for day, kind, agent, count, _visitors in days:
        daily[day][("agent_" if agent else "") + kind] += count
    for day, day_visits, readers, self_served in visits:
        daily[day]["readers"] += readers
        daily[day]["visits"] += day_visits
        daily[day]["self_served"] += self_served
    for day, yes, total in votes_per_day(db, start):
        daily[day]["yes"], daily[day]["no"] = yes, total - yes
    for day, people, agents in searches_per_day(db, start):
        daily[day]["searches"], daily[day]["agent_searches"] = people, agents
    return [
        {
            "day": day,
            "views": c["view"],
            "readers": c["readers"],
            "yes": c["yes"],
            "no": c["no"],
            "contact_clicks": c["contact_click"],
            "searches": c["searches"],
            "search_clicks": c["search_click"],
            "visits": c["visits"],
            "self_served_visits": c["self_served"],
            "agent_views": c["agent_view"],
            "agent_searches": c["agent_searches"],
        }
        for day, c in sorted(daily.items())
    ]


def _clicks_per_query(search_clicks: list[tuple]) -> Counter:
    """query -> people's clicks, from (query, rank, agent, clicks, visitors) of search clicks."""
    clicks: Counter = Counter()
    for query, _rank, agent, count, _visitors in search_clicks:
        if not agent:
            clicks[query] += count
    return clicks


def _clicks_by_rank(search_clicks: list[tuple]) -> list[dict]:
    ranks: Counter = Counter()
    for _query, rank, agent, count, _visitors in search_clicks:
        if not agent:
            ranks[rank] += count
    return [{"rank": rank, "clicks": n} for rank, n in sorted(ranks.items())]


def _no_click_queries(db: Connection, start: str, clicks: Counter) -> list[dict]:
    """The most frequent searches that had results and whose results nobody followed."""
    rows = top_queries(db, start, 0, with_results=True)
    out = [{"query": q, "count": n} for q, n, _ in rows if not clicks.get(q)]
    return out[:TOP_QUERIES]
