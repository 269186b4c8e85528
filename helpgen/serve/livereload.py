"""Live reload for `helpgen serve` in watch mode: server-sent events to every open tab.

After a good rebuild tabs reload; after a broken one they show the problems over the
page (the last good build is still what is served) until the next good rebuild.
"""

from __future__ import annotations

import asyncio
import json

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

SCRIPT_PATH = "/_helpgen/livereload.js"
EVENTS_PATH = "/_helpgen/livereload"
STYLE_PATH = "/_helpgen/livereload.css"
INJECT = f'<link rel="stylesheet" href="{STYLE_PATH}"><script src="{SCRIPT_PATH}" defer></script>\n'.encode()

SCRIPT = """(() => {
  const es = new EventSource(%(events)s);
  let box = null;
  const show = (lines) => {
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.className = "hg-build-error";
      document.body.appendChild(box);
    }
    box.textContent = "";
    const h = document.createElement("strong");
    h.textContent = "helpgen: the last edit did not build; showing the last good version";
    const pre = document.createElement("pre");
    pre.textContent = lines.join("\\n");
    box.append(h, pre);
  };
  // Swap in the new <body> when the page's CSS and scripts are unchanged: faster than a
  // reload, and the reader keeps their scroll position. Anything else: a full reload.
  const urls = (doc) => [...doc.querySelectorAll("link[rel=stylesheet],script[src]")].map(e => e.href || e.src).join();
  const refresh = async () => {
    const res = await fetch(location.href, {cache: "no-store"});
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    if (!res.ok || urls(doc) !== urls(document)) return location.reload();
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    box = null;
    document.dispatchEvent(new Event("helpgen:page"));
  };
  es.addEventListener("reload", () => refresh().catch(() => location.reload()));
  es.addEventListener("problems", (e) => show(JSON.parse(e.data)));
})();
""" % {"events": json.dumps(EVENTS_PATH)}

OVERLAY_CSS = (".hg-build-error{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;"
               "background:#7f1d1d;color:#fff;padding:1rem 1.25rem;font:14px/1.5 ui-monospace,monospace}"
               ".hg-build-error pre{white-space:pre-wrap;margin:.5rem 0 0}")


class Broadcaster:
    """Fan-out of build events to every connected tab."""

    def __init__(self):
        self.clients: set[asyncio.Queue] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.problems: list[str] = []

    def publish(self, event: str, data: object) -> None:
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
                    except asyncio.TimeoutError:
                        yield ": keep-alive\n\n"
                    if await request.is_disconnected():
                        return
            finally:
                self.clients.discard(queue)

        return StreamingResponse(events(), media_type="text/event-stream", headers={"cache-control": "no-store"})


async def script(request: Request) -> Response:
    return Response(SCRIPT, media_type="application/javascript", headers={"cache-control": "no-store"})


async def stylesheet(request: Request) -> Response:
    return Response(OVERLAY_CSS, media_type="text/css", headers={"cache-control": "no-store"})
