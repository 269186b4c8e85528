"""What the build writes for the widget, and how `helpgen serve` sends it: the size budget,
the stable URL, widget.json (public data only), cache lifetimes and CORS."""

from __future__ import annotations

import gzip
import json

import pytest

from helpgen.config import load_project
from helpgen.render.theme import Theme
from tests.serve.support import Server, make_project

BUDGET = 15 * 1024
"""widget.js, gzipped, at most 15 KB (issue #7): it is on every page of the store."""
STORE = "https://shop.example.com"
CONFIG = {
    "site_url": "https://help.example.com/help/",
    "contact": {
        "hours": "Mon–Fri 9–17",
        "channels": [
            {
                "name": "Email",
                "value": "help@example.com",
                "url": "mailto:help@example.com",
                "response_time": "1 day",
            },
            {"name": "Form", "value": "Contact form", "url": "/contact/"},
        ],
    },
    "server": {"cors_origins": [STORE]},
}
FILES = {
    "returns/start.md": "# Start a return\n\nHow to start a return.\n",
    "nl/verzending.md": "---\ntitle: Verzending\nlang: nl\n---\nWij verzenden snel.\n",
    "agents/macros.md": (
        "---\ntitle: Refund macro SECRET-AGENT-NOTE\naudience: internal\n---\nInternal only.\n"
    ),
}


def test_widget_js_fits_the_size_budget(make_site, build_site, tmp_path):
    site = build_site(make_site(tmp_path, FILES)).out
    data = (site / "_helpgen" / "widget.js").read_bytes()
    size = len(gzip.compress(data, 9))
    assert size <= BUDGET, f"widget.js is {size} bytes gzipped; the budget is {BUDGET}"


def test_widget_js_has_a_stable_url_and_the_pages_do_not_load_it(make_site, build_site, tmp_path):
    project = make_site(tmp_path, FILES)
    site = build_site(project).out
    theme = Theme(load_project(project))
    assert theme.assets["widget.js"].path == "_helpgen/widget.js"  # never fingerprinted
    assert (site / "_helpgen" / "widget.js").read_bytes() == theme.assets["widget.js"].data
    assert (
        theme.assets["search.js"].path != "_helpgen/search.js"
    )  # the pages' own scripts still are
    assert "widget.js" not in (site / "returns" / "start" / "index.html").read_text(
        encoding="utf-8"
    )


def test_widget_json_holds_what_the_widget_needs_and_nothing_internal(
    make_site, build_site, tmp_path
):
    site = build_site(make_site(tmp_path, FILES, CONFIG)).out
    text = (site / "_helpgen" / "widget.json").read_text(encoding="utf-8")
    assert "SECRET-AGENT-NOTE" not in text and "Internal only" not in text
    data = json.loads(text)
    assert (data["name"], data["lang"], data["languages"]) == ("Test Help", "en", ["en", "nl"])
    assert (data["home"], data["search_page"]) == ("/help/", "/help/search/")
    assert data["contact"] == {
        "hours": "Mon–Fri 9–17",
        "channels": [
            {
                "name": "Email",
                "value": "help@example.com",
                "url": "mailto:help@example.com",
                "response_time": "1 day",
            },
            {
                "name": "Form",
                "value": "Contact form",
                "url": "/help/contact/",
                "response_time": None,
            },
        ],
    }
    search = data["search"]
    assert search["api"] == "/help/api/" and search["index"] == "/help/_helpgen/search/"
    assert (site / search["script"].removeprefix("/help/")).is_file()
    assert (site / "_helpgen" / "search" / "manifest.json").is_file()
    for lang in ("en", "nl"):  # English strings for a language the theme does not translate
        strings = data["strings"][lang]
        assert strings["widget.open"] == "Help"
        assert strings["contact.response_time"] == "Response time: {time}"
        assert all(k.startswith(("widget.", "contact.")) for k in strings)


def test_widget_json_is_the_same_for_the_same_input(make_site, build_site, tmp_path):
    first = build_site(make_site(tmp_path / "a", FILES, CONFIG)).out / "_helpgen" / "widget.json"
    second = (
        build_site(make_site(tmp_path / "b", FILES, CONFIG), use_cache=False).out
        / "_helpgen"
        / "widget.json"
    )
    assert first.read_bytes() == second.read_bytes()


def test_a_theme_can_reword_the_widget(make_site, build_site, tmp_path):
    project = make_site(tmp_path, FILES, {"theme_dir": "theme"})
    (project / "theme" / "i18n").mkdir(parents=True)
    (project / "theme" / "i18n" / "en.yml").write_text(
        'widget.open: "Questions?"\n', encoding="utf-8"
    )
    data = json.loads(
        (build_site(project).out / "_helpgen" / "widget.json").read_text(encoding="utf-8")
    )
    assert data["strings"]["en"]["widget.open"] == "Questions?"
    assert data["strings"]["en"]["widget.close"] == "Close help"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("widget") / "project", {"server": {"cors_origins": [STORE]}}
    )
    with Server(project).running() as running:
        yield running


def test_served_with_a_short_cache_lifetime(server):
    for path in ("/_helpgen/widget.js", "/_helpgen/widget.json"):
        status, headers, _ = server.request("GET", path)
        assert status == 200
        assert headers["cache-control"] == "public, max-age=300"
        assert "etag" in headers
    status, headers, _ = server.request(
        "GET", "/_helpgen/widget.js", headers={"accept-encoding": "gzip"}
    )
    assert headers["content-encoding"] == "gzip"


def test_widget_json_is_readable_from_allowed_origins_only(server):
    status, headers, body = server.request(
        "GET", "/_helpgen/widget.json", headers={"origin": STORE}
    )
    assert status == 200 and json.loads(body)["name"] == "Test Help"
    assert headers["access-control-allow-origin"] == STORE
    assert headers["access-control-expose-headers"] == "helpgen-search"
    assert headers["helpgen-search"] == "api"  # the widget uses the API, not the static index
    assert "Origin" in headers["vary"]
    status, headers, _ = server.request(
        "GET", "/_helpgen/search/manifest.json", headers={"origin": STORE}
    )
    assert headers["access-control-allow-origin"] == STORE
    status, headers, _ = server.request(
        "GET", "/_helpgen/widget.json", headers={"origin": "https://evil.example"}
    )
    assert status == 200 and "access-control-allow-origin" not in headers
    status, headers, _ = server.request("GET", "/returns/start/", headers={"origin": STORE})
    assert "access-control-allow-origin" not in headers  # pages are not for other origins to read
