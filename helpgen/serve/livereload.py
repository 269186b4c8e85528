"""Live reload for `helpgen serve` in watch mode: server-sent events to every open tab.

After a good rebuild tabs reload, and show its warnings over the page; after a broken one
they show its errors (the last good build is still what is served) until the next rebuild.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

SCRIPT_PATH = "/_helpgen/livereload.js"
EVENTS_PATH = "/_helpgen/livereload"
STYLE_PATH = "/_helpgen/livereload.css"
INJECT = (
    f'<link rel="stylesheet" href="{STYLE_PATH}"><script src="{SCRIPT_PATH}" defer></script>\n'
).encode()

SCRIPT = (Path(__file__).parent / "livereload.js").read_text(encoding="utf-8")
"""The tab's side: listens on EVENTS_PATH, reloads, draws the problems overlay."""
OVERLAY_CSS = (Path(__file__).parent / "livereload.css").read_text(encoding="utf-8")
"""The overlay's own colours, readable in light and dark mode whatever the theme."""


class Broadcaster:
    """Fan-out of build events to every connected tab."""

    def __init__(self):
        self.clients: set[asyncio.Queue] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.problems: list[dict[str, str]] = []
        """The last build's problems (builder.overlay_problems), for tabs that connect later."""

    def publish(self, event: str, data: Any) -> None:
        """Called from the rebuild thread; hands the event to the server's loop."""
        self.problems = list(data) if event == "problems" else []
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self._send, event, json.dumps(data))

    def _send(self, event: str, data: str) -> None:
        for queue in list(self.clients):
            queue.put_nowait((event, data))

    async def stream(self, request: Request) -> Response:
        self.loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        self.clients.add(queue)
        if self.problems:
            queue.put_nowait(("problems", json.dumps(self.problems)))

        async def events():
            try:
                yield "retry: 500\n\n"
                while True:
                    try:
                        event, data = await asyncio.wait_for(queue.get(), timeout=15)
                        yield f"event: {event}\ndata: {data}\n\n"
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                    if await request.is_disconnected():
                        return
            finally:
                self.clients.discard(queue)

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"cache-control": "no-store"}
        )


async def script(request: Request) -> Response:
    return Response(
        SCRIPT, media_type="application/javascript", headers={"cache-control": "no-store"}
    )


async def stylesheet(request: Request) -> Response:
    return Response(OVERLAY_CSS, media_type="text/css", headers={"cache-control": "no-store"})
