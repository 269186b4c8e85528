"""Real `helpgen serve` processes for the statistics tests, and a help center on a static host
sending its events to one of them. Everything runs on 127.0.0.1 and is stopped afterwards."""

from __future__ import annotations

import pytest

from helpgen.builder import build
from helpgen.config import load_project
from tests.postgres import store_config
from tests.serve.conftest import start_server  # noqa: F401 - a fixture, shared by importing it
from tests.serve.support import ARTICLES, Server, make_project, static_server
from tests.widget.conftest import demo_project, served, store  # noqa: F401 - shared fixtures

TOKEN = "stats-admin-token-5d1c"
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)
CONTACT = {
    "hours": "Mon-Fri",
    "channels": [
        {"name": "Email", "value": "help@shop.example", "url": "https://shop.example/contact"}
    ],
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def counting_server(request, tmp_path_factory):
    """`helpgen serve --no-watch` counting the pages it serves: no rate limits, an admin token; its
    store SQLite, then PostgreSQL."""
    url = (
        request.getfixturevalue("postgres").new_database()
        if request.param == "postgresql"
        else None
    )
    project = make_project(
        tmp_path_factory.mktemp("counting") / "project",
        {
            "feedback": {"rate_limit": 0},
            "analytics": {"rate_limit": 0},
            "contact": CONTACT,
            **store_config(url),
        },
    )
    with Server(project, env={"HELPGEN_ADMIN_TOKEN": TOKEN}).running() as server:
        yield server


@pytest.fixture(scope="module")
def static_help_center(tmp_path_factory):
    """(static host URL, API server): the site built with `analytics.endpoint` at the API's
    /api/event, on a plain static server of another origin (on the API's CORS allow-list)."""
    root = tmp_path_factory.mktemp("static")
    with static_server(root / "project" / "site") as static_url:
        api_project = make_project(
            root / "api", {"server": {"cors_origins": [static_url]}, "analytics": {"rate_limit": 0}}
        )
        with Server(api_project).running() as api:
            project = make_project(
                root / "project",
                {"analytics": {"endpoint": f"{api.url}/api/event"}, "contact": CONTACT},
                ARTICLES,
            )
            result = build(load_project(project), use_cache=False)
            assert result.written, [str(p) for p in result.report.problems]
            yield static_url, api
