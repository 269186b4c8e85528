"""The statistics beacon's short way through the server.

Every page view of a help center on a static host, and every search click, is one
`POST /api/event`: the busiest route by far, and the cheapest to answer (a 204). Through
Starlette's middleware and router it costs several times what the answer does, so this
pure ASGI wrapper hands that one route straight to `api.event`, with the same security
and CORS headers, and everything else to the application unchanged.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from helpgen.serve import api
from helpgen.serve.headers import add_missing

EVENT_PATH = "/api/event"


class BeaconShortcut:
    """ASGI app: `POST /api/event` to `api.event` directly; the rest (and lifespan) to `app`."""

    def __init__(self, app: Starlette, security_headers: dict[str, str]):
        self.app = app
        self.state = app.state
        self.security_headers = security_headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != EVENT_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        scope["app"] = self.app  # what api.event reads the server's state from
        try:
            response = await api.event(Request(scope, receive))
        except Exception:  # a bug in helpgen: answered as the application's error handler does
            response = api.error(500, "internal error in helpgen; see the server log")
        add_missing(response.headers, self.security_headers)
        await response(scope, receive, send)
