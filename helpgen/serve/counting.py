"""Count the article and FAQ pages `helpgen serve` serves, around the static files app.

A view is a GET of an article's URL answered 200, or 304: a reader whose browser
revalidated its cached copy still read the page. HEAD, redirects, errors and assets are
not views. The count is queued after the answer is sent, so counting adds no wait to it.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpgen.feedback.store import Event
from helpgen.serve.state import ServerState

VIEW_STATUSES = (200, 304)


class CountViews:
    """Pure ASGI wrapper: `app` serves the site, views of article pages are counted (server-side)."""

    def __init__(self, app: ASGIApp, state: ServerState):
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        tracker = self.state.tracker
        article = None
        if scope["type"] == "http" and scope["method"] == "GET" and tracker.counts_views:
            article = self.state.registry.resolve(scope["path"])
        if article is None:
            await self.app(scope, receive, send)
            return
        status = 0

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, send_status)
        if status in VIEW_STATUSES:
            client = scope.get("client")
            tracker.count(Event("view", "server", article=article), scope["headers"], client[0] if client else "")
