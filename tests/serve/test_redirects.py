"""Redirects of `helpgen serve` never leave the site, whatever Host or path a client sends."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

EVIL = "evil.example"
ODD_PATHS = [
    "/returns",
    "//returns",
    "///returns",
    "/./returns",
    "/returns/.",
    "//evil.example/../returns",
    "//evil.example/%2e%2e/returns",
    "/\\evil.example/../returns",
    "/%5Cevil.example/../returns",
    "/%2F%2Fevil.example%2F..%2Freturns",
    "/%2f%2fevil.example/../returns",
    "/returns?next=//evil.example&x=%2F%2Fevil",
    "/returns?\\evil.example",
    "/returns?q=caf%C3%A9+\xe9",
    "//evil.example",
    "/\\evil.example",
    "/%2F%2Fevil.example",
    "/%5C%5Cevil.example",
    "/%0d%0a/",
    "/%0a/returns/",
]


def raw_get(server, path: str, host: str = EVIL) -> tuple[int, dict[str, str]]:
    """Status and headers of a GET sent byte for byte (a client library would tidy the path)."""
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1")
    status, head, _ = server.raw(request)
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


def test_folder_redirect_is_relative_and_keeps_the_query(prod_server):
    status, headers = raw_get(prod_server, "/returns?a=1&b=two")
    assert status == 307
    assert headers["location"] == "/returns/?a=1&b=two"
    assert raw_get(prod_server, "/returns")[1]["location"] == "/returns/"


PIECES = st.sampled_from(
    [
        "/",
        "//",
        "\\",
        "%2F",
        "%2f",
        "%5C",
        "%2e",
        ".",
        "..",
        "evil.example",
        "returns",
        "@",
        ":",
        "%40",
        "?",
        "%3F",
        "%00",
        "%0d%0a",
        "#",
        "~",
        "a",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=8).map(lambda parts: "/" + "".join(parts)))
def test_no_redirect_leaves_the_site_for_any_path(prod_server, path):
    assert_stays_on_site(prod_server, path)


@pytest.mark.parametrize("path", ODD_PATHS)
def test_no_redirect_leaves_the_site(prod_server, path):
    assert_stays_on_site(prod_server, path)


def assert_stays_on_site(prod_server, path: str) -> None:
    """Whatever `path` is answered with, a redirect's Location is a path of this site."""
    status, headers = raw_get(prod_server, path)
    assert status in (200, 307, 400, 404), (path, status)
    if status != 307:
        return
    location = headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "://" not in location and "\\" not in location, location
    assert EVIL not in location.split("?")[0], location
    here = f"http://127.0.0.1:{prod_server.port}"
    target = urlsplit(urljoin(here + "/x", location))
    assert target.netloc == f"127.0.0.1:{prod_server.port}", location
    followed, _ = raw_get(prod_server, location, host=f"127.0.0.1:{prod_server.port}")
    assert followed == 200, (path, location)


def test_redirect_carries_the_base_path_of_site_url():
    from helpgen.serve.static import folder_redirect

    response = folder_redirect("/help/", "returns/start", b"a=1&b=<x>")
    assert response.headers["location"] == "/help/returns/start/?a=1&b=%3Cx%3E"
