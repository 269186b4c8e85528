"""Probes and metrics for operators: /healthz, /readyz and /metrics.

`/healthz`: the process is up and answering (a liveness probe: restart it when this
fails). `/readyz`: it can do its job, i.e. the search index is loaded and the store
answers (a readiness probe: a load balancer sends it no traffic until then, and stops
while the store is away). `/metrics`: Prometheus' text format, behind the admin token.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from helpgen.serve import metrics
from helpgen.serve.api import admin_refusal
from helpgen.serve.state import ServerState

NO_STORE = {"cache-control": "no-store"}
STORE_TIMEOUT = 2.0
"""Seconds the store gets to answer a readiness probe (probes time out at 1-5 s by default)."""


def _state(request: Request) -> ServerState:
    return request.app.state.helpgen


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


async def readyz(request: Request) -> Response:
    state = _state(request)
    checks = {
        "index": await asyncio.to_thread(state.search_index) is not None,
        "store": await _within(STORE_TIMEOUT, state.store_answers),
    }
    ready = all(checks.values())
    body = {
        "status": "ready" if ready else "not ready",
        "checks": {k: "ok" if v else "failing" for k, v in checks.items()},
    }
    return JSONResponse(body, status_code=200 if ready else 503, headers=NO_STORE)


async def _within(seconds: float, check) -> bool:
    """`check()` in a thread; False when it takes longer than `seconds` (the thread finishes
    by itself: a store that does not answer must not hold the probe)."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(check), seconds)
    except TimeoutError:
        return False


async def metrics_endpoint(request: Request) -> Response:
    refused = admin_refusal(request, "metrics")
    if refused:
        return refused
    state = _state(request)
    index = state.search_index()
    body, media_type = metrics.exposition(index.documents() if index is not None else None)
    return Response(body, media_type=media_type, headers=NO_STORE)
