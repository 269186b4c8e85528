"""Two `helpgen serve --no-watch` replicas on one PostgreSQL behind a real nginx, round-robin:
20,000 votes from 50 clients are all acknowledged and all counted, and `helpgen stats --json`
says the same from either replica's project."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.nginx import NGINX, Nginx
from tests.postgres import store_config
from tests.serve.support import Server, make_project, run_load

CLIENTS, PER_CLIENT = 50, 400


def test_twenty_thousand_votes_through_nginx_over_two_replicas(tmp_path, postgres, run_cli):
    if not Path(
        NGINX
    ).exists():  # as for Chromium and PostgreSQL: CI must have it (.ci/run installs it)
        if os.environ.get("CI"):
            pytest.fail(f"no nginx at {NGINX}: .ci/run should have installed Debian's nginx")
        pytest.skip(f"no nginx at {NGINX} (apt-get install nginx)")
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
