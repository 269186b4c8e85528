"""`helpgen mcp`: the MCP server over stdio, driven by the official client SDK, and its answers."""

from __future__ import annotations

import json
import sys

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client

from helpgen.mcp.knowledge import Knowledge, NotFound
from tests.helpers import build_project, cli_env, run_helpgen, write_project

FILES = {
    "orders/track.md": "---\ntitle: Track your order\ndescription: Find your tracking link.\n---\n"
    "Use the tracking link in the shipping email.\n\n## Where is my parcel?\n\n"
    "Check the carrier page.\n",
    "orders/cancel.md": "# Cancel an order\n\nCancel within two hours in your account.\n",
    "returns/refunds.md": "---\nid: refund-timing\n---\n# When will I get my refund?\n\n"
    "Refunds reach your card within five business days after the parcel arrives.\n",
    "returns/_category.yml": "title: Returns & refunds\n",
}


def _structured(result) -> dict:
    """The tool's JSON answer (structured content, else the text block), across SDK versions."""
    data = getattr(result, "structured_content", None) or getattr(result, "structuredContent", None)
    return data if data is not None else json.loads(result.content[0].text)


def _is_error(result) -> bool:
    return bool(getattr(result, "is_error", getattr(result, "isError", False)))


async def _session(project, calls):
    env = {
        k: v
        for k, v in cli_env().items()
        if k in ("PATH", "HOME", "LANG", "PYTHONPATH", "SYSTEMROOT")
    }
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "helpgen", "mcp", str(project)], env=env
    )
    with anyio.fail_after(180):  # a hung server fails the test instead of hanging CI
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await calls(session)


def test_mcp_server_over_stdio(tmp_path):
    project = write_project(tmp_path, FILES)  # not built yet: `helpgen mcp` builds it first

    async def calls(session):
        tools = await session.list_tools()
        found = await session.call_tool(
            "search_articles", {"query": "refund card business days", "limit": 3}
        )
        article = await session.call_tool(
            "get_article", {"id_or_url": "https://help.example.com/orders/track/"}
        )
        missing = await session.call_tool("get_article", {"id_or_url": "no/such/article"})
        categories = await session.call_tool("list_categories", {})
        return tools, found, article, missing, categories

    tools, found, article, missing, categories = anyio.run(_session, project, calls)
    assert sorted(t.name for t in tools.tools) == [
        "answer_question",
        "get_article",
        "list_categories",
        "search_articles",
    ]
    schema = next(t for t in tools.tools if t.name == "search_articles")
    schema = getattr(schema, "input_schema", None) or schema.inputSchema
    assert set(schema["properties"]) == {"query", "limit", "lang"} and schema["required"] == [
        "query"
    ]

    assert not _is_error(found)
    assert _structured(found)["mode"] == "hybrid"  # `helpgen mcp` built it with the semantic extra
    results = _structured(found)["results"]
    assert results[0]["id"] == "refund-timing"
    assert results[0]["title"] == "When will I get my refund?"
    assert results[0]["url"] == "https://help.example.com/returns/refunds/"
    assert results[0]["markdown_url"] == "https://help.example.com/returns/refunds/index.html.md"
    assert "**" in results[0]["snippet"] and "<mark>" not in results[0]["snippet"]

    answer = _structured(article)
    assert answer["id"] == "orders/track" and answer["markdown"].startswith("Use the tracking link")
    assert answer["faq"][0]["question"] == "Where is my parcel?"
    assert _is_error(missing) and "no article 'no/such/article'" in missing.content[0].text

    listed = _structured(categories)
    assert [(c["path"], c["title"], c["articles"]) for c in listed["categories"]] == [
        ("orders", "Orders", 2),
        ("returns", "Returns & refunds", 1),
    ]
    assert (project / "site" / "articles.jsonl").is_file()


