"""Prometheus metrics of `helpgen serve`, at GET /metrics behind the admin token.

Requests by route and status and their latency, votes and events written, store errors,
and the article count of the served index. Routes are labelled by their template (an API
endpoint, or `site` for every page and asset), so that no client can grow the number of
series. With `--workers N`, prometheus-client's multiprocess mode sums the workers: the
server sets PROMETHEUS_MULTIPROC_DIR (a fresh folder) before the workers start, unless
the operator set one.
"""

from __future__ import annotations

import os
import tempfile
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
ROUTES = frozenset(
    {
        "/api/search",
        "/api/suggest",
        "/api/answer",
        "/api/feedback",
        "/api/event",
        "/api/stats",
        "/api/openapi.json",
        "/healthz",
        "/readyz",
        "/metrics",
        "/mcp",
        "/_helpgen/dashboard",
    }
)

REQUESTS = Counter(
    "helpgen_http_requests", "HTTP requests answered, by route and status.", ["route", "status"]
)
LATENCY = Histogram(
    "helpgen_http_request_duration_seconds",
    "Time from request to the end of the answer.",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
VOTES = Counter(
    "helpgen_votes_written", "Votes committed to the store (acknowledged to the voter)."
)
EVENTS = Counter(
    "helpgen_events_written", "Statistics events accepted for the store (page views, clicks)."
)
STORE_ERRORS = Counter("helpgen_store_errors", "Writes the store could not take (answered 503).")
ARTICLES = Gauge(
    "helpgen_index_documents",
    "Documents in the served search index (articles and FAQ questions).",
    multiprocess_mode="max",
)


def prepare_workers() -> None:
    """Before uvicorn starts N workers: one folder where they all write their figures."""
    if not os.environ.get(MULTIPROC_ENV):
        os.environ[MULTIPROC_ENV] = tempfile.mkdtemp(prefix="helpgen-metrics-")


def route_of(path: str) -> str:
    if path in ROUTES:
        return path
    return "/api/other" if path.startswith("/api/") else "site"


def exposition(documents: int | None) -> tuple[bytes, str]:
    """The text format of every metric (every worker's in multiprocess mode) and its media type."""
    if documents is not None:
        ARTICLES.set(documents)
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST


class Measured:
    """Pure ASGI wrapper: counts every HTTP answer and times it to its last byte."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status, recorded = time.perf_counter(), 500, False

        def record() -> None:
            nonlocal recorded
            recorded = True
            route = route_of(scope["path"])
            REQUESTS.labels(route, str(status)).inc()
            LATENCY.labels(route).observe(time.perf_counter() - start)

        async def timed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                record()  # before the last bytes go: a client's next request sees it counted
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            if not recorded:  # no complete answer: a failure, or a stream the client left
                record()
