"""Numbers of any length and shape in every parameter of every endpoint of a real server: a 2xx
or a 4xx with a JSON error, never a 500 (Python's int() raises on strings of 4,301 digits)."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serve.support import Server, make_project

TOKEN = "fuzz-admin-token-0123"
ADMIN = {"authorization": f"Bearer {TOKEN}"}
DIGITS = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=12),
    st.integers(4290, 12_000).map(lambda n: "7" * n),  # around and past int()'s 4,300-digit limit
    st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=8),  # "٣", "²", "５"
)
NUMBERS = st.tuples(st.sampled_from(["", "+", "-", " ", "\t", "\u00a0", "0x", "--"]), DIGITS,
                    st.sampled_from(["", " ", "\n", ".5", "e3", "_0", "-01-31"])).map("".join)
"""Digit strings of any length, with signs, blanks and unicode digits around them."""
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("fuzz") / "project",
                           {"feedback": {"rate_limit": 0}, "analytics": {"rate_limit": 0}})
    with Server(project, env={"HELPGEN_ADMIN_TOKEN": TOKEN}).running() as running:
        yield running


def check(answer: tuple[int, dict, bytes], what: str, json_error: bool = True) -> None:
    status, headers, body = answer
    assert status < 500, (what[:200], body[:300])
    if status >= 400 and json_error:
        assert headers["content-type"] == "application/json" and "error" in json.loads(body), what[:200]


@FUZZ
@given(endpoint=st.sampled_from(["/api/search", "/api/suggest"]),
       name=st.sampled_from(["limit", "q", "lang", "category"]), value=NUMBERS)
def test_every_search_parameter(server, endpoint, name, value):
    params = {"q": "refund", name: value}
    path = f"{endpoint}?{urllib.parse.urlencode(params)}"
    check(server.request("GET", path), path)


@FUZZ
@given(path=st.sampled_from(["/api/stats", "/_helpgen/dashboard"]), value=NUMBERS)
def test_every_statistics_parameter(server, path, value):
    url = f"{path}?{urllib.parse.urlencode({'since': value})}"
    check(server.request("GET", url, headers=ADMIN), url, json_error=path.startswith("/api/"))


@FUZZ
@given(field=st.sampled_from(["rank", "results", "page", "query", "url"]), value=NUMBERS,
       kind=st.sampled_from(["search", "search_click"]))
def test_every_event_field(server, field, value, kind):
    """A number as the JSON sends it (unquoted, possibly thousands of digits) or as a string."""
    event = {"type": kind, "query": "refund", "results": 1, "rank": 1, "url": "/shipping/", "source": "search"}
    if kind == "search":
        del event["rank"], event["url"]
    else:
        del event["results"]
    for raw in (json.dumps(value), value):
        body = json.dumps({**event, field: "@"}).replace('"@"', raw).encode()
        check(server.request("POST", "/api/event", body, {"content-type": "application/json"}), body.decode())


@FUZZ
@given(field=st.sampled_from(["article", "helpful", "reason", "comment", "vote"]), value=NUMBERS)
def test_every_vote_field(server, field, value):
    vote = {"article": "returns/start", "helpful": False}
    for raw in (json.dumps(value), value):
        body = json.dumps({**vote, field: "@"}).replace('"@"', raw).encode()
        check(server.vote(body), body.decode())


@pytest.mark.parametrize("path", ["/api/search?q=refund&limit=", "/api/suggest?q=refund&limit=",
                                  "/api/stats?since=", "/_helpgen/dashboard?since="])
def test_a_4301_digit_number_is_a_400_naming_the_parameter(server, path):
    status, _, body = server.request("GET", path + "9" * 4301, headers=ADMIN)
    name = path.rsplit("&", 1)[-1].rsplit("?", 1)[-1].rstrip("=")
    assert status == 400 and f"'{name}' must be" in body.decode()
