"""Count the article and FAQ pages `helpgen serve` serves, around the static files app.

A view is a GET of an article's URL answered 200, or 304: a reader whose browser
revalidated its cached copy still read the page. HEAD, redirects, errors and assets are
not views. The count is queued after the answer is sent, so counting adds no wait to it.
An article's markdown copy (by its URL, or negotiated at the article's) is an AI agent's
read (helpgen.analytics.agents), counted apart from people's, with the source `markdown`.

Pages also get `Server-Timing: helpgen` while statistics are on: the page script reads it
(PerformanceNavigationTiming.serverTiming) to know that /api/event is there to take its
clicks, which a plain static host serving the same build would not have.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpgen.serve.metrics import EVENTS
from helpgen.serve.negotiation import COPY
from helpgen.serve.state import ServerState
from helpgen.store import Event

VIEW_STATUSES = (200, 304)
MARKER = (b"server-timing", b"helpgen")


def _media(headers: list[tuple[bytes, bytes]]) -> bytes:
    return next((value for name, value in headers if name == b"content-type"), b"")


def _article_path(path: str) -> str:
    """The article URL a request path names: a markdown copy's URL names its article's."""
    return path.removesuffix(COPY) if path.endswith("/" + COPY) else path


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
        path = _article_path(scope["path"])
        article = self.state.registry.resolve(path) if tracker.counts_views else None
        status, markdown = 0, False

        async def send_status(message: Message) -> None:
            nonlocal status, markdown
            if message["type"] == "http.response.start":
                status = message["status"]
                media = _media(message["headers"])
                markdown = media.startswith(b"text/markdown") or path != scope["path"]
                if status == 304 or media.startswith(b"text/html"):
                    message["headers"] = [*message["headers"], MARKER]
            await send(message)

        await self.app(scope, receive, send_status)
        if article is not None and status in VIEW_STATUSES:
            client = scope.get("client")
            if tracker.count(
                Event("view", "markdown" if markdown else "server", article=article),
                scope["headers"],
                client[0] if client else "",
                agent=markdown,
            ):
                EVENTS.inc()
