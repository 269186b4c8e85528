"""A store and a help center on two origins: the demo store page (docs/widget-demo.html) on
one port, the demo help center on another, once as `helpgen serve` and once as a built
site on a plain static server. Everything runs on 127.0.0.1 and is stopped afterwards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from helpgen.builder import build
from helpgen.config import load_project
from tests.helpers import REPO_ROOT
from tests.serve.support import QuietHandler, Server, static_server

DEMO_PAGE = REPO_ROOT / "docs" / "widget-demo.html"
DEMO_HELP_CENTER = "http://127.0.0.1:8000/"
"""Where the demo page expects the help center; the tests put their own in its place."""
WAIT_MS = 15_000


class CorsHandler(QuietHandler):
    """A static host that lets any page read its files, as GitHub Pages does (docs/widget.md)."""

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()


class Store:
    """The store's origin: pages written into a folder served by http.server."""

    def __init__(self, folder: Path, url: str):
        self.folder, self.url = folder, url

    def demo_page(self, help_center: str, name: str) -> str:
        """The demo store page pointing at `help_center`; its URL."""
        html = DEMO_PAGE.read_text(encoding="utf-8")
        assert html.count(DEMO_HELP_CENTER) == 1, "the demo page should embed the widget once"
        return self.page(name, html.replace(DEMO_HELP_CENTER, help_center.rstrip("/") + "/"))

    def page(self, name: str, html: str) -> str:
        (self.folder / name).write_text(html, encoding="utf-8")
        return f"{self.url}/{name}"


@pytest.fixture(scope="session")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    (folder / "favicon.ico").write_bytes(b"")  # the browser asks for it: no 404 in the console
    with static_server(folder) as url:
        yield Store(folder, url)


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory, store):
    """A copy of the demo help center whose API and widget files the store's origin may read."""
    project = tmp_path_factory.mktemp("help") / "project"
    shutil.copytree(REPO_ROOT / "content", project / "content")
    config = yaml.safe_load((REPO_ROOT / "helpgen.yml").read_text(encoding="utf-8"))
    config["server"] = {"cors_origins": [store.url]}
    config["feedback"] = {"rate_limit": 0}
    (project / "helpgen.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    return project


@pytest.fixture(scope="session")
def built_site(demo_project, tmp_path_factory):
    out = tmp_path_factory.mktemp("built") / "site"
    result = build(load_project(demo_project), out=out, use_cache=False)
    assert result.written, [str(p) for p in result.report.problems]
    return out


@pytest.fixture(scope="session")
def served(demo_project):
    """`helpgen serve --no-watch` on the demo project."""
    with Server(demo_project).running() as server:
        yield server.url


@pytest.fixture(scope="session")
def static_host(built_site):
    """The built site on a plain static server that sends CORS headers."""
    with static_server(built_site, CorsHandler) as url:
        yield url


@pytest.fixture(params=["serve", "static"])
def help_center(request):
    """The help center's URL, once served by helpgen and once by a static host."""
    return request.param, request.getfixturevalue(
        "served" if request.param == "serve" else "static_host"
    )


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.errors, page.requests = [], []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: page.requests.append(req.url))
    page.on(
        "response", lambda r: page.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    try:
        yield page
    finally:
        context.close()
