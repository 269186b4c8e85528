"""`helpgen serve --no-watch` as a production static server: headers, validators, gzip, 404,
traversal."""

from __future__ import annotations

import gzip
import re

import pytest

from tests.serve.support import SECRET

PAGE = "/returns/start/"
PAGE_FILE = "returns/start/index.html"
LONG_CACHE = "public, max-age=31536000, immutable"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)


def site_file(server, rel: str) -> bytes:
    return (server.project / "site" / rel).read_bytes()


def asset(server, ext: str) -> str:
    """The fingerprinted theme asset a page links to, e.g. /_helpgen/helpgen.6d22f6afd8.css."""
    page = site_file(server, PAGE_FILE).decode()
    found = re.findall(rf'(?:href|src)="(/_helpgen/helpgen\.[0-9a-f]{{10}}\.{ext})"', page)
    assert len(found) == 1, found
    return found[0]


def assert_security_headers(headers: dict[str, str]) -> None:
    assert headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "unsafe-eval" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize(
    "what", ["page", "home", "css", "js", "404", "api", "api-404", "api-feedback-4xx"]
)
def test_security_headers_on_every_kind_of_answer(prod_server, what):
    if what in ("css", "js"):
        status, headers, _ = prod_server.request("GET", asset(prod_server, what))
    elif what == "api-feedback-4xx":
        status, headers, _ = prod_server.vote(b"{", "application/json")
    else:
        path = {
            "page": PAGE,
            "home": "/",
            "404": "/no/such/page/",
            "api": "/api/openapi.json",
            "api-404": "/api/nope",
        }[what]
        status, headers, _ = prod_server.request("GET", path)
    assert status == {"404": 404, "api-404": 404, "api-feedback-4xx": 400}.get(what, 200)
    assert_security_headers(headers)
    assert "set-cookie" not in headers


def test_page_validators_and_304(prod_server):
    status, headers, body = prod_server.request("GET", PAGE)
    assert status == 200 and body == site_file(prod_server, PAGE_FILE)
    etag, modified = headers["etag"], headers["last-modified"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert re.fullmatch(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT", modified)

    status, again, body = prod_server.request("GET", PAGE, headers={"if-none-match": etag})
    assert (status, body) == (304, b"")
    assert again["etag"] == etag and again["cache-control"] == "no-cache"

    status, _, body = prod_server.request("GET", PAGE, headers={"if-modified-since": modified})
    assert (status, body) == (304, b"")

    status, _, body = prod_server.request("GET", PAGE, headers={"if-none-match": '"0000"'})
    assert status == 200 and body == site_file(prod_server, PAGE_FILE)


def test_304_when_revalidating_a_gzipped_copy(prod_server):
    status, headers, _ = prod_server.request("GET", PAGE, headers={"accept-encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    status, _, body = prod_server.request(
        "GET", PAGE, headers={"accept-encoding": "gzip", "if-none-match": headers["etag"]}
    )
    assert (status, body) == (304, b"")


def test_cache_lifetimes(prod_server):
    for ext in ("css", "js"):
        status, headers, body = prod_server.request("GET", asset(prod_server, ext))
        assert status == 200
        assert headers["cache-control"] == LONG_CACHE
        assert body == site_file(prod_server, asset(prod_server, ext).lstrip("/"))
    for path in (PAGE, "/", "/returns/"):
        status, headers, _ = prod_server.request("GET", path)
        assert (status, headers["cache-control"]) == (200, "no-cache")


@pytest.mark.parametrize("kind", ["page", "css", "js"])
def test_gzip_when_asked_for(prod_server, kind):
    path = PAGE if kind == "page" else asset(prod_server, kind)
    original = site_file(prod_server, PAGE_FILE if kind == "page" else path.lstrip("/"))
    assert len(original) >= 1024  # big enough to be worth compressing
    # an article's URL also has a markdown copy for agents (test_markdown_negotiation.py)
    vary = "Accept, Accept-Encoding" if kind == "page" else "Accept-Encoding"

    status, headers, body = prod_server.request(
        "GET", path, headers={"accept-encoding": "gzip, deflate"}
    )
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == vary
    assert int(headers["content-length"]) == len(body) < len(original)
    assert gzip.decompress(body) == original

    status, headers, body = prod_server.request("GET", path)
    assert status == 200 and "content-encoding" not in headers
    assert headers["vary"] == vary
    assert body == original and int(headers["content-length"]) == len(original)


def test_head_gives_headers_and_no_body(prod_server):
    size = len(site_file(prod_server, PAGE_FILE))
    # a raw socket: http.client would not read a body after HEAD even if the server sent one
    status, head, body = prod_server.raw(
        f"HEAD {PAGE} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
    )
    assert status == 200 and body == b""
    assert f"content-length: {size}".encode() in head.lower()
    assert b"etag: " in head and b"content-security-policy: " in head

    status, head, body = prod_server.raw(
        f"HEAD {PAGE} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    assert status == 200 and body == b""
    assert b"content-encoding: gzip" in head.lower()
    _, _, gz = prod_server.request("GET", PAGE, headers={"accept-encoding": "gzip"})
    assert f"content-length: {len(gz)}".encode() in head.lower()


@pytest.mark.parametrize("path", ["/no/such/page/", "/nope.css", "/returns/start/missing.png"])
def test_unknown_path_gets_the_theme_404(prod_server, path):
    status, headers, body = prod_server.request("GET", path)
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert body == site_file(prod_server, "404.html")
    assert b"<h1>" in body and b"hg-search" in body  # the theme's page, not a bare "Not Found"


TRAVERSALS = [
    "/../helpgen.yml",
    "/%2e%2e/helpgen.yml",
    "/..%2fhelpgen.yml",
    "/%2e%2e%2fhelpgen.yml",
    "/returns/../../helpgen.yml",
    "/..%5chelpgen.yml",
    "/../.helpgen/feedback.sqlite",
    "/%2e%2e%2f%2e%2e%2fetc/passwd",
    "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/helpgen.yml%00.html",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_never_reaches_files_outside_the_site(prod_server, path):
    assert (
        prod_server.vote({"article": "shipping", "helpful": True})[0] == 201
    )  # so the store exists too
    for method in ("GET", "HEAD"):
        status, _, body = prod_server.raw(
            f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        )
        assert status in (400, 404), (method, path, status)
        assert SECRET.encode() not in body
        assert b"site_url:" not in body
        assert b"root:x:0:0" not in body and b"SQLite format 3" not in body


def test_gzip_refused_with_q0_is_not_sent(prod_server):
    status, headers, body = prod_server.request(
        "GET", PAGE, headers={"accept-encoding": "gzip;q=0, identity"}
    )
    assert status == 200 and "content-encoding" not in headers
    assert body == site_file(prod_server, PAGE_FILE)
