"""The HTTP API under /api/: search, suggest, feedback, events, stats, and its OpenAPI description.

Every answer is JSON; anything a client sends gets a 2xx or a 4xx with `{"error": ...}`,
never a 500.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from helpgen.analytics.events import MAX_BODY as MAX_EVENT_BODY
from helpgen.analytics.events import EventError, parse_event
from helpgen.analytics.figures import compute_figures
from helpgen.feedback.store import connect
from helpgen.feedback.validate import MAX_BODY, VoteError, parse_vote
from helpgen.serve.headers import cors_headers, origin_of
from helpgen.serve.openapi import OPENAPI
from helpgen.serve.state import ServerState

MAX_QUERY = 10_000
MAX_LIMIT = 50
INLINE_QUERY = 120
"""Queries up to this many characters are answered in the event loop (see `_run`)."""


class BadParam(Exception):
    """A query parameter out of range: answered with 400."""


SERVER_ERROR = "internal error in helpgen; see the server log"
"""The 500's message: only a bug in helpgen gets there; it says so without leaking internals."""


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _state(request: Request) -> ServerState:
    return request.app.state.helpgen


def _cors(request: Request, methods: str = "GET, OPTIONS") -> dict[str, str]:
    return cors_headers(request.headers.get("origin"), _state(request).cors, methods)


async def preflight(request: Request) -> Response:
    methods = "POST, OPTIONS" if request.url.path.endswith(("/feedback", "/event")) else "GET, OPTIONS"
    return Response(status_code=204, headers=_cors(request, methods))


