"""A feedback store seeded with known events, searches and votes, and the figures they must give.

Two days of traffic on the three articles of tests/feedback's FILES; every expected figure
below is worked out by hand from these rows (comments show the sums).
"""

from __future__ import annotations

from pathlib import Path

from helpgen.config import load_project
from helpgen.store import open_store, project_location
from helpgen.store.schema import events as events_table
from helpgen.store.schema import searches, votes
from tests.helpers import write_project
from tests.postgres import store_config

FILES = {
    "returns/start.md": "---\ntitle: Start a return\n---\n\nHow to start a return.\n",
    "returns/refunds.md": "# Refund timing\n\nRefunds take 5 days.\n",
    "shipping.md": "# Shipping times\n\nWe ship within two days.\n",
}
STORE = ".helpgen/feedback.sqlite"
DAY1, DAY2 = "2026-03-01", "2026-03-02"


def ts(day: str, hour: int = 10) -> str:
    return f"{day}T{hour:02d}:00:00+00:00"


# (type, created, visitor, article, query, rank, source)
EVENTS = [
    # day 1: A reads start twice and refunds, then clicks a contact option on start
    ("view", ts(DAY1, 9), "A", "returns/start", None, None, "server"),
    ("view", ts(DAY1, 10), "A", "returns/start", None, None, "server"),
    ("view", ts(DAY1, 11), "A", "returns/refunds", None, None, "server"),
    ("contact_click", ts(DAY1, 12), "A", "returns/start", None, None, "page"),
    # B reads start, C reads shipping, D only clicks the widget's contact option
    ("view", ts(DAY1), "B", "returns/start", None, None, "server"),
    ("view", ts(DAY1), "C", "shipping", None, None, "server"),
    ("contact_click", ts(DAY1), "D", None, None, None, "widget"),
    # results followed: query as typed, rank, the article followed
    ("search_click", ts(DAY1), "A", "returns/refunds", "Refund", 1, "instant"),
    ("search_click", ts(DAY1), "B", "returns/start", "refund", 2, "search"),
    ("search_click", ts(DAY1), "C", "shipping", "track order", 1, "widget"),
    # day 2 (a new day, so a new hash for A): A2 reads start; E reads refunds and contacts
    # support from it
    ("view", ts(DAY2), "A2", "returns/start", None, None, "page"),
    ("view", ts(DAY2), "E", "returns/refunds", None, None, "page"),
    ("contact_click", ts(DAY2), "E", "returns/refunds", None, None, "page"),
    ("search_click", ts(DAY2), "E", "shipping", "track order", 3, "search"),
]
# AI agents' events (agent 1): counted apart, never in the people's figures above or below
AGENT_EVENTS = [
    ("view", ts(DAY1), "G1", "returns/refunds", None, None, "markdown"),  # a markdown copy
    ("view", ts(DAY1), "M1", "shipping", None, None, "mcp"),  # get_article over /mcp
    ("view", ts(DAY2), "G2", "returns/refunds", None, None, "server"),  # GPTBot on the page
]
AGENT_SEARCHES = [("refund", 1, ts(DAY1), "mcp")] * 2 + [("where is my parcel", 0, ts(DAY2), "api")]
# (query, results, created, source)
SEARCHES = (
    [("refund", 3, ts(DAY1), "instant")] * 3
    + [("Refund ", 2, ts(DAY1), "api")]
    + [("track order", 4, ts(DAY1), "widget")]
    + [("wismo", 0, ts(DAY1), "search")] * 2
    + [("gift card", 5, ts(DAY1), "search")] * 2
    + [("exchange", 1, ts(DAY1), "instant")]
)
# (article, helpful, reason, created)
VOTES = [
    ("returns/start", 1, None, ts(DAY1)),
    ("returns/start", 0, "unclear", ts(DAY2)),
    ("returns/refunds", 0, "outdated", ts(DAY2)),
    ("returns/refunds", 0, None, ts(DAY2, 11)),
    ("shipping", 1, None, ts(DAY1)),
]

