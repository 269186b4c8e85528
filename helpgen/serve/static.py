"""Serving the built site: validators, cache lifetimes, gzip, the theme's 404, live-reload hook,
CORS on the JSON a store page's chat widget reads from `_helpgen/`, the search page's
results (helpgen.serve.search_page), and an article's markdown copy for agents that ask for
it (helpgen.serve.negotiation).

Starlette's StaticFiles does the lookup (no path traversal), ETag/Last-Modified, HEAD and
the 404 page; this adds what a production help center needs on top of it.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import re
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from urllib.parse import quote

import anyio
from starlette.datastructures import Headers
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

from helpgen.serve.headers import cors_headers
from helpgen.serve.negotiation import (
    COPY,
    VARY,
    copy_url,
    link_header,
    markdown_copy_of,
    prefers_markdown,
    weights,
)

# Python's table lacks the formats the AI exports use
mimetypes.add_type("text/markdown", ".md")
mimetypes.add_type("application/jsonl", ".jsonl")
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{10,}\.(?:css|js|json)$")
_COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/jsonl",
    "application/manifest+json",
)
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
EMBEDDED = ("/_helpgen/widget.js", "/_helpgen/widget.json")
"""Files other sites load by a URL that never changes: cached briefly, so a new build shows soon."""
WIDGET_CONFIG = "_helpgen/widget.json"
SEARCH_HEADER = "helpgen-search"
"""On the widget's settings: `api` tells it this server answers /api/suggest (a static host sends
no such header, and the widget then searches the static index without first trying an API that
is not there)."""
GZIP_MIN = 1024
QUERY_SAFE = "/?&=+%:@!$'()*,;~"
"""What stays as it is in a redirect's query string; anything else is percent-encoded."""


class GzipCache:
    """Compressed copies of files, by (path, size, mtime), so each file is compressed once."""

    def __init__(self, limit_bytes: int = 64 * 1024 * 1024):
        self.limit = limit_bytes
        self.size = 0
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = Lock()

    def get(self, path: str, stat: os.stat_result) -> bytes:
        key = (path, stat.st_size, stat.st_mtime_ns)
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        with open(path, "rb") as f:
            data = gzip.compress(f.read(), compresslevel=6, mtime=0)
        with self.lock:
            self.items[key] = data
            self.size += len(data)
            while self.size > self.limit and self.items:
                self.size -= len(self.items.popitem(last=False)[1])
        return data


