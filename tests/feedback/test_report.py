"""`helpgen stats` on a seeded feedback store, checked number by number (JSON, CSV, table)."""

from __future__ import annotations

import json
import math
import re
import sqlite3

import pytest

from tests.helpers import write_project
from tests.postgres import store_config
from tests.stats.seed import insert_rows

FILES = {
    "returns/start.md": "---\ntitle: Start a return\n---\n\nHow to start a return.\n",
    "returns/refunds.md": "# Refund timing\n\nRefunds take 5 days.\n",
    "shipping.md": "# Shipping times\n\nWe ship within two days.\n",
}
STORE = ".helpgen/feedback.sqlite"
NO_STORE = (
    "error: .helpgen/feedback.sqlite: no feedback store yet "
    "(hint: votes are stored by `helpgen serve`; see store.url in helpgen.yml)"
)


def ts(day: str, hour: int = 10) -> str:
    """A stored timestamp, in the store's own format (UTC, ISO 8601, seconds)."""
    return f"{day}T{hour:02d}:00:00+00:00"


# (article, helpful, reason, comment, created), inserted in this order (ids ascending)
VOTES = (
    [("returns/start", 1, None, None, ts("2026-02-01", 8 + i)) for i in range(2)]
    + [("returns/start", 1, None, "third", ts("2026-02-03"))]
    + [("returns/start", 0, "unclear", "first", ts("2026-02-01"))]
    + [("returns/start", 0, "unclear", None, ts("2026-02-07", h)) for h in (1, 2)]
    + [
        ("returns/start", 0, "incomplete", "second", ts("2026-02-02")),
        ("returns/start", 0, "incomplete", None, ts("2026-02-07", 3)),
        ("returns/start", 0, "outdated", "fourth-a", ts("2026-02-04")),
        (
            "returns/start",
            0,
            "outdated",
            "fourth-b",
            ts("2026-02-04"),
        ),  # same time, later id: listed first
        ("returns/start", 0, "other", "fifth", ts("2026-02-05")),
        ("returns/start", 0, None, "sixth", ts("2026-02-06")),
    ]
    + [("shipping", 1, None, None, ts(f"2026-01-0{1 + i % 9}")) for i in range(9)]
    + [("shipping", 0, "outdated", None, ts("2026-03-01"))]
    + [
        ("shipping", 0, "unclear", "old comment", ts("2025-12-15")),
        ("shipping", 0, "unclear", None, ts("2025-12-31", 23)),
    ]
    + [("old/gone", 1, None, None, ts("2026-01-20"))]
)

# (query, results, created)
SEARCHES = (
    [("refund", 3, ts("2026-01-05"))] * 5
    + [("Refund ", 2, ts("2026-01-06"))]
    + [("wismo", 0, ts("2026-01-07"))] * 3
    + [("track order", 0, ts("2026-01-08")), ("track order", 4, ts("2026-01-09"))]
    + [("  Gift Card", 0, ts("2026-01-10"))]
    + [("old query", 0, ts("2025-11-01"))] * 4
    + [(f"q{i:02d}", 1, ts("2026-02-01")) for i in range(1, 26)]
)


def wilson(yes: int, n: int, z: float = 1.959964) -> float:
    """The Wilson lower bound worked out independently: the lower root p of n(p̂ - p)² = z²·p(1 -
    p)."""
    p_hat = yes / n
    a, b, c = n + z * z, -(2 * n * p_hat + z * z), n * p_hat * p_hat
    return round((-b - math.sqrt(b * b - 4 * a * c)) / (2 * a), 4)


def test_wilson_by_hand():
    # worked on paper, z = 1.959964: 9/10 -> (0.9 + 0.19207 - 0.26733) / 1.38415 = 0.5958
    assert wilson(9, 10) == 0.5958
    assert wilson(90, 100) == 0.8256  # ranks above 9/10 although both are 90 %
    assert wilson(3, 12) == 0.0889
    assert wilson(1, 1) == 0.2065
    assert wilson(0, 1) == 0.0


@pytest.fixture
def seeded(tmp_path, store_url):
    """A project whose store (made by helpgen, on SQLite and on PostgreSQL) holds VOTES and
    SEARCHES."""
    project = write_project(tmp_path / "project", FILES, store_config(store_url))
    insert_rows(
        project,
        "votes",
        ("vote_key", "article", "helpful", "reason", "comment", "created"),
        [(f"seed-{i:04d}", *row) for i, row in enumerate(VOTES)],
    )
    insert_rows(project, "searches", ("query", "results", "created"), SEARCHES)
    return project


def stats_json(run_cli, project, *args) -> dict:
    code, out, err = run_cli("stats", project, "--json", *args)
    assert (code, err) == (0, "")
    return json.loads(out)


def summary(article: dict) -> tuple:
    return (
        article["id"],
        article["url"],
        article["title"],
        article["yes"],
        article["no"],
        article["votes"],
        article["helpful_pct"],
        article["wilson_lower_bound"],
    )


