"""`helpgen serve` for agents: an article URL answers `Accept: text/markdown` with the article's
markdown copy, every article answer carries `Link` (llmstxt.org v2) and `Vary: Accept`, and the
validators, 304s, HEAD and gzip work for both representations."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpgen.serve.negotiation import prefers_markdown
from tests.serve.support import Server, make_project

PAGE = "/returns/start/"
COPY = "/returns/start/index.html.md"
LINK_HTML = (
    '</help/returns/start/index.html.md>; rel="alternate"; type="text/markdown", '
    '</help/llms.txt>; rel="describedby"'
)
LINK_MD = '</help/llms.txt>; rel="describedby"'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of a site published under a base path (/help/), with a draft and statistics off."""
    project = make_project(
        tmp_path_factory.mktemp("negotiation") / "project",
        {"site_url": "https://help.example.com/help/", "analytics": {"enabled": False}},
    )
    (project / "content" / "draft.md").write_text("---\ndraft: true\n---\n# Draft\n\nSoon.\n")
    with Server(project).running() as running:
        yield running


@pytest.mark.parametrize(
    "accept, markdown",
    [
        ("text/markdown", True),
        ("text/markdown, text/html;q=0.9", True),
        ("text/markdown, */*;q=0.8", True),
        ("text/html;q=0.5, text/markdown;q=0.6", True),
        ("TEXT/MARKDOWN", True),
        ("text/markdown, text/html", False),  # a tie is the page
        ("text/html, text/markdown;q=0.9", False),
        ("text/markdown;q=0, */*", False),
        ("text/markdown;q=abc", False),  # malformed q: not acceptable
        ("*/*", False),
        ("text/*", False),
        ("", False),
        (None, False),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),  # a browser
    ],
)
def test_accept_parsing(accept, markdown):
    assert prefers_markdown(accept) is markdown


def test_an_article_url_answers_markdown_to_an_agent_that_prefers_it(server):
    status, headers, body = server.request("GET", PAGE, headers={"accept": "text/markdown"})
    copy = (server.project / "site" / "returns/start/index.html.md").read_bytes()
    assert status == 200 and body == copy and body.startswith(b"# Start a return\n")
    assert headers["content-type"] == "text/markdown; charset=utf-8"
    assert headers["vary"] == "Accept, Accept-Encoding"
    assert headers["link"] == LINK_MD
    assert headers["content-location"] == "/help/returns/start/index.html.md"
    assert headers["cache-control"] == "no-cache"  # the page's URL: revalidated like the page


def test_the_page_itself_says_where_its_markdown_and_llms_txt_are(server):
    status, headers, body = server.request("GET", PAGE, headers={"accept": "text/html"})
    assert status == 200 and body.startswith(b"<!doctype html>")
    assert headers["content-type"].startswith("text/html")
    assert headers["link"] == LINK_HTML
    assert headers["vary"] == "Accept, Accept-Encoding"
    assert headers["cache-control"] == "no-cache"
    # the page's own <link> names the same copy
    assert b'href="/help/returns/start/index.html.md"' in body


def test_validators_304_head_and_gzip_hold_for_both_representations(server):
    for accept, kind in (("text/markdown", "text/markdown"), ("text/html", "text/html")):
        status, headers, body = server.request(
            "GET", PAGE, headers={"accept": accept, "accept-encoding": "gzip"}
        )
        assert status == 200 and headers["content-type"].startswith(kind)
        etag = headers["etag"]
        if headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        assert body
        status, again, body = server.request(
            "GET",
            PAGE,
            headers={"accept": accept, "accept-encoding": "gzip", "if-none-match": etag},
        )
        assert (status, body) == (304, b"")
        assert again["vary"] == "Accept, Accept-Encoding"  # RFC 9110 §15.4.5's headers
        status, head, body = server.request("HEAD", PAGE, headers={"accept": accept})
        assert status == 200 and body == b"" and head["content-type"].startswith(kind)
        assert int(head["content-length"]) > 0
    md = server.request("GET", PAGE, headers={"accept": "text/markdown"})[1]["etag"]
    html = server.request("GET", PAGE, headers={"accept": "text/html"})[1]["etag"]
    assert md != html  # one representation's validator never revalidates the other's
    status, _, body = server.request(
        "GET", PAGE, headers={"accept": "text/markdown", "if-none-match": html}
    )
    assert status == 200 and body.startswith(b"# Start a return")


def test_the_markdown_copy_by_its_own_url(server):
    status, headers, body = server.request("GET", COPY)
    assert status == 200 and body.startswith(b"# Start a return")
    assert headers["content-type"] == "text/markdown; charset=utf-8"
    assert headers["link"] == LINK_MD
    assert headers["vary"] == "Accept-Encoding"  # not negotiated


@pytest.mark.parametrize("path", ["/", "/returns/", "/draft/", "/no-such-page/"])
def test_pages_without_a_markdown_copy_are_never_negotiated(server, path):
    status, headers, body = server.request("GET", path, headers={"accept": "text/markdown"})
    assert status in (200, 404)
    assert headers["content-type"].startswith("text/html")
    assert "link" not in headers and headers.get("vary") == "Accept-Encoding"
    if path == "/draft/":
        assert status == 200 and b"Soon." in body  # drafts have a page, never a copy


@given(st.text(max_size=300))
def test_any_accept_header_gives_an_answer_never_an_error(accept):
    assert prefers_markdown(accept) in (True, False)


@pytest.mark.parametrize(
    "accept",
    ["text/markdown;q=" + "9" * 5000, "text/markdown;;;q", "text/markdown;q=nan", "," * 4000],
)
def test_an_odd_accept_header_on_an_article_is_answered(server, accept):
    status, headers, _ = server.request("GET", PAGE, headers={"accept": accept})
    assert status == 200 and headers["content-type"].startswith(("text/html", "text/markdown"))
