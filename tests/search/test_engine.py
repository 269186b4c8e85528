"""The query function on a small built help center: ranking, typos, filters, snippets, errors."""

from __future__ import annotations

import json
import re

import pytest

from helpgen.errors import HelpgenError
from helpgen.search import QueryError, SearchIndex, index_dir_for, open_index
from tests.helpers import build_project
from tests.search.conftest import ARTICLES, build_fixture


def ids(hits):
    return [h.id for h in hits]


def test_index_lives_beside_the_site_and_is_not_served(built):
    assert index_dir_for(built.out) == built.out.parent / (built.out.name + ".index")
    assert index_dir_for(built.out).is_dir()
    assert not any(p.name.endswith((".seg", ".toc")) for p in built.out.rglob("*"))


def test_title_match_ranks_first(index):
    assert ids(index.search("cancel order").results)[0] == "orders/cancel-an-order"
    assert ids(index.search("reset password").results)[0] == "account/reset-password"


def test_stemming_matches_other_forms(index):
    assert ids(index.search("refunded").results)[0] == "returns/refunds"


def test_typos_fall_back_to_the_closest_term(index):
    assert ids(index.search("pasword").results)[0] == "account/reset-password"
    assert ids(index.search("refnud timing").results)[0] == "returns/refunds"


def test_config_synonyms_and_keywords_find_the_article(index):
    assert ids(index.search("where is my parcel").results)[0] == "orders/track-your-order"
    assert ids(index.search("wismo").results)[0] == "orders/track-your-order"


def test_drafts_and_internal_articles_are_never_indexed(index):
    assert index.search("zebracorn").results == []
    assert all(
        h.id not in ("account/draft", "account/agents")
        for h in index.search("passwords", limit=50).results
    )


def test_the_internal_knowledge_pack_searches_internal_articles_too(built, tmp_path):
    project = built.site.project.root
    out = tmp_path / "pack"
    result = build_project(project, out=out, audience="internal")
    assert result.written
    assert ids(open_index(index_dir_for(out)).search("zebracorn").results) == [
        "account/agents"
    ]  # not the draft
    assert (
        open_index(index_dir_for(built.out)).search("zebracorn").results == []
    )  # the public index is untouched


def test_hit_has_the_documented_fields(index):
    hit = index.search("refund").results[0]
    assert json.loads(json.dumps(index.search("refund").to_dict()))["results"][0] == hit.to_dict()
    assert (hit.id, hit.url, hit.category, hit.source) == (
        "returns/refunds",
        "/returns/refunds/",
        "returns",
        "returns/refunds.md",
    )
    assert hit.title == "When will I get my refund?" and hit.score > 0


def test_snippet_marks_matches_and_escapes_everything_else(index):
    snippet = index.search("refunds script tags").results[0].snippet
    assert "<mark>Refunds</mark>" in snippet
    assert "&lt;<mark>script</mark>&gt;" in snippet and "<script" not in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_category_and_language_filters(index):
    assert {h.category for h in index.search("order return", category="returns").results} == {
        "returns"
    }
    assert ids(index.search("pakete", lang="de").results) == ["de/versand"]
    assert index.search("refund", lang="de").results == []
    assert ids(index.suggest("paket", lang="de")) == [
        "de/versand"
    ]  # the widget on a German store page
    assert index.suggest("refu", lang="de") == [] and index.suggest("refu", lang="en")


def test_limit_is_capped_and_checked(index):
    assert len(index.search("order return refund password", limit=2).results) == 2
    assert len(index.search("order", limit=10_000).results) <= 50
    with pytest.raises(QueryError):
        index.search("order", limit=0)
    with pytest.raises(QueryError):
        index.search("order", limit="ten")
    assert index.search("order", limit="3").results


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\x00\x01",
        "AND OR NOT",
        '"unbalanced',
        "*?~^:()[]{}",
        "🙂🙂",
        "title:refund",
        "refund AND",
        "-refund",
        "ref*",
    ],
)
def test_any_text_is_words_not_syntax(index, query):
    assert isinstance(index.search(query).results, list)
    assert isinstance(index.suggest(query), list)


def test_too_long_queries_are_refused():
    with pytest.raises(QueryError, match="at most 1000"):
        SearchIndex.search(None, "x" * 10_000)


def test_suggest_completes_the_last_word(index):
    assert ids(index.suggest("passw"))[0] == "account/reset-password"
    assert ids(index.suggest("cancel ord"))[0] == "orders/cancel-an-order"


def test_missing_or_damaged_index_is_a_clear_error(tmp_path):
    with pytest.raises(HelpgenError, match="no search index here"):
        open_index(tmp_path / "nothing")
    (tmp_path / "broken").mkdir()
    with pytest.raises(HelpgenError, match="not a helpgen search index"):
        open_index(tmp_path / "broken")


def test_rebuild_updates_the_index_incrementally_and_readers_see_it(tmp_path):
    result = build_fixture(tmp_path)
    index = open_index(index_dir_for(result.out))
    assert index.search("zeppelin").results == []
    files = dict(ARTICLES)
    files["orders/cancel-an-order.md"] = (
        "---\ntitle: Cancel an order\n---\nCancel before the zeppelin leaves.\n"
    )
    (tmp_path / "content" / "orders" / "cancel-an-order.md").write_text(
        files["orders/cancel-an-order.md"]
    )
    (tmp_path / "content" / "returns" / "start-a-return.md").unlink()
    from tests.helpers import build_project

    again = build_project(tmp_path)
    assert again.written
    assert ids(index.search("zeppelin").results) == ["orders/cancel-an-order"]
    assert "returns/start-a-return" not in ids(index.search("return label", limit=50).results)
    fresh = open_index(index_dir_for(again.out))
    assert ids(fresh.search("zeppelin").results) == ["orders/cancel-an-order"]


