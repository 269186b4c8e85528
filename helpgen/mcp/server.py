"""The MCP server: four read-only tools over `Knowledge`, served on stdio with the official `mcp`
SDK (`helpgen mcp`), and by `helpgen serve` at /mcp over Streamable HTTP (helpgen.serve.remote_mcp):
one set of tools, defined here, for both.

Works with the SDK's 2.x `MCPServer` and with 1.x, where the same class is `FastMCP`.
Nothing may be printed on stdout: it carries the protocol.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpgen.errors import HelpgenError
from helpgen.mcp.knowledge import Knowledge, NotFound

try:  # mcp >= 2
    from mcp.server.mcpserver import Context, MCPServer
    from mcp.server.mcpserver.exceptions import ToolError
except ImportError:  # mcp 1.x (mypy checks against 2.x, which has none of these modules)
    from mcp.server.fastmcp import Context  # type: ignore[attr-defined, no-redef]
    from mcp.server.fastmcp import FastMCP as MCPServer  # type: ignore[attr-defined, no-redef]
    from mcp.server.fastmcp.exceptions import ToolError  # type: ignore[import-not-found, no-redef]

Observer = Callable[[str, dict, Any], None]
"""Told of every answered tool call: (tool, its answer, the HTTP request that carried it, or None
on stdio). `helpgen serve` counts agents' searches and reads with it."""

INSTRUCTIONS = (
    "The help center of {name}. Use search_articles to find articles that answer a customer's "
    "question, get_article to read one in full (markdown, with FAQ pairs), and list_categories to "
    "see what the help center covers. Quote policies and numbers exactly as the articles give them."
)


def create_server(
    knowledge: Knowledge, site_name: str, observe: Observer | None = None
) -> MCPServer:
    """An MCP server with the tools search_articles, answer_question, get_article and
    list_categories; `observe` is told of every answer."""
    server = MCPServer(
        name="helpgen", instructions=INSTRUCTIONS.format(name=site_name), log_level="WARNING"
    )

    def answer(tool: str, ctx: Context, produce: Callable[[], dict]) -> dict:
        result = _answer(produce)
        if observe is not None:
            observe(tool, result, _http_request(ctx))
        return result

    @server.tool()
    def search_articles(
        ctx: Context, query: str, limit: int = 5, lang: str | None = None
    ) -> dict[str, Any]:
        """Search the help center. Returns up to `limit` (1-50) articles, best first, each with
        id, title, url, markdown_url, snippet, score, category, lang and description; `mode`
        says how they were ranked ("hybrid": by words and meaning; "lexical": by words). `lang`
        (e.g. "id") keeps the articles in that language: ask in the customer's language."""
        return answer("search_articles", ctx, lambda: knowledge.search(query, limit, lang))

    @server.tool()
    def answer_question(ctx: Context, question: str, lang: str | None = None) -> dict[str, Any]:
        """Answer a customer's question with a quotation from the help center: `answer` has the
        text, confidence (0-1), article and section (heading, deep link), or is null when no
        passage answers well enough (then search_articles and read the articles)."""
        return answer("answer_question", ctx, lambda: knowledge.answer(question, lang))

    @server.tool()
    def get_article(ctx: Context, id_or_url: str) -> dict[str, Any]:
        """One article in full: its markdown, metadata and FAQ question/answer pairs. Takes the
        id or URL a search result gave (page URL, markdown URL, path or source file)."""
        return answer("get_article", ctx, lambda: knowledge.get(id_or_url))

    @server.tool()
    def list_categories(ctx: Context) -> dict[str, Any]:
        """The help center's categories and sections: path, title, URL and article counts."""
        return answer("list_categories", ctx, knowledge.categories)

    return server


def _http_request(ctx: Context):
    """The HTTP request that carried a tool call (a Starlette Request), or None on stdio."""
    try:
        return getattr(ctx.request_context, "request", None)
    except ValueError:  # no request context: called outside a request
        return None


def _answer(produce):
    try:
        return produce()
    except (NotFound, ValueError) as exc:
        raise ToolError(str(exc)) from None
    except HelpgenError as exc:  # e.g. the search index is missing or unreadable
        raise ToolError("; ".join(str(p) for p in exc.problems)) from None
    except (
        ImportError
    ) as exc:  # helpgen.search not importable: say so instead of "Error executing tool"
        raise ToolError(f"search is not available in this helpgen: {exc}") from None


def run_stdio(site_dir: Path, site_name: str) -> None:
    """Serve the built site in `site_dir` on stdin/stdout until the client disconnects."""
    knowledge = Knowledge(site_dir)
    threading.Thread(target=knowledge.warm, name="helpgen-mcp-warm", daemon=True).start()
    create_server(knowledge, site_name).run()
