"""GET /_helpgen/dashboard: the statistics report (helpgen.analytics.dashboard) for the admin.

The admin token goes in `Authorization: Bearer <token>`; a browser opened on the URL gets
a 401 with a Basic challenge, so its login prompt asks for it (any user name, the token
as password). `?since=2026-01-31` limits it to the days from then on. Never cached, never framed.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from helpgen.analytics.dashboard import CSP, render_dashboard
from helpgen.serve.headers import PRIVATE
from helpgen.serve.params import BadParam, day
from helpgen.serve.state import ServerState
from helpgen.store import StoreError

DASHBOARD_PATH = "/_helpgen/dashboard"


async def dashboard(request: Request) -> Response:
    state: ServerState = request.app.state.helpgen
    if not state.admin_token():
        return PlainTextResponse(
            "statistics are off: set HELPGEN_ADMIN_TOKEN (or server.admin_token) to enable them",
            status_code=403,
            headers=PRIVATE,
        )
    if not state.is_admin(request.headers.get("authorization")):
        return PlainTextResponse(
            "send the admin token: 'Authorization: Bearer <token>', or as the password when "
            "the browser asks",
            status_code=401,
            headers={
                **PRIVATE,
                "www-authenticate": 'Basic realm="helpgen statistics", charset="UTF-8"',
            },
        )
    try:
        since = day(request.query_params, "since")
    except BadParam as exc:
        return PlainTextResponse(str(exc), status_code=400, headers=PRIVATE)
    try:
        html = await asyncio.to_thread(_render, state, since)
    except StoreError as exc:
        return PlainTextResponse(str(exc), status_code=503, headers={**PRIVATE, "retry-after": "5"})
    return HTMLResponse(
        html, headers={**PRIVATE, "content-security-policy": CSP + "; frame-ancestors 'none'"}
    )


def _render(state: ServerState, since: dt.date | None) -> str:
    return render_dashboard(state.figures(since), state.project.config.site_name)
