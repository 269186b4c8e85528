"""Two `helpgen serve --no-watch` replicas on one PostgreSQL behind a real nginx, round-robin:
20,000 votes from 50 clients are all acknowledged and all counted, and `helpgen stats --json`
says the same from either replica's project."""

from __future__ import annotations

import json

from tests.helpers import run_helpgen
from tests.nginx import Nginx, require_nginx
from tests.postgres import store_config
from tests.serve.support import Server, make_project, run_load
from tests.store.test_replicas import BROWSER_UA, LIMIT, _wait_for_a_fresh_minute

CLIENTS, PER_CLIENT = 50, 400


def test_twenty_thousand_votes_through_nginx_over_two_replicas(tmp_path, postgres, run_cli):
    require_nginx()
    config = {"feedback": {"rate_limit": 0}, **store_config(postgres.new_database())}
    projects = [make_project(tmp_path / name, config) for name in ("replica-a", "replica-b")]
    with Server(projects[0]).running() as a, Server(projects[1]).running() as b:
        with Nginx(tmp_path / "nginx", (a.port, b.port)).running() as proxy:
            result = run_load(proxy, CLIENTS, PER_CLIENT, timeout=300)
        assert "Traceback" not in a.log() + b.log()
    assert result.failures == 0
    assert sorted(set(result.statuses.values())) == [201]
    assert len(result.statuses) == CLIENTS * PER_CLIENT
    figures = []
    for project in projects:
        code, out, err = run_cli("stats", project, "--json")
        assert code == 0, err
        figures.append(json.loads(out))
    assert figures[0] == figures[1]
    assert sum(article["votes"] for article in figures[0]["articles"]) == CLIENTS * PER_CLIENT


def test_through_nginx_each_client_is_limited_by_its_forwarded_address(tmp_path, postgres):
    """The proxy rules pass the client's address (X-Forwarded-For, trusted from 127.0.0.1) and the
    Host with its port: two clients behind one nginx each get the vote limit, summed over both
    replicas of one artifact, and a beacon from the help center's own page is taken."""
    require_nginx()
    config = {"feedback": {"rate_limit": LIMIT}, **store_config(postgres.new_database())}
    project = make_project(tmp_path / "project", config)
    code, _, err = run_helpgen("build", project)
    assert code == 0, err
    replicas = [Server(project, args=("--no-build",)) for _ in range(2)]
    with replicas[0].running() as a, replicas[1].running() as b:
        with Nginx(tmp_path / "nginx", (a.port, b.port)).running() as proxy:
            _wait_for_a_fresh_minute()
            statuses = {
                client: [post_vote(proxy, client, i) for i in range(LIMIT + 4)]
                for client in ("198.51.100.7", "198.51.100.8")
            }
            beacon = post_beacon(proxy)
    for client, answers in statuses.items():
        assert answers == [201] * LIMIT + [429] * 4, client
    assert beacon == 204


def post_vote(proxy: Nginx, client: str, i: int) -> int:
    vote = {"article": "shipping", "helpful": True, "vote": f"fwd-{client[-1]}-{i:04d}"}
    conn = proxy.connection(timeout=10)
    try:
        conn.request(
            "POST",
            "/api/feedback",
            json.dumps(vote),
            {"content-type": "application/json", "x-forwarded-for": client},
        )
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def post_beacon(proxy: Nginx) -> int:
    """A page view as the page's own script sends it through the proxy: text/plain, the page's
    Origin (port included), a browser's User-Agent."""
    conn = proxy.connection(timeout=10)
    try:
        conn.request(
            "POST",
            "/api/event",
            json.dumps({"type": "view", "page": "/shipping/"}),
            {
                "content-type": "text/plain;charset=UTF-8",
                "origin": f"http://127.0.0.1:{proxy.port}",
                "user-agent": BROWSER_UA,
            },
        )
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()