def _int_param(request: Request, name: str, default: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    # ASCII digits only: str.isdigit() also accepts "¹" and "٣", which int() refuses or reads
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 10**6:
        raise BadParam(f"'{name}' must be a whole number from 1 to {high}")
    return min(int(raw), high)


async def search(request: Request) -> Response:
    return await _query(request, suggest=False)


async def suggest(request: Request) -> Response:
    return await _query(request, suggest=True)


async def _query(request: Request, suggest: bool) -> Response:
    headers = _cors(request)
    query = request.query_params.get("q", "")
    try:
        limit = _int_param(request, "limit", 8 if suggest else 10, MAX_LIMIT)
    except BadParam as exc:
        return error(400, str(exc), headers)
    if not query.strip():
        return error(400, "'q' is required", headers)
    if len(query) > MAX_QUERY:
        return error(400, f"'q' is longer than {MAX_QUERY} characters", headers)
    index = _state(request).search_index()
    if index is None:
        return error(503, "search is not available: the site has no search index", headers)
    from helpgen.search import QueryError

    lang = request.query_params.get("lang") or None
    try:
        if suggest:
            hits = await _run(index, query, index.suggest, query, limit, lang)
            body = {"query": query, "results": [h.to_dict() for h in hits]}
        else:
            found = await _run(index, query, index.search, query, limit, lang,
                               request.query_params.get("category") or None)
            body = found.to_dict()
    except QueryError as exc:
        return error(400, str(exc), headers)
    if not suggest and request.method == "GET":
        _state(request).writer.record_search(query[:500], len(body["results"]))
    return JSONResponse(body, headers=headers)


async def answer(request: Request) -> Response:
    """GET /api/answer?q=&lang=: the passage that answers `q` (or null) and the top 5 results."""
    headers = _cors(request)
    query = request.query_params.get("q", "")
    if not query.strip():
        return error(400, "'q' is required", headers)
    if len(query) > MAX_QUERY:
        return error(400, f"'q' is longer than {MAX_QUERY} characters", headers)
    index = _state(request).search_index()
    if index is None:
        return error(503, "search is not available: the site has no search index", headers)
    from helpgen.search import QueryError

    lang = request.query_params.get("lang") or None
    try:
        found = await _run(index, query, index.answer, query, lang)
        results = await _run(index, query, index.search, query, 5, lang)
    except QueryError as exc:
        return error(400, str(exc), headers)
    body = {"query": query,
            "answer": found.to_dict(index.analyzer_for(lang)) if found is not None else None,
            "results": results.to_dict()["results"]}
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
    limited = _rate_limited(state.limiter, request, "votes", headers)
    if limited:
        return limited
    if "json" not in request.headers.get("content-type", ""):
        return error(415, "send the vote as application/json", headers)
    body = await _body(request, MAX_BODY)
    if body is None:
        return error(413, f"body too large: at most {MAX_BODY} bytes", headers)
    try:
        vote = parse_vote(body, state.registry)
    except VoteError as exc:
        return error(exc.status, exc.message, headers)
    try:
        await asyncio.wrap_future(state.writer.submit(vote))
    except Exception:
        return error(503, "the vote could not be stored; try again", headers)
    return JSONResponse({"ok": True, "article": vote.article}, status_code=201, headers=headers)


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _over_limit(limiter, request: Request, what: str, headers: dict) -> tuple[int, dict, str] | None:
    """(429, headers with Retry-After, message) when this client sent too many `what` lately, else None."""
    wait = limiter.allow(_address(request))
    if not wait:
        return None
    return 429, {**headers, "retry-after": str(max(1, round(wait)))}, f"too many {what} from this client; try again later"


def _rate_limited(limiter, request: Request, what: str, headers: dict) -> Response | None:
    """`_over_limit` as a JSON response."""
    over = _over_limit(limiter, request, what, headers)
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
    """A statistics event from a page, the in-browser search or the widget (helpgen.analytics.events):
    the answer's status, headers and error message (None for a 204). helpgen.serve.beacon sends it.

    204 once it is queued (the request does not wait for the commit) or deliberately not
    counted (Do-Not-Track, Global Privacy Control, a bot, the live preview): a sender can
    not tell the two apart, and need not.
    """
    state = _state(request)
    headers = _cors(request, "POST, OPTIONS")
    if not state.project.config.analytics.enabled:
        return 404, headers, "statistics are switched off for this help center"
    if not _origin_allowed(request, state):
        return 403, headers, "events are accepted from the help center's own pages and the CORS allow-list"
    over = _over_limit(state.event_limiter, request, "events", headers)
    if over:
        return over
    if request.headers.get("content-type", "text/plain").split(";")[0].strip() not in ("text/plain", "application/json"):
        return 415, headers, "send the event as text/plain or application/json"
    body = await _body(request, MAX_EVENT_BODY)
    if body is None:
        return 413, headers, f"body too large: at most {MAX_EVENT_BODY} bytes"
    try:
        parsed = parse_event(body, state.registry)
    except EventError as exc:
        return exc.status, headers, exc.message
    state.tracker.count(parsed, request.headers.raw, _address(request))
    return 204, headers, None


def _origin_allowed(request: Request, state: ServerState) -> bool:
    """No Origin (not a browser, or a same-origin GET): allowed; else this host, site_url or the allow-list."""
    origin = request.headers.get("origin")
    if not origin:
        return True
    own = {f"{request.url.scheme}://{request.headers.get('host', '')}", origin_of(state.project.config.site_url)}
    return origin in own or origin in state.cors


async def stats(request: Request) -> Response:
    state = _state(request)
    if not state.admin_token():
        return error(403, "statistics are off: set HELPGEN_ADMIN_TOKEN (or server.admin_token) to enable them")
    if not state.is_admin(request.headers.get("authorization")):
        return error(401, "send the admin token as 'Authorization: Bearer <token>'", {"www-authenticate": "Bearer"})
    since = request.query_params.get("since")
    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        return error(400, "'since' must be a date like 2026-01-31")
    return JSONResponse(await asyncio.to_thread(_read_stats, state, day))


def _read_stats(state: ServerState, day: dt.date | None) -> dict:
    db = connect(state.project.feedback_store)
    try:
        return compute_figures(db, day, state.articles)
    finally:
        db.close()


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI, headers=_cors(request))


async def not_found(request: Request) -> Response:
    return error(404, f"no API endpoint {request.url.path}")