EXPECTED_TOTALS = {
    "views": 7,  # start 2+1+1, refunds 1+1, shipping 1
    "readers": 5,  # day 1: A, B, C; day 2: A2, E
    "visits": 6,  # the readers and D (contact only, day 1)
    "self_served_visits": 3,  # B, C, A2: read and never contacted
    "self_service_rate": 0.5,
    "contact_clicks": 3,
    "searches": 10,
    "searches_with_results": 8,  # all but the two "wismo"
    "search_clicks": 4,
    "click_through_rate": 0.5,  # 4 / 8
    "agent_views": 3,
    "agent_searches": 3,
}
EXPECTED_AGENTS = {
    "views": 3,
    "views_by_source": {"markdown": 1, "mcp": 1, "server": 1},
    "searches": 3,
    "searches_with_results": 2,
    "articles": [
        {
            "id": "returns/refunds",
            "url": "/returns/refunds/",
            "title": "Refund timing",
            "agent_views": 2,
        },
        {"id": "shipping", "url": "/shipping/", "title": "Shipping times", "agent_views": 1},
    ],
    "queries": [
        {"query": "refund", "count": 2, "zero_results": 0},
        {"query": "where is my parcel", "count": 1, "zero_results": 1},
    ],
}
# id -> (views, readers, search_clicks, contact_clicks, self_service_rate)
EXPECTED_ARTICLES = {
    "returns/start": (4, 3, 1, 1, 0.6667),  # readers A, B, A2; A contacted: 1 - 1/3
    "returns/refunds": (2, 2, 1, 1, 0.5),  # readers A, E; E contacted
    "shipping": (1, 1, 2, 0, 1.0),
}
EXPECTED_DAILY = [
    {
        "day": DAY1,
        "views": 5,
        "readers": 3,
        "yes": 2,
        "no": 0,
        "contact_clicks": 2,
        "searches": 10,
        "search_clicks": 3,
        "visits": 4,
        "self_served_visits": 2,
        "agent_views": 2,
        "agent_searches": 2,
    },  # visits: A, B, C, D; self-served: B, C
    {
        "day": DAY2,
        "views": 2,
        "readers": 2,
        "yes": 0,
        "no": 3,
        "contact_clicks": 1,
        "searches": 0,
        "search_clicks": 1,
        "visits": 2,
        "self_served_visits": 1,
        "agent_views": 1,
        "agent_searches": 1,
    },  # A2, E; self-served: A2
]
EXPECTED_RANKS = [{"rank": 1, "clicks": 2}, {"rank": 2, "clicks": 1}, {"rank": 3, "clicks": 1}]
EXPECTED_QUERIES = [
    ("refund", 4, 2),
    ("gift card", 2, 0),
    ("wismo", 2, 0),
    ("exchange", 1, 0),
    ("track order", 1, 2),
]
"""(query, searches, clicks): "Refund" and "refund " are one query."""
EXPECTED_NO_CLICK = [{"query": "gift card", "count": 2}, {"query": "exchange", "count": 1}]
EXPECTED_LEAST_HELPFUL = ["returns/refunds", "returns/start"]  # 0 % then 50 %; shipping has no "no"


def seed_store(project: Path, events=EVENTS) -> None:
    """Write the rows into the project's store (SQLite or PostgreSQL, its schema made by
    helpgen)."""
    store = open_store(project_location(load_project(project)))
    try:
        with store.writing() as connection:
            connection.execute(
                events_table.insert(),
                [
                    dict(
                        zip(
                            ("type", "created", "visitor", "article", "query", "rank", "source"),
                            row,
                            strict=True,
                        ),
                        agent=agent,
                    )
                    for rows, agent in ((events, 0), (AGENT_EVENTS, 1))
                    for row in rows
                ],
            )
            connection.execute(
                searches.insert(),
                [
                    dict(
                        zip(("query", "results", "created", "source"), row, strict=True),
                        agent=agent,
                    )
                    for rows, agent in ((SEARCHES, 0), (AGENT_SEARCHES, 1))
                    for row in rows
                ],
            )
            connection.execute(
                votes.insert(),
                [
                    dict(zip(("article", "helpful", "reason", "created"), row, strict=True))
                    for row in VOTES
                ],
            )
    finally:
        store.close()


def seeded_project(root: Path, config: dict | None = None, store_url: str | None = None) -> Path:
    project = write_project(root, FILES, {**(config or {}), **store_config(store_url)})
    seed_store(project)
    return project


def insert_rows(project: Path, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert `rows` (tuples of `columns`) into a table of the project's store, made by helpgen."""
    from helpgen.store import schema

    store = open_store(project_location(load_project(project)))
    try:
        with store.writing() as connection:
            connection.execute(
                getattr(schema, table).insert(),
                [dict(zip(columns, row, strict=True)) for row in rows],
            )
    finally:
        store.close()