class SiteFiles(StaticFiles):
    """The built site. `inject` (watch mode) is HTML added before </body> of every page."""

    def __init__(
        self,
        directory: str,
        inject: bytes | None = None,
        cors: frozenset[str] = frozenset(),
        base: Callable[[], str] = lambda: "/",
        search=None,
    ):
        """`cors`: origins whose pages may read the JSON under `_helpgen/` (the widget's
        settings and the static search index), as they may call the API. `base()`: the
        site's base path (from site_url), which redirects start with. `search`: a
        `SearchPage`, which fills in the search page's results."""
        super().__init__(directory=directory, html=True, check_dir=False)
        self.inject = inject
        self.cors = cors
        self.base = base
        self.search = search
        self.gzip = GzipCache()
        self.root = os.path.realpath(directory)

    async def get_response(self, path: str, scope: Scope) -> Response:
        lang = self.search.lang_of(path) if self.search is not None else None
        folder_url = scope["path"].endswith("/") or path.endswith(".html")  # else: redirected below
        if lang and scope["method"] in ("GET", "HEAD") and folder_url:
            page = await self._search_page(path.removesuffix("/index.html"), lang, scope)
            if page is not None:
                return page
        response = await super().get_response(path, scope)
        if isinstance(response, RedirectResponse):  # a folder asked for without its trailing slash
            return folder_redirect(self.base(), path, scope.get("query_string", b""))
        if response.status_code == 404 and isinstance(response, FileResponse):
            # Starlette sends 404.html bare; give it the same headers and live reload as pages
            return self.file_response(response.path, os.stat(response.path), scope, status_code=404)
        if path.startswith("_helpgen/") and path.endswith(".json"):
            if path == WIDGET_CONFIG:
                response.headers[SEARCH_HEADER] = "api"
            _add_cors(response, Headers(scope=scope).get("origin"), self.cors)
        return response

    def file_response(
        self, full_path, stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        request = Headers(scope=scope)
        path = str(full_path)
        cache_control = _cache_control(path)
        agents = self._for_agents(path, request) if status_code == 200 else {}
        if "content-location" in agents:  # the markdown copy, negotiated
            path = os.path.join(os.path.dirname(path), COPY)
            stat_result = os.stat(path)
        response = FileResponse(path, status_code=status_code, stat_result=stat_result)
        response.headers["cache-control"] = cache_control
        response.headers.update(agents)
        media = response.media_type or ""
        if self.inject is not None and media.startswith("text/html"):
            return self._injected(path, response, status_code)
        compressible = media.startswith(_COMPRESSIBLE)
        if compressible and "vary" not in agents:
            response.headers["vary"] = "Accept-Encoding"
        gzipped = (
            compressible
            and stat_result.st_size >= GZIP_MIN
            and accepts_gzip(request.get("accept-encoding", ""))
        )
        if gzipped and "etag" in response.headers:  # a different body needs a different validator
            response.headers["etag"] = response.headers["etag"].rstrip('"') + '-gz"'
        if status_code == 200 and self.is_not_modified(response.headers, request):
            return NotModifiedResponse(response.headers)
        return (
            self._gzipped(path, stat_result, response, status_code, scope) if gzipped else response
        )

    def _for_agents(self, path: str, request: Headers) -> dict[str, str]:
        """The headers an article URL adds for agents (Link, Vary; Content-Location when the
        markdown copy answers it), or none for any other file."""
        if path.endswith(COPY):  # the copy asked for by its own URL
            folder = os.path.relpath(os.path.dirname(path), self.root)
            return {"link": link_header(self.base(), _folder(folder), alternate=False)}
        copy = markdown_copy_of(path)
        if copy is None:
            return {}
        folder = _folder(os.path.relpath(os.path.dirname(path), self.root))
        if prefers_markdown(request.get("accept")):
            return {
                "link": link_header(self.base(), folder, alternate=False),
                "vary": VARY,
                "content-location": copy_url(self.base(), folder),
            }
        return {"link": link_header(self.base(), folder, alternate=True), "vary": VARY}

    def _gzipped(
        self, path, stat_result, plain: Response, status_code: int, scope: Scope
    ) -> Response:
        headers = {k: v for k, v in plain.headers.items() if k != "content-length"}
        headers["content-encoding"] = "gzip"
        data = self.gzip.get(path, stat_result)
        response = Response(
            b"" if scope["method"] == "HEAD" else data, status_code=status_code, headers=headers
        )
        response.headers["content-length"] = str(len(data))
        return response

    def _injected(self, path: str, plain: Response, status_code: int) -> Response:
        with open(path, "rb") as f:
            html = f.read()
        return Response(
            self._with_reload(html),
            status_code=status_code,
            media_type="text/html",
            headers={"cache-control": "no-store"},
        )

    def _with_reload(self, html: bytes) -> bytes:
        at, inject = html.rfind(b"</body>"), self.inject or b""
        return html[:at] + inject + html[at:] if at >= 0 else html + inject

    async def _search_page(self, folder: str, lang: str, scope: Scope) -> Response | None:
        """A search page with the results for its query (None when the site has no such page)."""
        index = os.path.join(folder, "index.html")
        full_path, stat_result = await anyio.to_thread.run_sync(self.lookup_path, index)
        if stat_result is None or not os.path.isfile(full_path):
            return None
        with open(full_path, "rb") as f:
            html = await self.search.render(f.read(), lang, scope.get("query_string", b""))
        if self.inject is not None:
            html = self._with_reload(html)
        headers = {
            "cache-control": "no-store" if self.inject is not None else "no-cache",
            "vary": "Accept-Encoding",
        }
        if len(html) >= GZIP_MIN and accepts_gzip(Headers(scope=scope).get("accept-encoding", "")):
            # not through the GzipCache: a different page for every query
            html = gzip.compress(html, compresslevel=6, mtime=0)
            headers["content-encoding"] = "gzip"
        headers["content-length"] = str(len(html))
        body = b"" if scope["method"] == "HEAD" else html
        return Response(body, media_type="text/html", headers=headers)


def folder_redirect(base: str, path: str, query: bytes) -> RedirectResponse:
    """To the folder `path` (normalised, relative to the site) with its trailing slash.

    Starlette builds an absolute URL from the request's Host header, so `Host: evil.example`
    sent readers to another site. The Location here is a path under the site's base path:
    never a scheme or host, never `//` or `/\\` at its start (both name a host), every
    character a browser could read otherwise percent-encoded."""
    location = base + quote(path.replace(os.sep, "/")) + "/"
    if query:
        location += "?" + quote(query, safe=QUERY_SAFE)
    return RedirectResponse(location, status_code=307)


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip;q=0` and `*;q=0` refuse it)."""
    given = weights(header)
    return given.get("gzip", given.get("x-gzip", given.get("*", 0.0))) > 0


def _folder(relative: str) -> str:
    """A folder under the site as a URL path: `returns/start/`, or "" for the site's root."""
    return "" if relative == "." else relative.replace(os.sep, "/") + "/"


def _add_cors(response: Response, origin: str | None, allowed: frozenset[str]) -> None:
    """An allow-list, not `*`: an internal build's index must not be readable from any page."""
    headers = cors_headers(origin, allowed, "GET")
    if "access-control-allow-origin" in headers:
        headers["access-control-expose-headers"] = SEARCH_HEADER
    for name, value in headers.items():
        if name == "vary" and "vary" in response.headers:
            value = response.headers["vary"] + ", " + value
        response.headers[name] = value


def _cache_control(path: str) -> str:
    if _FINGERPRINTED.search(path):
        return LONG_CACHE  # the name changes whenever the content does
    if path.endswith(".html"):
        return "no-cache"  # revalidate: pages change on every publish
    if path.replace(os.sep, "/").endswith(EMBEDDED):
        return SHORT_CACHE
    return "public, max-age=3600"
