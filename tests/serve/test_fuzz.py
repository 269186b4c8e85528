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
    st.text(
        alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=8
    ),  # "٣", "²", "５"
)
NUMBERS = DIGITS | st.tuples(
    st.sampled_from(["", "+", "-", " ", "\t", "\u00a0", "0x", "--"]),
    DIGITS,
    st.sampled_from(["", " ", "\n", ".5", "e3", "_0", "-01-31"]),
).map("".join)
"""Digit strings of any length, bare or with signs, blanks and unicode digits around them."""
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("fuzz") / "project",
        {"feedback": {"rate_limit": 0}, "analytics": {"rate_limit": 0}},
    )
    with Server(project, env={"HELPGEN_ADMIN_TOKEN": TOKEN}).running() as running:
        yield running


def check(answer: tuple[int, dict, bytes], what: str, json_error: bool = True) -> None:
    status, headers, body = answer
    assert status < 500, (what[:200], body[:300])
    if status >= 400 and json_error:
        assert headers["content-type"] == "application/json" and "error" in json.loads(body), what[
            :200
        ]


EVENTS = (
    {"type": "search", "query": "refund", "results": 1, "source": "search"},
    {"type": "search_click", "query": "refund", "rank": 1, "url": "/shipping/", "source": "search"},
    {"type": "view", "page": "/shipping/"},
)


def with_number(fields: dict, name: str, raw: str) -> bytes:
    """`fields` as JSON with `raw` as the value of `name`, as is (an unquoted number stays one)."""
    return json.dumps({**fields, name: "@"}).replace('"@"', raw).encode()


@FUZZ
@given(value=NUMBERS)
def test_every_search_parameter(server, value):
    for endpoint in ("/api/search", "/api/suggest", "/api/answer"):
        for name in ("limit", "q", "lang", "category"):
            path = f"{endpoint}?{urllib.parse.urlencode({'q': 'refund', name: value})}"
            check(server.request("GET", path), path)


@FUZZ
@given(value=NUMBERS)
def test_every_statistics_parameter(server, value):
    for path in ("/api/stats", "/_helpgen/dashboard"):
        url = f"{path}?{urllib.parse.urlencode({'since': value})}"
        check(server.request("GET", url, headers=ADMIN), url, json_error=path.startswith("/api/"))


@FUZZ
@given(value=NUMBERS)
def test_every_event_field(server, value):
    """A number as JSON sends it (unquoted, possibly thousands of digits), and as a string."""
    for event in EVENTS:
        for name in set(event) | {"rank", "results"}:
            for raw in (value, json.dumps(value)):
                body = with_number(event, name, raw)
                check(
                    server.request(
                        "POST", "/api/event", body, {"content-type": "application/json"}
                    ),
                    str(body),
                )


@FUZZ
@given(value=NUMBERS)
def test_every_vote_field(server, value):
    for name in ("article", "helpful", "reason", "comment", "vote"):
        for raw in (value, json.dumps(value)):
            body = with_number({"article": "returns/start", "helpful": False}, name, raw)
            check(server.vote(body), str(body))


@pytest.mark.parametrize(
    "path",
    [
        "/api/search?q=refund&limit=",
        "/api/suggest?q=refund&limit=",
        "/api/stats?since=",
        "/_helpgen/dashboard?since=",
    ],
)
def test_a_4301_digit_number_is_a_400_naming_the_parameter(server, path):
    status, _, body = server.request("GET", path + "9" * 4301, headers=ADMIN)
    name = path.rsplit("&", 1)[-1].rsplit("?", 1)[-1].rstrip("=")
    assert status == 400 and f"'{name}' must be" in body.decode()
