"""Fuzz the query function and the HTTP API: any input gives hits or QueryError / a 4xx,
never another exception or a 500, and no snippet carries markup other than <mark>."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpgen.search import QueryError

SYNTAX = st.sampled_from(
    [
        '"',
        "'",
        "AND",
        "OR",
        "NOT",
        "*",
        "?",
        "~",
        "^",
        ":",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "\\",
        "title:",
        "-",
        "+",
        "&",
        "<",
        ">",
        "<mark>",
        "</mark>",
        "&lt;",
        "\x00",
        "\u202e",
        "🙂",
        "ß",
        "refund",
        "order",
        "passw",
        "script",
        " ",
        "\n",
        "\t",
    ]
)
QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(SYNTAX, max_size=30).map("".join),
    st.text(alphabet=st.characters(categories=["Cc", "Cs", "Co", "So", "Zs"]), max_size=50),
    st.integers(1100, 12_000).map(lambda n: "refund " * (n // 7)),
)
LIMITS = st.one_of(
    st.integers(-5, 10_000), st.sampled_from(["3", " 7 ", "x", "", "1e3", "-1", None, True, 2.5])
)
MARKUP = re.compile(r"</?mark>")
FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def clean(snippet: str) -> bool:
    rest = MARKUP.sub("", snippet)
    return (
        "<" not in rest and ">" not in rest and snippet.count("<mark>") == snippet.count("</mark>")
    )


@FUZZ
@given(
    query=QUERIES,
    limit=LIMITS,
    lang=st.sampled_from([None, "en", "de", "", "x" * 300, "<"]),
    category=st.sampled_from([None, "returns", "/orders/", "", "a/b/c", "<script>", "\x00"]),
)
def test_search_returns_hits_or_query_error(index, query, limit, lang, category):
    try:
        found = index.search(query, limit=limit, lang=lang, category=category)
    except QueryError:
        return
    assert found.query is not None
    for hit in found.results:
        assert clean(hit.snippet), hit.snippet
        assert hit.url.startswith("/")
    json.dumps(found.to_dict())


@FUZZ
@given(query=QUERIES, limit=LIMITS)
def test_suggest_returns_hits_or_query_error(index, query, limit):
    try:
        hits = index.suggest(query, limit=limit)
    except QueryError:
        return
    assert all(clean(h.snippet) for h in hits)
    json.dumps([h.to_dict() for h in hits])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    support = pytest.importorskip("tests.serve.support")
    from tests.search.conftest import ARTICLES, CONFIG

    project = support.make_project(tmp_path_factory.mktemp("fuzz") / "project", CONFIG, ARTICLES)
    srv = support.Server(project)
    try:
        yield srv.start()
    finally:
        srv.stop()
        if srv.proc is not None:
            support.kill_process_group(srv.proc)


@settings(max_examples=150, deadline=None)
@given(
    endpoint=st.sampled_from(["/api/search", "/api/suggest"]),
    params=st.dictionaries(
        st.sampled_from(["q", "limit", "lang", "category", "x"]),
        st.one_of(
            QUERIES.filter(lambda s: len(s) < 3000),
            st.integers(-10, 10**9).map(str),
            st.integers(4290, 6000).map(lambda n: "9" * n),
        ),  # past int()'s limit
        max_size=4,
    ),
)
def test_api_never_answers_500(server, endpoint, params):
    path = endpoint + "?" + urllib.parse.urlencode(params, encoding="utf-8", errors="surrogatepass")
    status, _, body = server.request("GET", path)
    assert status < 500, (path, body[:300])
    data = json.loads(body)
    if status == 200:
        assert all(clean(h["snippet"]) for h in data["results"])
    else:
        assert 400 <= status < 500 and "error" in data
