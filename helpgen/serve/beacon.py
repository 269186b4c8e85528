"""The statistics beacon's short way through the server.

Every page view of a help center on a static host, and every search click, is one
`POST /api/event`: the busiest route by far, and the cheapest to answer (a 204). Through
Starlette's middleware, router and response objects it cost several times what the answer
does, so this pure ASGI wrapper answers that one route itself (`api.event_answer` decides,
with the same security and CORS headers as every answer) and hands everything else, and
the lifespan, to the application unchanged.
"""

from __future__ import annotations

import json
import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from helpgen.serve import api

EVENT_PATH = "/api/event"
log = logging.getLogger("uvicorn.error")  # where uvicorn logs the application's other errors


class BeaconShortcut:
    """ASGI app: `POST /api/event` answered here; the rest (and lifespan) by `app`."""

    def __init__(self, app: Starlette, security_headers: dict[str, str]):
        self.app = app
        self.state = app.state
        self.security_headers = _encoded(security_headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != EVENT_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        scope["app"] = self.app  # what api.event_answer reads the server's state from
        try:
            status, headers, message = await api.event_answer(Request(scope, receive))
        except (
            Exception
        ):  # a bug in helpgen: logged, and answered as the application's error handler does
            log.exception("Exception in POST %s", EVENT_PATH)
            status, headers, message = 500, {}, api.SERVER_ERROR
        raw = _encoded(headers)
        body = b""
        if message is not None:
            body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
            raw += [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ]
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": raw + self.security_headers,
            }
        )
        await send({"type": "http.response.body", "body": body})


def _encoded(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
