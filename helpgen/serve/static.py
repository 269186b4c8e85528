"""Serving the built site: validators, cache lifetimes, gzip, the theme's 404, live-reload hook.

Starlette's StaticFiles does the lookup (no path traversal), ETag/Last-Modified, HEAD and
the 404 page; this adds what a production help center needs on top of it.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import re
from collections import OrderedDict
from threading import Lock

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

# Python's table lacks the formats the AI exports use
mimetypes.add_type("text/markdown", ".md")
mimetypes.add_type("application/jsonl", ".jsonl")
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{10}\.(?:css|js)$")
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                 "application/jsonl", "application/manifest+json")
LONG_CACHE = "public, max-age=31536000, immutable"
GZIP_MIN = 1024


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

    def __init__(self, directory: str, inject: bytes | None = None):
        super().__init__(directory=directory, html=True, check_dir=False)
        self.inject = inject
        self.gzip = GzipCache()

    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200) -> Response:
        request = Headers(scope=scope)
        response = FileResponse(full_path, status_code=status_code, stat_result=stat_result)
        path = str(full_path)
        response.headers["cache-control"] = _cache_control(path)
        media = response.media_type or ""
        if self.inject is not None and media.startswith("text/html"):
            return self._injected(path, response, status_code)
        if status_code == 200 and self.is_not_modified(response.headers, request):
            return NotModifiedResponse(response.headers)
        if (stat_result.st_size >= GZIP_MIN and media.startswith(_COMPRESSIBLE)
                and "gzip" in request.get("accept-encoding", "")):
            return self._gzipped(path, stat_result, response, status_code, scope)
        if media.startswith(_COMPRESSIBLE):
            response.headers["vary"] = "Accept-Encoding"
        return response

    def _gzipped(self, path, stat_result, plain: Response, status_code: int, scope: Scope) -> Response:
        headers = {k: v for k, v in plain.headers.items() if k not in ("content-length",)}
        headers.update({"content-encoding": "gzip", "vary": "Accept-Encoding"})
        if "etag" in headers:  # a different body needs a different validator
            headers["etag"] = headers["etag"].rstrip('"') + '-gz"'
        body = b"" if scope["method"] == "HEAD" else self.gzip.get(path, stat_result)
        response = Response(body, status_code=status_code, headers=headers)
        if scope["method"] == "HEAD":
            response.headers["content-length"] = str(len(self.gzip.get(path, stat_result)))
        return response

    def _injected(self, path: str, plain: Response, status_code: int) -> Response:
        with open(path, "rb") as f:
            html = f.read()
        at = html.rfind(b"</body>")
        html = html[:at] + self.inject + html[at:] if at >= 0 else html + self.inject
        return Response(html, status_code=status_code, media_type="text/html",
                        headers={"cache-control": "no-store"})


def _cache_control(path: str) -> str:
    if _FINGERPRINTED.search(path):
        return LONG_CACHE  # the name changes whenever the content does
    if path.endswith(".html"):
        return "no-cache"  # revalidate: pages change on every publish
    return "public, max-age=3600"