def test_mcp_with_a_site_that_is_not_built(tmp_path):
    project = write_project(tmp_path, FILES)
    code, out, err = run_helpgen("mcp", project, "--site", tmp_path / "nowhere")
    assert code == 1 and out == ""
    assert (
        f"{tmp_path / 'nowhere'}: no articles.jsonl here: not a built helpgen site "
        f"(hint: build it first: helpgen build {project} --out {tmp_path / 'nowhere'})" in err
    )


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    project = write_project(
        tmp_path_factory.mktemp("kb"), FILES, {"site_url": "https://example.com/help/"}
    )
    assert build_project(project).written
    return Knowledge(project / "site")


@pytest.mark.parametrize(
    "key",
    [
        "refund-timing",
        "returns/refunds.md",
        "returns/refunds",
        "returns/refunds/",
        "/help/returns/refunds/",
        "https://example.com/help/returns/refunds/",
        "https://example.com/help/returns/refunds/index.html.md",
        "https://example.com/help/returns/refunds/#top",
        " refund-timing ",
    ],
)
def test_get_article_by_id_or_url(knowledge, key):
    assert knowledge.get(key)["id"] == "refund-timing"


def test_get_article_unknown_or_empty(knowledge):
    with pytest.raises(NotFound):
        knowledge.get("returns")
    with pytest.raises(ValueError):
        knowledge.get("  ")


def test_search_limits_and_empty_query(knowledge):
    assert len(knowledge.search("order", limit=1)["results"]) == 1
    assert knowledge.search("order", limit=500)["results"]
    with pytest.raises(ValueError):
        knowledge.search("   ")


def test_categories_use_the_base_path(knowledge):
    data = knowledge.categories()
    assert data["articles"] == 3
    assert [c["url"] for c in data["categories"]] == [
        "https://example.com/help/orders/",
        "https://example.com/help/returns/",
    ]


def test_search_in_one_language(tmp_path):
    files = {
        "returns/refunds.md": "---\nid: refunds\n---\n# Refunds\n\n"
        "Your refund reaches your card in 5 days.\n",
        "id/returns/refunds.md": "---\nid: refunds\n---\n# Pengembalian dana\n\n"
        "Dana kembali ke kartu Anda "
        "dalam 5 hari (refund).\n",
    }
    project = write_project(tmp_path, files, {"languages": ["en", "id"]})
    assert build_project(project).written
    knowledge = Knowledge(project / "site")
    both = knowledge.search("refund", limit=5)["results"]
    assert {r["lang"] for r in both} == {"en", "id"}
    [only] = knowledge.search("refund", limit=5, lang="id")["results"]
    assert only["lang"] == "id" and only["url"].endswith("/id/returns/refunds/")


@pytest.mark.parametrize("lang", ["zz", "x" * 5000, "<script>", "en\x00id"])
def test_search_with_a_language_the_site_lacks_finds_nothing_and_does_not_fail(knowledge, lang):
    assert knowledge.search("refund", limit=5, lang=lang)["results"] == []


def test_warm_loads_the_index_and_its_model_before_the_first_search(tmp_path):
    project = write_project(tmp_path, FILES)
    assert build_project(project).written
    knowledge = Knowledge(project / "site")
    knowledge.warm()
    index = knowledge._index[1]
    assert (
        "hybrid" in vars(index._state) and index._state.hybrid is not None
    )  # made by warm(), not by a search
    assert knowledge.search("refund")["results"]


def test_warm_without_an_index_leaves_the_error_to_the_search(tmp_path):
    knowledge = Knowledge(tmp_path / "nowhere")
    knowledge.warm()
    with pytest.raises(NotFound, match="build the site"):
        knowledge.search("refund")


def test_answer_question_quotes_a_passage_or_declines(tmp_path):
    project = write_project(tmp_path, FILES)

    async def calls(session):
        found = await session.call_tool(
            "answer_question", {"question": "when does the refund reach my card"}
        )
        declined = await session.call_tool("answer_question", {"question": "banana bread recipe"})
        empty = await session.call_tool("answer_question", {"question": "  "})
        return found, declined, empty

    found, declined, empty = anyio.run(_session, project, calls)
    body = json.loads(found.content[0].text)
    assert body["answer"]["article"]["url"].endswith("/returns/refunds/"), body
    assert json.loads(declined.content[0].text)["answer"] is None
    assert _is_error(empty)