def test_json_since_a_date(run_cli, seeded):
    figures = stats_json(run_cli, seeded, "--since", "2026-01-01")
    # DESIGN.md's keys first and unchanged; the statistics of issue #11 are added after them
    assert list(figures) == [
        "since",
        "articles",
        "queries",
        "zero_result_queries",
        "totals",
        "daily",
        "clicks_by_rank",
        "no_click_queries",
        "least_helpful",
        "agents",
    ]
    assert figures["since"] == "2026-01-01"
    start, shipping, gone = figures["articles"]
    assert summary(start) == (
        "returns/start",
        "/returns/start/",
        "Start a return",
        3,
        9,
        12,
        25.0,
        wilson(3, 12),
    )
    assert summary(shipping) == (
        "shipping",
        "/shipping/",
        "Shipping times",
        9,
        1,
        10,
        90.0,
        wilson(9, 10),
    )
    assert summary(gone) == ("old/gone", None, None, 1, 0, 1, 100.0, wilson(1, 1))
    assert (wilson(3, 12), wilson(9, 10), wilson(1, 1)) == (0.0889, 0.5958, 0.2065)

    # reasons: most frequent first, ties by name; a "No" without a reason is not a reason
    assert list(start["reasons"].items()) == [
        ("unclear", 3),
        ("incomplete", 2),
        ("outdated", 2),
        ("other", 1),
    ]
    assert list(shipping["reasons"].items()) == [("outdated", 1)]
    assert gone["reasons"] == {} and gone["comments"] == [] and shipping["comments"] == []

    # the 5 latest comments, newest first; equal times: the later vote first
    assert [(c["comment"], c["helpful"], c["reason"], c["created"]) for c in start["comments"]] == [
        ("sixth", False, None, ts("2026-02-06")),
        ("fifth", False, "other", ts("2026-02-05")),
        ("fourth-b", False, "outdated", ts("2026-02-04")),
        ("fourth-a", False, "outdated", ts("2026-02-04")),
        ("third", True, None, ts("2026-02-03")),
    ]

    queries = [(q["query"], q["count"], q["zero_results"]) for q in figures["queries"]]
    assert queries == [
        ("refund", 6, 0),
        ("wismo", 3, 3),
        ("track order", 2, 1),
        ("gift card", 1, 1),
    ] + [(f"q{i:02d}", 1, 0) for i in range(1, 17)]  # 20 at most
    assert [
        (q["query"], q["count"], q["zero_results"]) for q in figures["zero_result_queries"]
    ] == [("wismo", 3, 3), ("gift card", 1, 1)]


def test_json_all_time(run_cli, seeded):
    figures = stats_json(run_cli, seeded)
    assert figures["since"] is None
    assert [summary(a) for a in figures["articles"]] == [
        ("returns/start", "/returns/start/", "Start a return", 3, 9, 12, 25.0, 0.0889),
        (
            "shipping",
            "/shipping/",
            "Shipping times",
            9,
            3,
            12,
            75.0,
            wilson(9, 12),
        ),  # tie on votes: by id
        ("old/gone", None, None, 1, 0, 1, 100.0, 0.2065),
    ]
    assert wilson(9, 12) == 0.4677
    shipping = figures["articles"][1]
    assert list(shipping["reasons"].items()) == [("unclear", 2), ("outdated", 1)]
    assert [c["comment"] for c in shipping["comments"]] == ["old comment"]
    assert [(q["query"], q["count"]) for q in figures["queries"][:5]] == [
        ("refund", 6),
        ("old query", 4),
        ("wismo", 3),
        ("track order", 2),
        ("gift card", 1),
    ]
    assert len(figures["queries"]) == 20 and figures["queries"][-1]["query"] == "q15"
    assert [(q["query"], q["count"]) for q in figures["zero_result_queries"]] == [
        ("old query", 4),
        ("wismo", 3),
        ("gift card", 1),
    ]


def test_since_after_everything_gives_empty_lists(run_cli, seeded):
    assert stats_json(run_cli, seeded, "--since", "2027-01-01") == {
        "since": "2027-01-01",
        "articles": [],
        "queries": [],
        "zero_result_queries": [],
        "totals": {
            "views": 0,
            "readers": 0,
            "visits": 0,
            "self_served_visits": 0,
            "self_service_rate": None,
            "contact_clicks": 0,
            "searches": 0,
            "searches_with_results": 0,
            "search_clicks": 0,
            "click_through_rate": None,
            "agent_views": 0,
            "agent_searches": 0,
        },
        "daily": [],
        "clicks_by_rank": [],
        "no_click_queries": [],
        "least_helpful": [],
        "agents": {
            "views": 0,
            "views_by_source": {},
            "searches": 0,
            "searches_with_results": 0,
            "articles": [],
            "queries": [],
        },
    }


