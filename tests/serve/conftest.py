"""Fixtures for the serve tests: real `helpgen serve` processes, always stopped afterwards."""

from __future__ import annotations

import pytest

from tests.postgres import store_config
from tests.serve.support import Server, kill_process_group, make_project

CORS_ORIGIN = "https://shop.example.com"


@pytest.fixture
def start_server():
    """Factory: start_server(project, watch=False, args=(), env={}) -> a running Server, stopped at
    teardown."""
    servers: list[Server] = []

    def start(project, watch: bool = False, args: tuple = (), env: dict | None = None) -> Server:
        server = Server(project, watch=watch, args=tuple(args), env=dict(env or {}))
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        if server.proc is not None:
            server.stop()
            kill_process_group(server.proc)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def prod_server(request, tmp_path_factory):
    """One production server per module and store (SQLite, then PostgreSQL): no rate limit, a CORS
    allow-list, no admin token."""
    url = (
        request.getfixturevalue("postgres").new_database()
        if request.param == "postgresql"
        else None
    )
    project = make_project(
        tmp_path_factory.mktemp("prod") / "project",
        {
            "feedback": {"rate_limit": 0},
            "server": {"cors_origins": [CORS_ORIGIN]},
            **store_config(url),
        },
    )
    with Server(project).running() as server:
        yield server
