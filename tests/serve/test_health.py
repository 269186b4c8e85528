"""Probes and metrics: /healthz, /readyz (index and store) and /metrics behind the admin token."""

from __future__ import annotations

import json
import re

from tests.helpers import run_helpgen
from tests.serve.support import Server, make_project

TOKEN = "metrics-token-1"


def _metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample of `name` with exactly these labels (0 when absent)."""
    for line in text.splitlines():
        match = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if not match or match[1] != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
        if found == labels:
            return float(match[3])
    return 0.0


def test_healthz_and_readyz_answer_when_all_is_well(prod_server):
    status, headers, body = prod_server.request("GET", "/healthz")
    assert (
        status == 200
        and json.loads(body)["status"] == "ok"
        and headers["cache-control"] == "no-store"
    )
    status, headers, body = prod_server.request("GET", "/readyz")
    assert status == 200, body
    assert json.loads(body)["checks"] == {"index": "ok", "store": "ok"}


def test_metrics_need_the_admin_token(prod_server):
    assert prod_server.request("GET", "/metrics")[0] == 403  # no token configured: off


def test_metrics_count_requests_votes_and_documents(tmp_path, start_server):
    project = make_project(tmp_path / "project", {"feedback": {"rate_limit": 0}})
    server = start_server(project, env={"HELPGEN_ADMIN_TOKEN": TOKEN})
    assert server.request("GET", "/metrics")[0] == 401
    for _ in range(3):
        assert server.vote({"article": "shipping", "helpful": True})[0] == 201
    assert server.request("GET", "/api/search?q=refund")[0] == 200
    assert server.request("GET", "/no/such/page/")[0] == 404
    status, headers, body = server.request(
        "GET", "/metrics", headers={"authorization": f"Bearer {TOKEN}"}
    )
    assert status == 200 and headers["content-type"].startswith("text/plain")
    text = body.decode()
    assert _metric(text, "helpgen_votes_written_total") == 3
    assert _metric(text, "helpgen_http_requests_total", route="/api/feedback", status="201") == 3
    assert _metric(text, "helpgen_http_requests_total", route="/api/search", status="200") == 1
    assert _metric(text, "helpgen_http_requests_total", route="site", status="404") == 1
    assert _metric(text, "helpgen_http_request_duration_seconds_count", route="/api/search") == 1
    assert _metric(text, "helpgen_index_documents") == 3


def test_metrics_sum_every_worker(tmp_path):
    project = make_project(tmp_path / "project", {"feedback": {"rate_limit": 0}})
    code, _, err = run_helpgen("build", project)
    assert code == 0, err
    with Server(
        project, args=("--no-build", "--workers", "2"), env={"HELPGEN_ADMIN_TOKEN": TOKEN}
    ).running() as server:
        for _ in range(10):  # new connections: the kernel spreads them over both workers
            assert server.vote({"article": "shipping", "helpful": True})[0] == 201
        body = server.request("GET", "/metrics", headers={"authorization": f"Bearer {TOKEN}"})[
            2
        ].decode()
    assert _metric(body, "helpgen_votes_written_total") == 10