def test_csv(run_cli, seeded):
    code, out, err = run_cli("stats", seeded, "--csv", "--since", "2026-01-01")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "id,url,title,yes,no,votes,helpful_pct,wilson_lower_bound,top_reason,views,readers,contact_clicks,"
        "self_service_rate,agent_views",
        "returns/start,/returns/start/,Start a return,3,9,12,25.0,0.0889,unclear,0,0,0,,0",
        "shipping,/shipping/,Shipping times,9,1,10,90.0,0.5958,outdated,0,0,0,,0",
        "old/gone,,,1,0,1,100.0,0.2065,,0,0,0,,0",
    ]


def test_table(run_cli, seeded):
    code, out, err = run_cli("stats", seeded)
    assert (code, err) == (0, "")
    assert "Was this article helpful?" in out
    row = r"\W+".join
    # views, readers and self-service first (none counted here), then the votes, then the latest
    # comments
    assert re.search(row(["Start a return", "0", "0", "–"]), out)
    assert re.search(row(["Start a return", "3", "9", r"25\.0%", r"8\.9%", "unclear"]), out)
    assert re.search(row(["Shipping times", "9", "3", r"75\.0%", r"46\.8%", "unclear"]), out)
    assert re.search(row(["old/gone", "1", "0", r"100\.0%", r"20\.6%"]), out)
    assert "Wilson lower bound" not in out
    assert '\nhelpful (at least): the share of "yes" votes an article can count on' in out
    assert "\nLatest comments\nStart a return: sixth\nShipping times: old comment\n" in out
    assert "Top searches" in out and re.search(
        r"Searches with no\s+results", out
    )  # a title may wrap
    assert re.search(row(["refund", "6"]), out) and re.search(row(["old query", "4"]), out)
    assert out.index("Start a return") < out.index("Shipping times") < out.index("old/gone")


def header_lines(table: str) -> list[str]:
    """The lines of a rich table's header: from its top border to the line under the header."""
    lines = table.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    under = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    return lines[top + 1 : under]


@pytest.mark.parametrize("columns", ["80", "60"])
def test_no_header_word_is_broken_on_a_narrow_terminal(run_cli, seeded, columns):
    code, out, err = run_cli("stats", seeded, env={"COLUMNS": columns})
    assert (code, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    headers = {
        "Articles: views": ("article", "views", "readers", "self-service"),
        "Was this article helpful?": (
            "article",
            "yes",
            "no",
            "helpful",
            "(at",
            "least)",
            "top",
            "reason",
        ),
        "Top searches": ("query", "count", "clicks"),
    }
    for title, words in headers.items():
        table = out[out.index(title) :]
        shown = " ".join(header_lines(table)).replace("┃", " ").split()
        for word in words:
            assert word in shown, (title, word, header_lines(table))


def test_no_store_yet(run_cli, tmp_path):
    project = write_project(tmp_path / "project", FILES)
    code, out, err = run_cli("stats", project, "--json")
    assert (code, out, err) == (
        1,
        "",
        NO_STORE + "\n",
    )  # exit 1: like a content error, not a usage error (2)
    assert not (project / STORE).exists()  # looking does not create it

    project = write_project(tmp_path / "other", FILES, {"feedback": {"store": "data/votes.db"}})
    code, out, err = run_cli("stats", project)
    assert (code, out) == (1, "")
    assert err == (
        "error: data/votes.db: no feedback store yet "
        "(hint: votes are stored by `helpgen serve`; see store.url in helpgen.yml)\n"
    )


@pytest.mark.parametrize("damage", ["not-sqlite", "newer-schema"])
def test_unreadable_store_is_a_one_line_error(run_cli, tmp_path, damage):
    project = write_project(tmp_path / "project", FILES)
    store = project / STORE
    if damage == "not-sqlite":
        store.parent.mkdir(parents=True)
        store.write_bytes(b"this is not a database, it is a note\n" * 100)
    else:
        insert_rows(project, "votes", ("article", "helpful", "created"), [("a", 1, "2026-01-01")])
        db = sqlite3.connect(store)
        db.execute("UPDATE alembic_version SET version_num = '0099'")
        db.commit()
        db.close()
    code, out, err = run_cli("stats", project)
    assert "Traceback" not in err
    assert code in (1, 2) and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("error: .helpgen/feedback.sqlite: ")


def test_search_queries_are_printed_as_data(run_cli, seeded):
    insert_rows(
        seeded,
        "searches",
        ("query", "results", "created"),
        [("[/b] returns", 0, ts("2026-03-01"))] * 7
        + [("[red]wismo[/red]", 2, ts("2026-03-01"))] * 8,
    )
    code, out, err = run_cli("stats", seeded)
    assert "Traceback" not in err and code == 0
    assert "[red]wismo[/red]" in out and "[/b] returns" in out
