"""Count the article and FAQ pages `helpgen serve` serves, around the static files app.

A view is a GET of an article's URL answered 200, or 304: a reader whose browser
revalidated its cached copy still read the page. HEAD, redirects, errors and assets are
not views. The count is queued after the answer is sent, so counting adds no wait to it.

Pages also get `Server-Timing: helpgen` while statistics are on: the page script reads it
(PerformanceNavigationTiming.serverTiming) to know that /api/event is there to take its
clicks, which a plain static host serving the same build would not have.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpgen.serve.metrics import EVENTS
from helpgen.serve.state import ServerState
from helpgen.store import Event

VIEW_STATUSES = (200, 304)
MARKER = (b"server-timing", b"helpgen")


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(
        name == b"content-type" and value.startswith(b"text/html") for name, value in headers
    )


class CountViews:
    """Pure ASGI wrapper: `app` serves the site; views of article pages are counted (server-side)
    and pages carry the Server-Timing marker while statistics are on."""

    def __init__(self, app: ASGIApp, state: ServerState):
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        tracker = self.state.tracker
        if scope["type"] != "http" or scope["method"] != "GET" or not tracker.enabled:
            await self.app(scope, receive, send)
            return
        article = self.state.registry.resolve(scope["path"]) if tracker.counts_views else None
        status = 0

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                if status == 304 or _is_html(message["headers"]):
                    message["headers"] = [*message["headers"], MARKER]
            await send(message)

        await self.app(scope, receive, send_status)
        if article is not None and status in VIEW_STATUSES:
            client = scope.get("client")
            if tracker.count(
                Event("view", "server", article=article),
                scope["headers"],
                client[0] if client else "",
            ):
                EVENTS.inc()
