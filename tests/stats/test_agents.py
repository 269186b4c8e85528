"""AI agents counted apart from people by a real `helpgen serve`: known agent user agents,
markdown copies (negotiated or by URL), /api/search; shown in /api/stats, the dashboard and
`helpgen stats`."""

from __future__ import annotations

import json

import pytest

from helpgen.analytics.agents import is_ai_agent
from tests.serve.support import Server, count_rows, fetch_rows, make_project, wait_for
from tests.stats.conftest import BROWSER_UA, TOKEN

GPTBOT = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; GPTBot/1.2; +https://openai.com/gptbot"
CLAUDE_USER = "Claude-User (claude-code/1.0; +https://support.anthropic.com/)"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
CURL = "curl/8.5.0"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize(
    "user_agent, agent",
    [
        (GPTBOT, True),
        (CLAUDE_USER, True),
        ("Mozilla/5.0 (compatible; PerplexityBot/1.0)", True),
        ("CCBot/2.0 (https://commoncrawl.org/faq/)", True),
        ("Mozilla/5.0 ... compatible; ChatGPT-User/1.0; +https://openai.com/bot", True),
        (BROWSER_UA, False),
        (GOOGLEBOT, False),  # a search crawler: a bot, not an AI agent
        (CURL, False),
        ("", False),
    ],
)
def test_known_ai_agents(user_agent, agent):
    assert is_ai_agent(user_agent) is agent


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("agents") / "project", {"analytics": {"rate_limit": 0}}
    )
    with Server(project, env={"HELPGEN_ADMIN_TOKEN": TOKEN}).running() as running:
        yield running


def _views(server) -> list[tuple]:
    return sorted(fetch_rows(server.project, "SELECT article, source, agent FROM events"))


def test_agents_are_counted_apart_from_people(server, run_cli):
    requests = [
        ("/returns/start/", {"user-agent": BROWSER_UA}),  # a person
        ("/returns/start/", {"user-agent": GOOGLEBOT}),  # a search crawler: not counted
        ("/returns/start/", {"user-agent": GPTBOT}),  # an AI agent on the page
        ("/shipping/", {"user-agent": CURL, "accept": "text/markdown"}),  # negotiated markdown
        ("/returns/refunds/index.html.md", {"user-agent": CLAUDE_USER}),  # the copy by its URL
        ("/returns/refunds/index.html.md", {"user-agent": CURL, "dnt": "1"}),  # opted out
    ]
    for path, headers in requests:
        assert server.request("GET", path, headers=headers)[0] == 200
    for agent in (BROWSER_UA, GPTBOT):
        assert (
            server.request("GET", "/api/search?q=refund", headers={"user-agent": agent})[0] == 200
        )
    assert wait_for(lambda: count_rows(server.project, "events") == 4, 15)
    assert wait_for(lambda: count_rows(server.project, "searches") == 2, 15)
    assert _views(server) == [
        ("returns/refunds", "markdown", 1),
        ("returns/start", "server", 0),
        ("returns/start", "server", 1),
        ("shipping", "markdown", 1),
    ]
    assert sorted(fetch_rows(server.project, "SELECT query, agent FROM searches")) == [
        ("refund", 0),
        ("refund", 1),
    ]

    status, _, body = server.request("GET", "/api/stats", headers=AUTH)
    figures = json.loads(body)
    assert status == 200
    assert (figures["totals"]["views"], figures["totals"]["readers"]) == (1, 1)  # people only
    assert figures["totals"]["visits"] == 1 and figures["totals"]["searches"] == 1
    assert (figures["totals"]["agent_views"], figures["totals"]["agent_searches"]) == (3, 1)
    assert figures["agents"]["views_by_source"] == {"markdown": 2, "server": 1}

    status, headers, page = server.request("GET", "/_helpgen/dashboard", headers=AUTH)
    text = page.decode()
    assert status == 200 and "People and AI agents" in text
    assert "<strong>3</strong> article reads and <strong>1</strong> searches by AI agents" in text
    assert "markdown copies: 2, pages: 1" in text

    code, out, err = run_cli("stats", server.project)
    assert (code, err) == (0, "")
    assert (
        "AI agents: 3 article reads (markdown copies 2, pages 1); 1 searches, 1 with results" in out
    )
