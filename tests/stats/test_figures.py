"""`helpgen stats --json` on a seeded store: each figure exactly, from raw events and after the
roll-up."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import write_project
from tests.serve.support import count_rows
from tests.stats.seed import (
    DAY2,
    EXPECTED_AGENTS,
    EXPECTED_ARTICLES,
    EXPECTED_DAILY,
    EXPECTED_LEAST_HELPFUL,
    EXPECTED_NO_CLICK,
    EXPECTED_QUERIES,
    EXPECTED_RANKS,
    EXPECTED_TOTALS,
    FILES,
    seeded_project,
)


def stats_json(run_cli, project, *args) -> dict:
    code, out, err = run_cli("stats", project, "--json", *args)
    assert (code, err) == (0, ""), err
    return json.loads(out)


@pytest.fixture(
    scope="module",
    params=[
        ("raw", "sqlite"),
        ("rolled-up", "sqlite"),
        ("raw", "postgresql"),
        ("rolled-up", "postgresql"),
    ],
    ids="-".join,
)
def figures(request, tmp_path_factory):
    """The figures of the seeded store, on SQLite and on PostgreSQL: as seeded, and after `--rollup`
    folded every event into daily counts (the seeded days are long past the 30-day retention)."""
    stage, backend = request.param
    url = request.getfixturevalue("postgres").new_database() if backend == "postgresql" else None
    project = seeded_project(
        tmp_path_factory.mktemp("stats") / "project", {"analytics": {"retention_days": 30}}, url
    )
    from tests.helpers import run_helpgen

    if stage == "rolled-up":
        stats_json(run_helpgen, project, "--rollup")
        assert count_rows(project, "events") == 0
        assert count_rows(project, "event_days") > 0
    return stats_json(run_helpgen, project)


def test_design_md_keys_stay_and_come_first(figures):
    assert list(figures)[:4] == ["since", "articles", "queries", "zero_result_queries"]
    assert [list(a)[:5] for a in figures["articles"]] == [["id", "url", "title", "yes", "no"]] * 3


def test_totals(figures):
    assert figures["totals"] == EXPECTED_TOTALS


def test_views_readers_and_self_service_per_article(figures):
    got = {
        a["id"]: (
            a["views"],
            a["readers"],
            a["search_clicks"],
            a["contact_clicks"],
            a["self_service_rate"],
        )
        for a in figures["articles"]
    }
    assert got == EXPECTED_ARTICLES


def test_articles_are_ordered_by_votes_then_views(figures):
    assert [(a["id"], a["votes"], a["views"]) for a in figures["articles"]] == [
        ("returns/start", 2, 4),
        ("returns/refunds", 2, 2),
        ("shipping", 1, 1),
    ]


def test_ai_agents_are_counted_apart(figures):
    assert figures["agents"] == EXPECTED_AGENTS
    assert {a["id"]: a["agent_views"] for a in figures["articles"]} == {
        "returns/start": 0,
        "returns/refunds": 2,
        "shipping": 1,
    }


def test_views_and_helpfulness_per_day(figures):
    assert figures["daily"] == EXPECTED_DAILY


def test_click_through_by_rank(figures):
    assert figures["clicks_by_rank"] == EXPECTED_RANKS


def test_top_searches_with_their_clicks(figures):
    assert [(q["query"], q["count"], q["clicks"]) for q in figures["queries"]] == EXPECTED_QUERIES


def test_zero_result_searches(figures):
    assert [(q["query"], q["count"]) for q in figures["zero_result_queries"]] == [("wismo", 2)]


def test_searches_with_results_and_no_click(figures):
    assert figures["no_click_queries"] == EXPECTED_NO_CLICK


def test_least_helpful(figures):
    assert figures["least_helpful"] == EXPECTED_LEAST_HELPFUL


def test_since_counts_only_later_days(run_cli, tmp_path):
    project = seeded_project(tmp_path / "project")
    figures = stats_json(run_cli, project, "--since", DAY2)
    assert figures["daily"] == EXPECTED_DAILY[1:]
    assert figures["totals"]["views"] == 2 and figures["totals"]["readers"] == 2
    assert figures["totals"]["self_service_rate"] == 0.5  # A2 yes, E no
    assert figures["clicks_by_rank"] == [{"rank": 3, "clicks": 1}]


def test_the_terminal_tables_show_them(run_cli, tmp_path):
    project = seeded_project(tmp_path / "project")
    code, out, err = run_cli("stats", project)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        "7 article views by 5 readers; self-service 50.0% (3 of 6 visits); 3 contact "
        "clicks; 10 searches, click-through 50.0%"
    )
    row = r"\W+".join
    assert re.search(
        row(["Start a return", "4", "3", r"66\.7%"]), out
    )  # views, readers, self-service
    assert re.search(
        row(["Start a return", "1", "1", r"50\.0%", r"9\.4%", "unclear"]), out
    )  # the votes
    assert re.search(row(["track order", "1", "2"]), out)  # query, searches, clicks
    assert "Results followed, by rank: #1: 2, #2: 1, #3: 1" in out


def test_a_bad_endpoint_is_a_config_error(run_cli, tmp_path):
    project = write_project(
        tmp_path / "project", FILES, {"analytics": {"endpoint": "help-api.example.com/api/event"}}
    )
    code, out, err = run_cli("stats", project)
    assert (code, out) == (2, "")
    assert err == (
        "error: helpgen.yml:4: config: 'analytics.endpoint': must be an http(s) URL like "
        "https://help-api.example.com/api/event, or a path like /api/event\n"
    )
