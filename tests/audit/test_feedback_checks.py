"""low-helpfulness, zero-result-search: from a real feedback store, as `helpgen serve` writes it."""

from __future__ import annotations

import pytest

from helpgen.audit import run_audit
from helpgen.config import load_project
from helpgen.store import open_store, project_location
from tests.audit.support import DAY, found, hints
from tests.helpers import write_project
from tests.postgres import store_config
from tests.stats.seed import insert_rows

FILES = {
    "returns.md": "# Returns\n\nSend it back.\n",
    "shipping.md": "# Shipping\n\nWe ship.\n",
    "gifts.md": "# Gifts\n\nWrap it.\n",
}
RECENT, OLD = "2026-02-20T10:00:00+00:00", "2025-06-01T10:00:00+00:00"


def seed(project, votes, searches) -> None:
    """Votes as (article id, helpful, reason, comment, created); searches as (query, results,
    created)."""
    open_store(project_location(load_project(project))).close()  # made even when nothing was voted
    if votes:
        insert_rows(
            project, "votes", ("article", "helpful", "reason", "comment", "created"), list(votes)
        )
    if searches:
        insert_rows(project, "searches", ("query", "results", "created"), list(searches))


NEW_STORE = [lambda: None]
"""Makes each audited project's store: a new PostgreSQL database, or None (the SQLite default)."""


@pytest.fixture(autouse=True)
def _store(store_url, request):
    """Every check here runs on SQLite and on PostgreSQL, each project with a store of its own."""
    NEW_STORE[0] = request.getfixturevalue("postgres").new_database if store_url else (lambda: None)
    yield
    NEW_STORE[0] = lambda: None


def audited(tmp_path, votes=(), searches=(), config=None):
    project = write_project(tmp_path, FILES, {**(config or {}), **store_config(NEW_STORE[0]())})
    seed(project, votes, searches)
    return run_audit(load_project(project), now=DAY)


def votes(article, yes, no, when=RECENT, reason=None, comment=None):
    return [(article, 1, None, None, when)] * yes + [(article, 0, reason, comment, when)] * no


def test_an_article_under_the_threshold_with_enough_votes_is_flagged(tmp_path):
    result = audited(
        tmp_path,
        votes("returns", 2, 8, reason="unclear", comment="Where is the <label>?")
        + votes("shipping", 9, 1)  # helpful
        + votes("gifts", 0, 5)  # too few votes to judge
        + votes("gone", 0, 20),
    )  # no longer an article
    assert found(result, "low-helpfulness") == [
        (
            "warning",
            "content/returns.md",
            1,
            "2 of 10 readers found it helpful (20%; Wilson lower bound 0.06, under 0.50)",
        )
    ]
    assert hints(result, "low-helpfulness") == [
        'readers said: unclear (8); latest comment: "Where is the <label>?"; rewrite what they '
        "found lacking "
        "(`helpgen stats` lists every comment)"
    ]


def test_min_votes_threshold_and_the_window_are_configurable(tmp_path):
    data = votes("gifts", 0, 5) + votes("returns", 0, 30, when=OLD)
    assert found(audited(tmp_path / "a", data), "low-helpfulness") == []
    lenient = audited(tmp_path / "b", data, config={"audit": {"min_votes": 5, "feedback_days": 0}})
    assert [f for _, f, *_ in found(lenient, "low-helpfulness")] == [
        "content/gifts.md",
        "content/returns.md",
    ]
    strict = audited(
        tmp_path / "c", votes("shipping", 9, 1), config={"audit": {"helpfulness_threshold": 0.9}}
    )
    assert [f for _, f, *_ in found(strict, "low-helpfulness")] == ["content/shipping.md"]


def test_searches_that_never_found_anything_are_listed_most_frequent_first(tmp_path):
    searches = (
        [("wismo", 0, RECENT)] * 3
        + [("Gift card ", 0, RECENT)]
        + [("refund", 4, RECENT)] * 5
        + [("track", 0, RECENT), ("track", 2, RECENT)]
        + [("old", 0, OLD)] * 9
    )
    result = audited(tmp_path, searches=searches)
    assert found(result, "zero-result-search") == [
        ("info", None, None, "'gift card' was searched 1 time and found nothing"),
        ("info", None, None, "'wismo' was searched 3 times and found nothing"),
    ]
    assert [
        m
        for *_, m in found(
            audited(
                tmp_path / "top", searches=searches, config={"audit": {"zero_result_searches": 1}}
            ),
            "zero-result-search",
        )
    ] == ["'wismo' was searched 3 times and found nothing"]


def test_without_a_feedback_store_the_checks_say_so(audit, store_url):
    if store_url:
        pytest.skip("a PostgreSQL store is always there: only a SQLite file can be missing")
    result = audit(FILES)
    assert found(result, "low-helpfulness") == found(result, "zero-result-search") == []
    assert (
        "no feedback store at .helpgen/feedback.sqlite yet (`helpgen serve` writes it): "
        "helpfulness and searches were not checked"
    ) in result.notes