@pytest.mark.parametrize("damage", ["missing", "garbage"])
def test_a_rebuild_without_the_list_of_indexed_documents_writes_the_index_whole(tmp_path, damage):
    """The documents sidecar tells a rebuild what the index holds; without it, nothing is
    reused (an update would add every document a second time)."""
    from helpgen.search.index_meta import DOCUMENTS_NAME
    from tests.helpers import build_project

    result = build_fixture(tmp_path)
    sidecar = index_dir_for(result.out) / DOCUMENTS_NAME
    if damage == "missing":
        sidecar.unlink()
    else:
        sidecar.write_text("[1, 2", encoding="utf-8")
    (tmp_path / "content" / "orders" / "cancel-an-order.md").write_text(
        "---\ntitle: Cancel an order\n---\nCancel before the zeppelin leaves.\n", encoding="utf-8"
    )
    assert build_project(tmp_path).written
    index = open_index(index_dir_for(result.out))
    assert ids(index.search("zeppelin").results) == ["orders/cancel-an-order"]
    assert ids(index.search("order", limit=50).results).count("orders/track-your-order") == 1
    assert sidecar.is_file()


def test_a_failed_build_keeps_the_previous_index(tmp_path):
    result = build_fixture(tmp_path)
    before = sorted(p.name for p in index_dir_for(result.out).iterdir())
    (tmp_path / "content" / "broken.md").write_text("# Broken\n\nSee {{ no_such_variable }}.\n")
    from tests.helpers import build_project

    again = build_project(tmp_path, strict=True)  # the warning fails a strict build
    assert not again.written
    assert sorted(p.name for p in index_dir_for(result.out).iterdir()) == before
    assert not list(tmp_path.glob(".*.index.building-*"))


def test_index_is_usable_from_threads(index):
    from concurrent.futures import ThreadPoolExecutor

    queries = ["refund", "cancel order", "password", "tracking", "return label"] * 8
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda q: ids(index.search(q).results)[:1], queries))
    assert results[:5] == [ids(index.search(q).results)[:1] for q in queries[:5]]
    assert results == results[:5] * 8


def test_cli_search_prints_results_and_json(built, run_cli):
    project = built.out.parent
    code, out, err = run_cli("search", "refund timing", str(project), "--json", "--limit", "1")
    assert code == 0, err
    data = json.loads(out)
    assert data["query"] == "refund timing" and data["results"][0]["id"] == "returns/refunds"
    code, out, _ = run_cli("search", "cancel", str(project))
    assert code == 0 and out.startswith("1. Cancel an order  /orders/cancel-an-order/")


def test_cli_search_without_index_says_to_build(tmp_path, run_cli):
    from tests.helpers import write_project

    write_project(tmp_path, {"a.md": "# A\n\nx\n"})
    code, _, err = run_cli("search", "x", str(tmp_path))
    assert code == 1 and "no search index here (hint: run `helpgen build` first)" in err


def test_a_term_in_many_articles_is_scored_in_its_best_only(tmp_path, monkeypatch):
    from helpgen.search import scorer

    monkeypatch.setattr(scorer, "MAX_SCORED", 1)
    lexical = build_fixture(
        tmp_path, ARTICLES, {"search": {"semantic": False}}
    )  # vectors would add candidates
    index = open_index(index_dir_for(lexical.out))
    docs, values, df = index._state.scorer.impacts("refund")
    assert len(docs) == 1 and df >= 2
    assert ids(index.search("refund").results) == ["returns/refunds"]


def test_analytics_record_writes_the_query_count_and_time_only(tmp_path):
    import sqlite3

    from helpgen.search.analytics import record

    db = tmp_path / "feedback.sqlite"
    record(db, "where is my order", 3)
    record(db, "x" * 2000, 0)
    rows = (
        sqlite3.connect(db)
        .execute("SELECT query, results, created, source FROM searches ORDER BY id")
        .fetchall()
    )
    assert [(q[:20], n, s) for q, n, _, s in rows] == [
        ("where is my order", 3, "api"),
        ("x" * 20, 0, "api"),
    ]
    assert len(rows[1][0]) == 500 and rows[0][2].endswith("+00:00")
    columns = [c[1] for c in sqlite3.connect(db).execute("PRAGMA table_info(searches)")]
    assert columns == [
        "id",
        "query",
        "results",
        "created",
        "source",
        "agent",
    ]  # no address, no client: `source` is the front door, `agent` whether an AI agent asked


def test_warm_loads_what_the_first_query_needs_and_says_so(tmp_path):
    built = build_fixture(tmp_path, ARTICLES)
    index = open_index(index_dir_for(built.out))
    assert not index.warmed()
    index.warm()
    assert index.warmed()
    state = vars(index._state)
    assert {"hybrid"} <= state.keys() and {"_stats", "_places", "title_index"} <= vars(
        index._state.scorer
    ).keys()
    assert ids(index.search("refund").results)[0] == "returns/refunds"
