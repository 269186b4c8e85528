"""The HTTP API under /api/: search, suggest, feedback, events, stats, and its OpenAPI description.

Every answer is JSON; anything a client sends gets a 2xx or a 4xx with `{"error": ...}`,
never a 500.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from helpgen.analytics.agents import is_ai_agent
from helpgen.analytics.events import MAX_BODY as MAX_EVENT_BODY
from helpgen.analytics.events import EventError, parse_event
from helpgen.analytics.privacy import MAX_USER_AGENT
from helpgen.feedback.validate import MAX_BODY, VoteError, parse_vote
from helpgen.serve import metrics
from helpgen.serve.headers import PRIVATE, cors_headers
from helpgen.serve.openapi import OPENAPI
from helpgen.serve.params import BadParam, day, whole_number
from helpgen.serve.senders import Refused, check_sender, own_origins
from helpgen.serve.state import ServerState
from helpgen.store import StoreError
from helpgen.visitor_text import clean_visitor_text

MAX_QUERY = 10_000
MAX_LIMIT = 50
MAX_LOGGED = 500
"""Characters of a query kept in the search log."""
INLINE_QUERY = 120
"""Queries up to this many characters are answered in the event loop (see `_run`)."""


RETRY_AFTER = "5"
"""Seconds a client is asked to wait while the store does not answer (503)."""
UNAVAILABLE = "the store is not answering; try again in a few seconds"

SERVER_ERROR = "internal error in helpgen; see the server log"
"""The 500's message: only a bug in helpgen gets there; it says so without leaking internals."""


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _state(request: Request) -> ServerState:
    return request.app.state.helpgen


def _cors(request: Request, methods: str = "GET, OPTIONS") -> dict[str, str]:
    return cors_headers(request.headers.get("origin"), _state(request).cors, methods)


async def preflight(request: Request) -> Response:
    methods = (
        "POST, OPTIONS" if request.url.path.endswith(("/feedback", "/event")) else "GET, OPTIONS"
    )
    return Response(status_code=204, headers=_cors(request, methods))


async def search(request: Request) -> Response:
    return await _query(request, suggest=False)


async def suggest(request: Request) -> Response:
    return await _query(request, suggest=True)


async def _query(request: Request, suggest: bool) -> Response:
    headers = _cors(request)
    query = request.query_params.get("q", "")
    try:
        limit = whole_number(
            request.query_params, "limit", 8 if suggest else 10, 1, MAX_LIMIT, cap=True
        )
    except BadParam as exc:
        return error(400, str(exc), headers)
    index, refused = _index_for(request, query, headers)
    if refused:
        return refused
    from helpgen.search import QueryError

    lang = request.query_params.get("lang") or None
    try:
        if suggest:
            hits = await _run(index, query, index.suggest, query, limit, lang)
            body = {"query": query, "results": [h.to_dict() for h in hits]}
        else:
            found = await _run(
                index,
                query,
                index.search,
                query,
                limit,
                lang,
                request.query_params.get("category") or None,
            )
            body = found.to_dict()
    except QueryError as exc:
        return error(400, str(exc), headers)
    if not suggest and request.method == "GET":
        agent = is_ai_agent(request.headers.get("user-agent", "")[:MAX_USER_AGENT])
        _log_search(_state(request), query, len(body["results"]), agent)
    return JSONResponse(body, headers=headers)


def _index_for(request: Request, query: str, headers: dict) -> tuple[Any, Response | None]:
    """The search index to ask `query`, or the 400/503 that refuses it (one check for every
    front door that takes a question)."""
    if not query.strip():
        return None, error(400, "'q' is required", headers)
    if len(query) > MAX_QUERY:
        return None, error(400, f"'q' is longer than {MAX_QUERY} characters", headers)
    index = _state(request).search_index()
    if index is None:
        return None, error(503, "search is not available: the site has no search index", headers)
    return index, None


def _log_search(state: ServerState, query: str, results: int, agent: bool) -> None:
    """Queue the query for the search log, cleaned as all visitors' text is; nothing when nothing
    is left of it. `agent`: an AI agent asked (helpgen.analytics.agents)."""
    logged = clean_visitor_text(query)[:MAX_LOGGED]
    if logged:
        state.writer.record_search(logged, results, agent)


async def answer(request: Request) -> Response:
    """GET /api/answer?q=&lang=: the passage that answers `q` (or null) and the top 5 results."""
    headers = _cors(request)
    query = request.query_params.get("q", "")
    index, refused = _index_for(request, query, headers)
    if refused:
        return refused
    from helpgen.search import QueryError

    lang = request.query_params.get("lang") or None
    try:
        found, results = await _run(index, query, index.answer_with_results, query, lang)
    except QueryError as exc:
        return error(400, str(exc), headers)
    body = {
        "query": query,
        "answer": found.to_dict(index.analyzer_for(lang)) if found is not None else None,
        "results": results.to_dict()["results"],
    }
    return JSONResponse(body, headers=headers)


async def _run(index, query: str, function, *args):
    """`function(*args)`, a query of `index`: in the event loop when `query` is a question's
    length, in a thread when longer. An index a rebuild has just swapped in is warmed in a
    thread first (its vectors and tables: about 0.1 s at 10,000 articles).

    A query is CPU work under the GIL, so threads add no parallelism within a worker (the
    workers are the parallelism), only handing each query to a thread and back, and threads
    contending for the GIL: at 10,000 articles a worker answered about 20 % more queries a
    second without them (bench/search_latency.py). A question takes a few milliseconds
    there, so other requests barely wait. A long query (up to the query function's 1,000
    characters, each word possibly a typo to correct) can take a few hundred milliseconds
    the first time: it goes to a thread, so that the worker's other requests do not wait."""
    if len(query) <= INLINE_QUERY:
        if not index.warmed():
            await asyncio.to_thread(index.warm)
        return function(*args)
    return await asyncio.to_thread(function, *args)


