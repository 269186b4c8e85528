"""/mcp: the tools of `helpgen mcp` for remote agents, over the MCP SDK's Streamable HTTP transport.

The tools are helpgen.mcp.server's, over the site this server serves (a public build:
`helpgen serve` refuses any other, so no internal article is ever answered), asking the
server's own search index. In front of the SDK's transport, as in front of /api/:

- Origin: a browser request from another site is refused (403) unless its origin is the
  help center's own or on `server.cors_origins`, which get CORS headers (the MCP spec's
  DNS-rebinding rule, with the API's allow-list). Agents send no Origin and pass.
- the per-client limit `server.mcp_rate_limit` (requests a minute, counted in the store
  across every replica; 429 with Retry-After), and a body cap (`MAX_BODY`, 413 from the
  SDK before anything is parsed).

Stateless, JSON responses: each POST carries one JSON-RPC message and gets its answer in
the response body, and no session lives in a process. The tools only read, so a session
would hold nothing, and without one any worker (`--workers N`) or replica behind a load
balancer can answer any request; with sessions, a client's second request would have to
reach the process that made its session. No SSE stream stays open on a worker either.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send

from helpgen.mcp.knowledge import Knowledge
from helpgen.mcp.server import create_server
from helpgen.serve import api
from helpgen.serve.headers import cors_headers
from helpgen.serve.senders import own_origins, sender
from helpgen.serve.state import ServerState
from helpgen.store import Event

MCP_PATH = "/mcp"
MAX_BODY = 64 * 1024
"""Bytes of one request: a tool call is a few hundred."""
METHODS = "GET, POST, DELETE, OPTIONS"
ALLOWED_HEADERS = "content-type, accept, authorization, mcp-protocol-version, last-event-id"
COUNTED = ("search_articles", "answer_question", "get_article")
"""Tool calls counted in the statistics (as an agent's searches and reads)."""


class RemoteMcp:
    """ASGI app at /mcp; `run()` (in the server's lifespan) runs the SDK's session manager."""

    def __init__(self, state: ServerState):
        self.state = state
        knowledge = Knowledge(state.out, index=state.search_index)
        server = create_server(knowledge, state.project.config.site_name, observe=self._count)
        self.manager = _session_manager(server)

    @asynccontextmanager
    async def run(self):
        async with self.manager.run():
            yield

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        origin = sender(request.headers)
        config = self.state.project.config
        own = own_origins(request.url.scheme, request.headers.get("host"), config.site_url)
        if origin is not None and origin not in own and origin not in self.state.cors:
            await _refuse(
                403,
                "MCP requests are accepted from agents, the help center's own "
                "pages and the CORS allow-list",
                {"vary": "Origin"},
            )(scope, receive, send)
            return
        headers = cors_headers(origin, self.state.cors | own, METHODS)
        if "access-control-allow-origin" in headers:
            headers["access-control-allow-headers"] = ALLOWED_HEADERS
        if scope["method"] == "OPTIONS":
            await _refuse(204, None, headers)(scope, receive, send)
            return
        if scope["method"] == "POST":
            over = await api.over_limit(self.state.mcp_limiter, request, "MCP requests", headers)
            if over:
                await _refuse(over[0], over[2], over[1])(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer = MutableHeaders(scope=message)
                for name, value in headers.items():
                    answer[name] = value
            await send(message)

        await self.manager.handle_request(scope, receive, send_with_headers)

    def _count(self, tool: str, answer: dict, request) -> None:
        """An agent's search (search_articles, answer_question) or read (get_article), counted
        as the pages and the API count them, apart from people's."""
        if tool not in COUNTED or request is None or not self.state.tracker.enabled:
            return
        if tool == "get_article":
            event = Event("view", "mcp", article=self.state.registry.resolve(answer.get("id", "")))
            if event.article is None:
                return
        else:
            found = answer.get("results")
            results = len(found) if found is not None else int(answer.get("answer") is not None)
            event = Event("search", "mcp", query=answer.get("query", "")[:500], results=results)
        client = request.client.host if request.client else ""
        self.state.tracker.count(event, request.scope["headers"], client, agent=True)


def _session_manager(server):
    """The SDK's StreamableHTTPSessionManager for `server`: stateless, JSON answers, the body
    cap, and no Host/Origin check of its own (the Origin check is done above with the
    allow-list; Host is whatever name the help center is published under)."""
    try:  # mcp >= 2 takes the settings here
        from mcp.server.transport_security import TransportSecuritySettings

        server.streamable_http_app(
            streamable_http_path=MCP_PATH,
            json_response=True,
            stateless_http=True,
            max_request_body_size=MAX_BODY,
            transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
        )
    except TypeError:  # mcp 1.x: the same settings live on the server
        server.settings.json_response = True
        server.settings.stateless_http = True
        server.streamable_http_app()
    return server.session_manager


def _refuse(status: int, message: str | None, headers: dict[str, str]):
    """A plain answer of /mcp's own: a JSON error (or nothing, for 204) with `headers`."""
    if message is None:
        return Response(status_code=status, headers=headers)
    return JSONResponse({"error": message}, status_code=status, headers=headers)
