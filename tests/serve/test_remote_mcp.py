"""/mcp on a real `helpgen serve`: the tools of `helpgen mcp` over Streamable HTTP, driven by the
official SDK's client; the Origin rule, the body cap and the rate limit in front of them."""

from __future__ import annotations

import json

import anyio
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from tests.serve.conftest import CORS_ORIGIN
from tests.serve.support import Server, count_rows, fetch_rows, make_project, wait_for

FILES = {
    "returns/refunds.md": "---\ntitle: When will I get my refund?\n---\n\n"
    "Refunds reach your card within five business days after the parcel arrives.\n",
    "shipping.md": "# Shipping times\n\nWe ship within two working days.\n",
}
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"},
    },
}
POST_HEADERS = {"content-type": "application/json", "accept": "application/json, text/event-stream"}


def _structured(result) -> dict:
    data = getattr(result, "structured_content", None) or getattr(result, "structuredContent", None)
    return data if data is not None else json.loads(result.content[0].text)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("mcp") / "project",
        {"server": {"cors_origins": [CORS_ORIGIN], "mcp_rate_limit": 0}},
        FILES,
    )
    (project / "content" / "internal.md").write_text(
        "---\naudience: internal\n---\n# Refund override codes\n\nOverride refunds with code 77.\n"
    )
    with Server(project).running() as running:
        yield running


async def _calls(url: str):
    with anyio.fail_after(120):  # a hung server fails the test instead of hanging CI
        async with streamable_http_client(url) as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = await session.list_tools()
                found = await session.call_tool(
                    "search_articles", {"query": "refund card business days", "limit": 3}
                )
                answered = await session.call_tool(
                    "answer_question", {"question": "when will I get my refund?"}
                )
                article = await session.call_tool("get_article", {"id_or_url": "/shipping/"})
                internal = await session.call_tool("search_articles", {"query": "override code"})
                hidden = await session.call_tool("get_article", {"id_or_url": "internal"})
                return tools, found, answered, article, (internal, hidden)


def test_the_sdk_client_lists_and_calls_the_tools(server):
    tools, found, answered, article, (internal, hidden) = anyio.run(_calls, server.url + "/mcp")
    assert sorted(t.name for t in tools.tools) == [
        "answer_question",
        "get_article",
        "list_categories",
        "search_articles",
    ]
    results = _structured(found)["results"]
    assert results[0]["id"] == "returns/refunds"
    assert results[0]["markdown_url"].endswith("/returns/refunds/index.html.md")
    answer = _structured(answered)["answer"]
    assert answer is not None and "five business days" in answer["text"]
    assert _structured(article)["title"] == "Shipping times"
    # the public build only: an internal article is never found over HTTP
    assert all("override" not in r["title"].lower() for r in _structured(internal)["results"])
    assert getattr(hidden, "is_error", getattr(hidden, "isError", False))
    assert "no article 'internal'" in hidden.content[0].text

    # counted as an AI agent's searches and read, apart from people's (queued, then committed)
    assert wait_for(lambda: count_rows(server.project, "searches", "WHERE source = 'mcp'") == 3, 10)
    rows = fetch_rows(
        server.project, "SELECT query, results, agent FROM searches WHERE source = 'mcp'"
    )
    assert sorted(rows) == [
        ("override code", len(_structured(internal)["results"]), 1),
        ("refund card business days", len(results), 1),
        ("when will I get my refund?", 1, 1),
    ]
    views = fetch_rows(server.project, "SELECT article, source, agent FROM events")
    assert views == [("shipping", "mcp", 1)]


def test_a_foreign_origin_is_refused_and_the_allow_list_gets_cors(server):
    body = json.dumps(INITIALIZE)
    status, headers, data = server.request(
        "POST", "/mcp", body, {**POST_HEADERS, "origin": "https://evil.example"}
    )
    assert status == 403 and "access-control-allow-origin" not in headers
    assert "allow-list" in json.loads(data)["error"]
    status, headers, _ = server.request(
        "OPTIONS",
        "/mcp",
        headers={"origin": CORS_ORIGIN, "access-control-request-method": "POST"},
    )
    assert status == 204 and headers["access-control-allow-origin"] == CORS_ORIGIN
    assert "mcp-protocol-version" in headers["access-control-allow-headers"]
    status, headers, data = server.request(
        "POST", "/mcp", body, {**POST_HEADERS, "origin": CORS_ORIGIN}
    )
    assert status == 200 and headers["access-control-allow-origin"] == CORS_ORIGIN
    assert json.loads(data)["result"]["serverInfo"]["name"] == "helpgen"
    # the help center's own pages are its own origin
    status, _, _ = server.request("POST", "/mcp", body, {**POST_HEADERS, "origin": server.url})
    assert status == 200


@pytest.mark.parametrize("size", [64 * 1024 + 1, 5 * 1024 * 1024])
def test_an_oversized_body_is_413_not_500(server, size):
    status, _, _ = server.request("POST", "/mcp", b"{" + b" " * (size - 2) + b"}", POST_HEADERS)
    assert status == 413


@pytest.mark.parametrize(
    "body, content_type",
    [(b"{", "application/json"), (b"[]", "application/json"), (b"hi", "text/plain")],
)
def test_garbage_is_a_4xx(server, body, content_type):
    status, _, _ = server.request(
        "POST", "/mcp", body, {**POST_HEADERS, "content-type": content_type}
    )
    assert 400 <= status < 500


def test_the_rate_limit_holds(tmp_path):
    project = make_project(tmp_path / "project", {"server": {"mcp_rate_limit": 3}}, FILES)
    with Server(project).running() as running:
        statuses = [
            running.request("POST", "/mcp", json.dumps(INITIALIZE), POST_HEADERS)[0]
            for _ in range(6)
        ]
        status, headers, data = running.request(
            "POST", "/mcp", json.dumps(INITIALIZE), POST_HEADERS
        )
    assert statuses[:3] == [200, 200, 200] and statuses[3:] == [429, 429, 429]
    assert status == 429 and int(headers["retry-after"]) >= 1
    assert "too many MCP requests" in json.loads(data)["error"]


def test_mcp_can_be_switched_off(tmp_path):
    project = make_project(tmp_path / "project", {"server": {"mcp": False}}, FILES)
    with Server(project).running() as running:
        posted = running.request("POST", "/mcp", json.dumps(INITIALIZE), POST_HEADERS)[0]
        got = running.request("GET", "/mcp")[0]
    assert (posted, got) == (405, 404)  # the site's files only