async def feedback(request: Request) -> Response:
    state = _state(request)
    headers = _cors(request, "POST, OPTIONS")
    if state.project.feedback_endpoint is None:
        return error(404, "feedback is switched off for this help center", headers)
    limited = await _rate_limited(state.limiter, request, "votes", headers)
    if limited:
        return limited
    try:
        _check_sender(request, state, "vote", "application/json")
    except Refused as exc:
        return error(exc.status, exc.message, headers)
    body = await _body(request, MAX_BODY)
    if body is None:
        return error(413, f"body too large: at most {MAX_BODY} bytes", headers)
    try:
        vote = parse_vote(body, state.registry)
    except VoteError as exc:
        return error(exc.status, exc.message, headers)
    try:
        await asyncio.wrap_future(state.writer.submit(vote))
    except (
        Exception
    ):  # the store failed (or went away): the vote was not stored, and the client may retry
        metrics.STORE_ERRORS.inc()
        return error(
            503, "the vote could not be stored; try again", {**headers, "retry-after": RETRY_AFTER}
        )
    metrics.VOTES.inc()
    return JSONResponse({"ok": True, "article": vote.article}, status_code=201, headers=headers)


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


async def over_limit(
    limiter, request: Request, what: str, headers: dict
) -> tuple[int, dict, str] | None:
    """(429, headers with Retry-After, message) when this client sent too many `what` lately
    (counted in the store, over every server); (503, …) while the store does not answer; or None."""
    state = _state(request)
    if not state.store_available():
        return 503, {**headers, "retry-after": RETRY_AFTER}, UNAVAILABLE
    wait: float | None
    if limiter.per_minute <= 0:
        wait = 0.0
    elif limiter.blocking:  # a round trip to the store: off the event loop
        wait = await asyncio.to_thread(state.allow, limiter, _address(request))
    else:
        wait = state.allow(limiter, _address(request))
    if wait is None:
        return 503, {**headers, "retry-after": RETRY_AFTER}, UNAVAILABLE
    if not wait:
        return None
    return (
        429,
        {**headers, "retry-after": str(max(1, round(wait)))},
        f"too many {what} from this client; try again later",
    )


async def _rate_limited(limiter, request: Request, what: str, headers: dict) -> Response | None:
    """`over_limit` as a JSON response."""
    over = await over_limit(limiter, request, what, headers)
    return error(over[0], over[2], over[1]) if over else None


async def _body(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it grows past `limit` bytes."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return body


async def event_answer(request: Request) -> tuple[int, dict[str, str], str | None]:
    """A statistics event from a page, the in-browser search or the widget
    (helpgen.analytics.events): the answer's status, headers and error message (None for a 204).
    helpgen.serve.beacon sends it.

    204 once it is queued (the request does not wait for the commit) or deliberately not
    counted (Do-Not-Track, Global Privacy Control, a bot, the live preview): a sender can
    not tell the two apart, and need not.
    """
    state = _state(request)
    headers = _cors(request, "POST, OPTIONS")
    if not state.project.config.analytics.enabled:
        return 404, headers, "statistics are switched off for this help center"
    try:
        _check_sender(request, state, "event", "text/plain or application/json")
    except Refused as exc:
        return exc.status, headers, exc.message
    over = await over_limit(state.event_limiter, request, "events", headers)
    if over:
        return over
    body = await _body(request, MAX_EVENT_BODY)
    if body is None:
        return 413, headers, f"body too large: at most {MAX_EVENT_BODY} bytes"
    try:
        parsed = parse_event(body, state.registry)
    except EventError as exc:
        return exc.status, headers, exc.message
    if state.tracker.count(parsed, request.headers.raw, _address(request)):
        metrics.EVENTS.inc()
    return 204, headers, None


def _check_sender(request: Request, state: ServerState, what: str, takes: str) -> None:
    """Refused (403, 415) unless the help center's own pages or the allow-list sent this POST
    (helpgen.serve.senders)."""
    config = state.project.config
    own = own_origins(request.url.scheme, request.headers.get("host"), config.site_url)
    check_sender(request.headers, own, state.cors, what, takes)


def admin_refusal(request: Request, what: str) -> Response | None:
    """The 403 (no admin token configured: `what` is off) or 401 (not the token) that keeps an
    admin-only endpoint private, or None for the admin."""
    state = _state(request)
    if not state.admin_token():
        return error(
            403,
            f"{what} are off: set HELPGEN_ADMIN_TOKEN (or server.admin_token) to enable them",
            PRIVATE,
        )
    if not state.is_admin(request.headers.get("authorization")):
        return error(
            401,
            "send the admin token as 'Authorization: Bearer <token>'",
            {**PRIVATE, "www-authenticate": "Bearer"},
        )
    return None


async def stats(request: Request) -> Response:
    state = _state(request)
    refused = admin_refusal(request, "statistics")
    if refused:
        return refused
    try:
        since = day(request.query_params, "since")
    except BadParam as exc:
        return error(400, str(exc), PRIVATE)
    try:
        return JSONResponse(await asyncio.to_thread(state.figures, since), headers=PRIVATE)
    except StoreError:
        return error(503, UNAVAILABLE, {**PRIVATE, "retry-after": RETRY_AFTER})


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI, headers=_cors(request))


async def not_found(request: Request) -> Response:
    return error(404, f"no API endpoint {request.url.path}")
