"""The ASGI application: the API, live reload in watch mode, and the built site."""

from __future__ import annotations

from contextlib import asynccontextmanager, nullcontext

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import BaseRoute, Mount, Route

from helpgen.render.views import Urls
from helpgen.serve import api, health, livereload
from helpgen.serve.beacon import BeaconShortcut
from helpgen.serve.counting import CountViews
from helpgen.serve.dashboard import DASHBOARD_PATH, dashboard
from helpgen.serve.headers import (
    SecurityHeaders,
    content_security_policy,
    origin_of,
    security_headers,
)
from helpgen.serve.metrics import Measured
from helpgen.serve.remote_mcp import MCP_PATH, RemoteMcp
from helpgen.serve.search_page import SearchPage
from helpgen.serve.state import ServerState
from helpgen.serve.static import SiteFiles


def create_app(state: ServerState, broadcaster: livereload.Broadcaster | None = None) -> Measured:
    """The server for one project; `broadcaster` (watch mode) adds live reload to every page.

    `POST /api/event` (helpgen.serve.beacon) goes around the router; all other requests through it.
    """
    routes: list[BaseRoute] = [
        Route("/healthz", health.healthz, methods=["GET", "HEAD"]),
        Route("/readyz", health.readyz, methods=["GET", "HEAD"]),
        Route("/metrics", health.metrics_endpoint, methods=["GET"]),
        Route("/api/search", api.search, methods=["GET", "HEAD"]),
        Route("/api/suggest", api.suggest, methods=["GET", "HEAD"]),
        Route("/api/answer", api.answer, methods=["GET", "HEAD"]),
        Route("/api/feedback", api.feedback, methods=["POST"]),
        Route("/api/stats", api.stats, methods=["GET"]),
        Route("/api/openapi.json", api.openapi, methods=["GET", "HEAD"]),
        Route("/api/{path:path}", api.preflight, methods=["OPTIONS"]),
        Route(
            "/api/{path:path}",
            api.not_found,
            methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
        ),
    ]
    if broadcaster is not None:
        routes += [
            Route(livereload.EVENTS_PATH, broadcaster.stream),
            Route(livereload.SCRIPT_PATH, livereload.script),
            Route(livereload.STYLE_PATH, livereload.stylesheet),
        ]
    routes.append(Route(DASHBOARD_PATH, dashboard, methods=["GET", "HEAD"]))
    remote = RemoteMcp(state) if state.project.config.server.mcp else None
    if remote is not None:
        routes.append(Route(MCP_PATH, remote))
    inject = livereload.INJECT if broadcaster else None
    site = SiteFiles(
        str(state.out),
        inject=inject,
        cors=state.cors,
        base=lambda: Urls(state.project).base,
        search=SearchPage(state),
    )
    routes.append(Mount("/", app=CountViews(site, state)))
    endpoints = (state.project.feedback_endpoint, state.project.events_endpoint)
    headers = security_headers(
        content_security_policy(tuple(sorted({o for o in map(origin_of, endpoints) if o})))
    )

    @asynccontextmanager
    async def lifespan(app):
        state.start_statistics()
        await anyio.to_thread.run_sync(state.warm_search)
        async with remote.run() if remote is not None else nullcontext():
            yield
        state.close()

    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders, headers=headers)],
        lifespan=lifespan,
        # starlette types every handler as taking any Exception; each one here gets its own
        exception_handlers={HTTPException: _http_error, Exception: _server_error},  # type: ignore[dict-item]
    )
    # The router's own trailing-slash redirect builds its Location from the Host header (one
    # for `/%0d%0a/`, which no route matches, went to http://evil.example/); folders are
    # redirected by SiteFiles, with a path.
    app.router.redirect_slashes = False
    app.state.helpgen = state
    return Measured(BeaconShortcut(app, headers))


async def _http_error(request: Request, exc: HTTPException):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)
    return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)


async def _server_error(request: Request, exc: Exception):
    return api.error(500, api.SERVER_ERROR)
