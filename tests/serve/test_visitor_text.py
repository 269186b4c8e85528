"""Visitors' text is stored cleaned (helpgen.visitor_text): the search log, events' queries and
votes' comments, through a real server into the real SQLite store."""

from __future__ import annotations

import json
from urllib.parse import quote

from tests.serve.support import count_rows, fetch_rows, make_project, wait_for

WAIT = 15
AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)


def test_queries_and_comments_are_stored_without_escapes(start_server, tmp_path):
    server = start_server(
        make_project(
            tmp_path / "project", {"feedback": {"rate_limit": 0}, "analytics": {"rate_limit": 0}}
        )
    )
    for query in (
        "zzqx\x1b[31mred",
        "\x1b[31m\u202e\x07",
        "\x1b]0;title\x07",
    ):  # the last two: nothing left
        status, _, _ = server.request("GET", "/api/search?q=" + quote(query))
        assert status == 200
    event = {
        "type": "search",
        "query": "[red]wismo\u2066\x1b[2J",
        "results": 0,
        "source": "instant",
    }
    status, _, _ = server.request(
        "POST",
        "/api/event",
        json.dumps(event).encode(),
        {"content-type": "text/plain", "origin": server.url, "user-agent": AGENT},
    )
    assert status == 204
    empty = {**event, "query": "\x1b[31m\u202e"}
    status, _, data = server.request(
        "POST",
        "/api/event",
        json.dumps(empty).encode(),
        {"content-type": "text/plain", "origin": server.url, "user-agent": AGENT},
    )
    assert (status, json.loads(data)) == (422, {"error": "'query' must be non-empty text"})
    comment = "where\x1b[2J is \u202eit?\x9b1m\r\nsecond\tline"
    status, _, _ = server.vote({"article": "returns/start", "helpful": False, "comment": comment})
    assert status == 201

    # the vote is committed before its answer; searches are written soon after theirs
    assert fetch_rows(server.project, "SELECT comment FROM votes") == [
        ("where is it?\nsecond line",)
    ]
    assert wait_for(lambda: count_rows(server.project, "searches") >= 2, WAIT)
    server.stop()  # a normal stop writes everything queued
    assert sorted(fetch_rows(server.project, "SELECT query, source FROM searches")) == [
        ("[red]wismo", "instant"),
        ("zzqxred", "api"),
    ]
