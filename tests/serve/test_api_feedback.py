"""POST /api/feedback against a real server and a real SQLite store: bad input, accepted votes,
CORS, rate limit."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.serve.conftest import CORS_ORIGIN
from tests.serve.support import (
    Server,
    column_names,
    count_rows,
    fetch_rows,
    make_project,
    store_path,
)

ARTICLE = "returns/start"
FIELDS = "article, comment, helpful, reason, vote"
REASON_ERROR = (
    "'reason' must be one of outdated, unclear, incomplete, did_not_answer, other, "
    "and only with helpful: false"
)
ARTICLE_ERROR = "'article' must be an article id or URL path"
HELPFUL_ERROR = "'helpful' must be true or false"
KEY_ERROR = "'vote' must be 8 to 64 letters, digits or hyphens"
ORIGIN_ERROR = "votes are accepted from the help center's own pages and the CORS allow-list"


def as_body(value) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value).encode()


BAD = [
    # id, body, content type, status, error
    (
        "malformed-json",
        b'{"article": "returns/start", "helpful": tru',
        "application/json",
        400,
        "body is not valid JSON",
    ),
    ("empty-body", b"", "application/json", 400, "body is not valid JSON"),
    (
        "not-utf8",
        b'{"article": "returns/start", "helpful": true, "comment": "\xff\xfe"}',
        "application/json",
        400,
        "body is not valid JSON",
    ),
    (
        "trailing-garbage",
        b'{"article": "returns/start", "helpful": true} x',
        "application/json",
        400,
        "body is not valid JSON",
    ),
    ("array", [ARTICLE, True], "application/json", 422, "body must be a JSON object"),
    ("string", "returns/start", "application/json", 422, "body must be a JSON object"),
    ("null", None, "application/json", 422, "body must be a JSON object"),
    ("article-missing", {"helpful": True}, "application/json", 422, ARTICLE_ERROR),
    ("article-int", {"article": 123, "helpful": True}, "application/json", 422, ARTICLE_ERROR),
    ("article-null", {"article": None, "helpful": True}, "application/json", 422, ARTICLE_ERROR),
    (
        "article-list",
        {"article": [ARTICLE], "helpful": True},
        "application/json",
        422,
        ARTICLE_ERROR,
    ),
    (
        "article-object",
        {"article": {"id": ARTICLE}, "helpful": True},
        "application/json",
        422,
        ARTICLE_ERROR,
    ),
    ("article-bool", {"article": True, "helpful": True}, "application/json", 422, ARTICLE_ERROR),
    ("article-empty", {"article": "", "helpful": True}, "application/json", 422, ARTICLE_ERROR),
    (
        "article-too-long",
        {"article": "a" * 501, "helpful": True},
        "application/json",
        422,
        ARTICLE_ERROR,
    ),
    ("helpful-missing", {"article": ARTICLE}, "application/json", 422, HELPFUL_ERROR),
    (
        "helpful-string",
        {"article": ARTICLE, "helpful": "true"},
        "application/json",
        422,
        HELPFUL_ERROR,
    ),
    ("helpful-int", {"article": ARTICLE, "helpful": 1}, "application/json", 422, HELPFUL_ERROR),
    ("helpful-zero", {"article": ARTICLE, "helpful": 0}, "application/json", 422, HELPFUL_ERROR),
    ("helpful-null", {"article": ARTICLE, "helpful": None}, "application/json", 422, HELPFUL_ERROR),
    (
        "helpful-nan",
        b'{"article": "returns/start", "helpful": NaN}',
        "application/json",
        422,
        HELPFUL_ERROR,
    ),
    (
        "reason-int",
        {"article": ARTICLE, "helpful": False, "reason": 5},
        "application/json",
        422,
        REASON_ERROR,
    ),
    (
        "reason-unknown",
        {"article": ARTICLE, "helpful": False, "reason": "boring"},
        "application/json",
        422,
        REASON_ERROR,
    ),
    (
        "reason-list",
        {"article": ARTICLE, "helpful": False, "reason": ["unclear"]},
        "application/json",
        422,
        REASON_ERROR,
    ),
    (
        "reason-object",
        {"article": ARTICLE, "helpful": False, "reason": {}},
        "application/json",
        422,
        REASON_ERROR,
    ),
    (
        "reason-with-helpful-true",
        {"article": ARTICLE, "helpful": True, "reason": "unclear"},
        "application/json",
        422,
        REASON_ERROR,
    ),
    (
        "comment-int",
        {"article": ARTICLE, "helpful": False, "comment": 5},
        "application/json",
        422,
        "'comment' must be text",
    ),
    (
        "comment-list",
        {"article": ARTICLE, "helpful": False, "comment": ["hi"]},
        "application/json",
        422,
        "'comment' must be text",
    ),
    (
        "comment-1001",
        {"article": ARTICLE, "helpful": False, "comment": "x" * 1001},
        "application/json",
        422,
        "'comment' is longer than 1000 characters",
    ),
    (
        "vote-int",
        {"article": ARTICLE, "helpful": True, "vote": 12345678},
        "application/json",
        422,
        KEY_ERROR,
    ),
    (
        "vote-short",
        {"article": ARTICLE, "helpful": True, "vote": "abc"},
        "application/json",
        422,
        KEY_ERROR,
    ),
    (
        "vote-space",
        {"article": ARTICLE, "helpful": True, "vote": "abc defgh"},
        "application/json",
        422,
        KEY_ERROR,
    ),
    (
        "vote-65",
        {"article": ARTICLE, "helpful": True, "vote": "a" * 65},
        "application/json",
        422,
        KEY_ERROR,
    ),
    (
        "unknown-field",
        {"article": ARTICLE, "helpful": True, "ip": "1.2.3.4"},
        "application/json",
        422,
        f"unknown field 'ip' (fields: {FIELDS})",
    ),
    (
        "unknown-article",
        {"article": "returns/nope", "helpful": True},
        "application/json",
        404,
        "no such article",
    ),
    (
        "unknown-url",
        {"article": "/returns/nope/", "helpful": True},
        "application/json",
        404,
        "no such article",
    ),
    (
        "unlisted-page",
        {"article": "/returns/", "helpful": True},
        "application/json",
        404,
        "no such article",
    ),
    (
        "sql-in-article",
        {"article": "x'; DROP TABLE votes; --", "helpful": True},
        "application/json",
        404,
        "no such article",
    ),
    (
        "sql-in-article-2",
        {"article": "returns/start' OR '1'='1", "helpful": False},
        "application/json",
        404,
        "no such article",
    ),
    (
        "body-1mb",
        b'{"article": "returns/start", "helpful": false, "comment": "' + b"a" * (1 << 20) + b'"}',
        "application/json",
        413,
        "body too large: at most 16384 bytes",
    ),
    (
        "body-16385",
        b'{"article": "returns/start", "helpful": true}'.ljust(16385),
        "application/json",
        413,
        "body too large: at most 16384 bytes",
    ),
    ("text-plain", {"article": ARTICLE, "helpful": True}, "text/plain", 403, ORIGIN_ERROR),
    (
        "text-plain-json",
        {"article": ARTICLE, "helpful": True},
        "text/plain; x=json",
        403,
        ORIGIN_ERROR,
    ),
    (
        "json-parameter",
        {"article": ARTICLE, "helpful": True},
        "application/json; x=1",
        415,
        "send the vote as application/json",
    ),
    (
        "jsonx",
        {"article": ARTICLE, "helpful": True},
        "application/jsonx",
        415,
        "send the vote as application/json",
    ),
    (
        "json-in-form",
        {"article": ARTICLE, "helpful": True},
        "application/x-www-form-urlencoded; x=json",
        415,
        "send the vote as application/json",
    ),
    (
        "form",
        b"article=returns%2Fstart&helpful=true",
        "application/x-www-form-urlencoded",
        415,
        "send the vote as application/json",
    ),
    (
        "no-content-type",
        {"article": ARTICLE, "helpful": True},
        None,
        415,
        "send the vote as application/json",
    ),
]


@pytest.mark.parametrize(
    "name,body,content_type,status,message", BAD, ids=[case[0] for case in BAD]
)
def test_bad_vote_is_refused_with_a_json_error_and_nothing_stored(
    prod_server, name, body, content_type, status, message
):
    before = count_rows(prod_server.project)
    log_before = len(prod_server.log())
    headers = {"content-type": content_type} if content_type else {}
    got, answer_headers, data = prod_server.request("POST", "/api/feedback", as_body(body), headers)
    assert (got, json.loads(data)) == (status, {"error": message})
    assert answer_headers["content-type"] == "application/json"
    assert count_rows(prod_server.project) == before
    assert "Traceback" not in prod_server.log()[log_before:]
    if store_path(prod_server.project).exists():  # the SQL in 'article' did nothing either
        assert fetch_rows(
            prod_server.project, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ) == [
            ("alembic_version",),
            ("event_days",),
            ("events",),
            ("rate_hits",),
            ("rollup_progress",),
            ("searches",),
            ("visit_days",),
            ("votes",),
        ]


def test_deeply_nested_json_is_a_400_not_a_500(prod_server):
    before = count_rows(prod_server.project)
    status, _, data = prod_server.vote(b"[" * 1500 + b"]" * 1500)
    assert (status, json.loads(data)) == (400, {"error": "body is not valid JSON"})
    assert count_rows(prod_server.project) == before


def test_a_1mb_body_sent_chunked_is_refused(prod_server):
    before = count_rows(prod_server.project)
    conn = prod_server.connection()
    try:
        conn.putrequest("POST", "/api/feedback")
        conn.putheader("content-type", "application/json")
        conn.putheader("transfer-encoding", "chunked")
        conn.endheaders()
        for _ in range(16):
            chunk = b'{"comment": "' + b"a" * 65536
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
        response = conn.getresponse()
        assert (response.status, json.loads(response.read())) == (
            413,
            {"error": "body too large: at most 16384 bytes"},
        )
    finally:
        conn.close()
    assert count_rows(prod_server.project) == before


def vote_rows(project, key: str) -> list[tuple]:
    return fetch_rows(
        project, "SELECT article, helpful, reason, comment FROM votes WHERE vote_key = ?", (key,)
    )


@pytest.mark.parametrize(
    "ref",
    [
        "returns/start",
        "/returns/start/",
        "/returns/start",
        "https://help.example.com/returns/start/?utm=x#top",
    ],
)
def test_vote_by_id_or_url_path_is_stored_under_the_article_id(prod_server, ref):
    key = "ref-" + hashlib.sha256(ref.encode()).hexdigest()[:12]
    before = count_rows(prod_server.project)
    status, headers, data = prod_server.vote(
        {"article": ref, "helpful": False, "reason": "unclear", "vote": key}
    )
    assert (status, json.loads(data)) == (201, {"ok": True, "article": ARTICLE})
    assert headers["content-type"] == "application/json"
    assert count_rows(prod_server.project) == before + 1
    assert vote_rows(prod_server.project, key) == [(ARTICLE, 0, "unclear", None)]


def test_a_second_vote_with_the_same_key_replaces_the_first(prod_server):
    key = "replace-0001"
    before = count_rows(prod_server.project)
    assert prod_server.vote({"article": "shipping", "helpful": True, "vote": key})[0] == 201
    assert vote_rows(prod_server.project, key) == [("shipping", 1, None, None)]
    assert (
        prod_server.vote(
            {
                "article": "shipping",
                "helpful": False,
                "reason": "outdated",
                "comment": "late",
                "vote": key,
            }
        )[0]
        == 201
    )
    assert vote_rows(prod_server.project, key) == [("shipping", 0, "outdated", "late")]
    assert count_rows(prod_server.project) == before + 1


HOSTILE = (
    "<script>alert('x')</script><img src=x onerror=\"alert(1)\"> &amp; [b]bold[/b] "
    "'); DROP TABLE votes; --"
)


def test_script_html_and_sql_in_a_comment_are_stored_verbatim(prod_server, run_cli):
    key = "hostile-0001"
    status, _, data = prod_server.vote(
        {
            "article": "returns/refunds",
            "helpful": False,
            "reason": "other",
            "comment": HOSTILE,
            "vote": key,
        }
    )
    assert (status, json.loads(data)) == (201, {"ok": True, "article": "returns/refunds"})
    assert vote_rows(prod_server.project, key) == [("returns/refunds", 0, "other", HOSTILE)]

    code, out, err = run_cli("stats", prod_server.project, "--json")
    assert code == 0, err
    refunds = next(a for a in json.loads(out)["articles"] if a["id"] == "returns/refunds")
    assert refunds["comments"][0]["comment"] == HOSTILE
    assert (refunds["yes"], refunds["no"], refunds["reasons"]) == (0, 1, {"other": 1})

    code, out, err = run_cli("stats", prod_server.project)
    assert code == 0, err
    assert HOSTILE[:80] in out  # as data: not interpreted as console markup, not mangled


def test_a_comment_of_exactly_1000_characters_is_accepted(prod_server):
    comment = "é" + "x" * 998 + "é"
    key = "long-comment-1"
    assert (
        prod_server.vote(
            {"article": ARTICLE, "helpful": False, "comment": comment, "vote": key},
        )[0]
        == 201
    )
    assert vote_rows(prod_server.project, key) == [(ARTICLE, 0, None, comment)]


def test_a_1000_character_non_ascii_comment_in_escaped_json_is_accepted(prod_server):
    comment = "返品" * 500
    body = json.dumps(
        {"article": ARTICLE, "helpful": False, "comment": comment, "vote": "escaped-json-1"}
    ).encode()
    assert body.isascii() and len(body) > 4096
    status, _, data = prod_server.vote(body)
    assert (status, json.loads(data)) == (201, {"ok": True, "article": ARTICLE})


def test_no_client_address_is_stored(prod_server):
    assert prod_server.vote({"article": ARTICLE, "helpful": True}, source="127.0.0.9")[0] == 201
    columns = column_names(prod_server.project, "votes")
    assert columns == ["id", "vote_key", "article", "helpful", "reason", "comment", "created"]
    store = store_path(prod_server.project)
    for path in (store, store.with_name(store.name + "-wal")):
        if path.exists():
            assert b"127.0.0.9" not in path.read_bytes()


# --- CORS -----------------------------------------------------------------------------------------


def test_cors_allowed_origin_on_post_and_preflight(prod_server):
    status, headers, _ = prod_server.request(
        "OPTIONS",
        "/api/feedback",
        headers={
            "origin": CORS_ORIGIN,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == CORS_ORIGIN
    assert headers["access-control-allow-methods"] == "POST, OPTIONS"
    assert headers["access-control-allow-headers"] == "content-type"
    assert headers["vary"] == "Origin"
    assert "access-control-allow-credentials" not in headers

    status, headers, _ = prod_server.vote(
        {"article": ARTICLE, "helpful": True}, headers={"origin": CORS_ORIGIN}
    )
    assert status == 201
    assert headers["access-control-allow-origin"] == CORS_ORIGIN
    assert "access-control-allow-credentials" not in headers and "set-cookie" not in headers

    status, headers, _ = prod_server.vote(b"{", headers={"origin": CORS_ORIGIN})
    assert (
        status == 400 and headers["access-control-allow-origin"] == CORS_ORIGIN
    )  # the page can read the error


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example.com",
        "https://shop.example.com.evil.example",
        "null",
        "http://shop.example.com",
    ],
)
def test_cors_other_origins_get_no_allow_origin_and_store_nothing(prod_server, origin):
    status, headers, _ = prod_server.request(
        "OPTIONS",
        "/api/feedback",
        headers={"origin": origin, "access-control-request-method": "POST"},
    )
    assert status == 204
    assert (
        "access-control-allow-origin" not in headers
        and "access-control-allow-methods" not in headers
    )
    before = count_rows(prod_server.project)
    for content_type in (
        "application/json",
        "application/json; charset=utf-8",
        "text/plain;charset=UTF-8",
    ):
        status, headers, data = prod_server.vote(
            {"article": ARTICLE, "helpful": True}, content_type, headers={"origin": origin}
        )
        assert (status, json.loads(data)) == (403, {"error": ORIGIN_ERROR})
        assert "access-control-allow-origin" not in headers
    status, _, _ = prod_server.vote(
        {"article": ARTICLE, "helpful": True}, headers={"referer": origin + "/x"}
    )
    assert status == 403
    assert count_rows(prod_server.project) == before


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json;charset=UTF-8", "text/plain"]
)
def test_the_sites_own_pages_and_the_allow_list_may_send_beacons(prod_server, content_type):
    for headers in (
        {"origin": prod_server.url},
        {"origin": CORS_ORIGIN},
        {"referer": prod_server.url + "/shipping/"},
    ):
        status, _, data = prod_server.vote(
            {"article": ARTICLE, "helpful": True}, content_type, headers=headers
        )
        assert status == 201, (headers, data)


# --- rate limit -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("limited") / "project", {"feedback": {"rate_limit": 6}}
    )
    with Server(project).running() as server:
        yield server


def quick_votes(server, source: str, n: int) -> list[tuple[int, dict, bytes]]:
    return [server.vote({"article": ARTICLE, "helpful": True}, source=source) for _ in range(n)]


def test_rate_limit_answers_429_with_retry_after_and_stores_nothing(limited_server):
    before = count_rows(limited_server.project)
    answers = quick_votes(limited_server, "127.0.0.2", 10)
    statuses = [status for status, _, _ in answers]
    assert statuses[0] == 201 and statuses[-1] == 429
    accepted = statuses.count(201)
    assert statuses == [201] * accepted + [429] * (10 - accepted)  # once limited, limited
    for _status, headers, data in answers[accepted:]:
        assert json.loads(data) == {"error": "too many votes from this client; try again later"}
        assert 1 <= int(headers["retry-after"]) <= 60
    assert count_rows(limited_server.project) == before + accepted
    # another client is not affected
    assert quick_votes(limited_server, "127.0.0.3", 1)[0][0] == 201


def test_rate_limit_allows_the_configured_votes_per_minute(limited_server):
    statuses = [status for status, _, _ in quick_votes(limited_server, "127.0.0.4", 9)]
    assert statuses == [201] * 6 + [429] * 3
