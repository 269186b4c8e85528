"""Several `helpgen serve` processes on one store: the per-client vote limit holds in sum, and when
PostgreSQL goes away, pages and search keep answering while writes get 503 and resume by
themselves."""

from __future__ import annotations

import json
import time

from tests.postgres import store_config
from tests.serve.support import Server, count_rows, make_project, wait_for

BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)
LIMIT = 8


def _wait_for_a_fresh_minute() -> None:
    """The limit counts per clock minute: start early in one, so the whole test fits in it."""
    if time.time() % 60 > 40:
        time.sleep(60.5 - time.time() % 60)


def test_the_vote_limit_of_one_client_holds_across_two_servers(tmp_path, store_url):
    shared = store_url or str(tmp_path / "shared.sqlite")
    config = {"feedback": {"rate_limit": LIMIT}, **store_config(shared)}
    projects = [make_project(tmp_path / name, config) for name in ("a", "b")]
    with Server(projects[0]).running() as a, Server(projects[1]).running() as b:
        _wait_for_a_fresh_minute()
        answers = [
            server.vote({"article": "shipping", "helpful": True, "vote": f"limit-{i:04d}"})
            for i in range(3 * LIMIT)
            for server in ((a, b)[i % 2],)
        ]
    statuses = [status for status, _, _ in answers]
    assert statuses.count(201) == LIMIT, statuses
    assert set(statuses) == {201, 429}
    refused = [headers for status, headers, _ in answers if status == 429]
    assert all(1 <= int(h["retry-after"]) <= 60 for h in refused)
    assert count_rows(projects[0]) == LIMIT


def vote(server: Server, i: int) -> int:
    status, headers, _ = server.vote(
        {"article": "returns/start", "helpful": True, "vote": f"outage-{i:05d}"}
    )
    assert status in (201, 503), status
    if status == 503:
        assert headers["retry-after"] == "5"
    return status


def event(server: Server) -> tuple[int, dict]:
    status, headers, _ = server.request(
        "POST",
        "/api/event",
        json.dumps({"type": "view", "page": "/shipping/"}),
        {"content-type": "text/plain", "user-agent": BROWSER_UA, "origin": server.url},
    )  # a beacon from the site's own page
    return status, headers


def test_while_postgresql_is_down_reads_answer_and_writes_wait(tmp_path, postgres):
    project = make_project(
        tmp_path / "project",
        {
            "feedback": {"rate_limit": 0},
            "analytics": {"rate_limit": 0},
            **store_config(postgres.new_database()),
        },
    )
    acknowledged = []
    with Server(project).running() as server:
        assert vote(server, 0) == 201
        acknowledged.append(0)
        assert server.request("GET", "/readyz")[0] == 200
        postgres.stop()
        try:
            status, _, body = server.request("GET", "/readyz")  # the balancer sends no traffic here
            assert status == 503 and json.loads(body)["checks"] == {
                "index": "ok",
                "store": "failing",
            }
            assert server.request("GET", "/healthz")[0] == 200  # up, if not ready
            statuses = [vote(server, i) for i in range(1, 4)]
            assert statuses == [503] * 3  # never a 500, never a 201 that was not stored
            for path in ("/", "/returns/start/", "/api/search?q=refund", "/api/suggest?q=ref"):
                assert server.request("GET", path)[0] == 200, path
            status, headers = event(server)
            assert (status, headers.get("retry-after")) == (503, "5")
        finally:
            postgres.start()
        # writes resume by themselves, without a restart
        assert wait_for(lambda: vote(server, 100) == 201, timeout=30, interval=0.5)
        assert server.request("GET", "/readyz")[0] == 200
        acknowledged.append(100)
        assert wait_for(lambda: event(server)[0] == 204, timeout=10, interval=0.5)
        assert "Traceback" not in server.log()
    assert count_rows(project) == len(acknowledged)


def test_the_event_limit_of_one_client_holds_across_two_servers(tmp_path, store_url):
    """Events are counted in memory and added to the store twice a second: one client sending at a
    reader's pace to two servers gets the limit in sum (give or take one flush), not twice it."""
    shared = store_url or str(tmp_path / "shared.sqlite")
    config = {
        "analytics": {"rate_limit": LIMIT},
        "feedback": {"rate_limit": 0},
        **store_config(shared),
    }
    projects = [make_project(tmp_path / name, config) for name in ("a", "b")]
    with Server(projects[0]).running() as a, Server(projects[1]).running() as b:
        _wait_for_a_fresh_minute()
        statuses = []
        for i in range(3 * LIMIT):
            statuses.append(event((a, b)[i % 2])[0])
            time.sleep(0.2)
    assert set(statuses) == {204, 429}, statuses
    assert LIMIT <= statuses.count(204) <= LIMIT + 3, statuses
