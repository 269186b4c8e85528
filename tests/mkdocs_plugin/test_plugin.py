"""The MkDocs plugin on the fixture MkDocs project (Material theme), built by real `mkdocs build`
and `properdocs build`: feedback block, JSON-LD, search index and AI exports in the output,
and a vote from the built page reaching a real `helpgen serve`."""

from __future__ import annotations

import html
import json
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from helpgen.exports.llms_check import check_llms_txt
from tests.helpers import cli_env, run_helpgen
from tests.migrate.conftest import FIXTURES
from tests.serve.support import Server, count_rows, fetch_rows, free_port, static_server, wait_for

SITE_URL = "https://help.northwind.example/"
ARTICLE_PAGES = {  # source -> page of the MkDocs site (use_directory_urls)
    "index.md": "index.html",
    "contact.md": "contact/index.html",
    "orders/track.md": "orders/track/index.html",
    "orders/change-an-order.md": "orders/change-an-order/index.html",
    "orders/shipping/options.md": "orders/shipping/options/index.html",
    "orders/shipping/international.md": "orders/shipping/international/index.html",
    "returns/start-a-return.md": "returns/start-a-return/index.html",
    "returns/refunds.md": "returns/refunds/index.html",
}
_JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
_FEEDBACK = re.compile(
    r'<section class="hg-feedback" data-article="([^"]*)" data-endpoint="([^"]*)"'
)


def copy_fixture(root: Path, plugin_options: dict | None = None) -> Path:
    project = root / "mkdocs-shop"
    shutil.copytree(FIXTURES / "mkdocs-shop", project)
    if plugin_options:
        config = project / "mkdocs.yml"
        options = "".join(f"\n      {k}: {json.dumps(v)}" for k, v in plugin_options.items())
        config.write_text(config.read_text().replace("  - helpgen\n", f"  - helpgen:{options}\n"))
    return project


def run_tool(tool: str, project: Path) -> subprocess.CompletedProcess:
    """`mkdocs build` / `properdocs build` of `project`, as a person would run it."""
    exe = Path(sys.executable).parent / tool
    return subprocess.run(
        [str(exe), "build", "-f", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        env=cli_env(NO_MKDOCS_2_WARNING="1"),
        timeout=300,
    )


@pytest.fixture(scope="module", params=["mkdocs", "properdocs"])
def built(request, tmp_path_factory) -> Path:
    """The fixture built by MkDocs 1.6 and by ProperDocs with `plugins: [search, helpgen]`: its
    site_dir."""
    project = copy_fixture(tmp_path_factory.mktemp(request.param))
    done = run_tool(request.param, project)
    assert done.returncode == 0, done.stderr
    return project / "site"


def test_every_article_page_has_the_feedback_block(built):
    for source, page in ARTICLE_PAGES.items():
        text = (built / page).read_text(encoding="utf-8")
        found = _FEEDBACK.search(text)
        assert found, f"{page}: no feedback block"
        assert found.groups() == (source.removesuffix(".md"), "/api/feedback")
        assert "Was this article helpful?" in text
        # the block sits in the article body, and the script that shows it is loaded
        assert text.index('class="md-content"') < found.start()
        script = re.search(r'<script src="([^"]*_helpgen/feedback\.[0-9a-f]+\.js)" defer>', text)
        assert script and (built / page).parent.joinpath(script.group(1)).resolve().is_file()


def test_every_article_page_has_its_json_ld(built):
    for page in ARTICLE_PAGES.values():
        text = (built / page).read_text(encoding="utf-8")
        data = json.loads(_JSONLD.search(text).group(1))
        article, trail = data["@graph"]
        url = SITE_URL + page.removesuffix("index.html")
        assert (article["@type"], article["mainEntityOfPage"]) == ("Article", url)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S).group(1)
        h1 = html.unescape(
            re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", h1))
        ).strip()
        assert article["headline"] == h1
        items = trail["itemListElement"]
        assert items[0]["item"] == SITE_URL and items[-1]["item"] == url
        for crumb in items:  # no crumb leads to a page MkDocs did not build
            assert (built / crumb["item"][len(SITE_URL) :] / "index.html").is_file()


def test_llms_txt_and_exports(built):
    text = (built / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith(
        "# Northwind Supply Help\n\n> Answers about orders, delivery and returns"
    )
    assert check_llms_txt(text, built, SITE_URL) == []
    # sections are named as the nav names the folders
    assert re.findall(r"^## (.*)$", text, re.M) == [
        "General",
        "Orders",
        "Orders / Delivery",
        "Returns & refunds",
    ]
    records = [json.loads(line) for line in (built / "articles.jsonl").read_text().splitlines()]
    assert sorted(r["source"] for r in records) == sorted(ARTICLE_PAGES)
    for record in records:
        assert (built / (record["path"] + "index.html")).is_file()  # URLs are MkDocs' own
        assert (built / (record["path"] + "index.html.md")).is_file()
    contact = next(r for r in records if r["source"] == "contact.md")
    assert "help@northwind.example" in contact["markdown"]  # extra -> {{ variables }}
    assert (built / "chunks.jsonl").stat().st_size > 0 and (built / "llms-full.txt").is_file()


def test_search_index(built):
    manifest = json.loads((built / "_helpgen/search/manifest.json").read_text())
    assert manifest["docs"] == len(ARTICLE_PAGES)
    assert (
        built.parent / "site.index"
    ).is_dir()  # the Whoosh index beside the site, as helpgen build does


def test_internal_pages_stay_out(tmp_path):
    project = copy_fixture(tmp_path)
    (project / "docs/returns/agents.md").write_text(
        "---\naudience: internal\n---\n# Agent notes\n\nSECRET-7731\n"
    )
    done = run_tool("mkdocs", project)
    assert done.returncode == 0, done.stderr
    site = project / "site"
    assert not (site / "returns/agents").exists()
    assert not any(
        "SECRET-7731" in p.read_text(errors="replace") for p in site.rglob("*") if p.is_file()
    )


def test_mkdocs_serve_serves_the_block_and_leaves_nothing_behind(tmp_path):
    """`mkdocs serve` builds into a temporary folder it deletes on Ctrl-C; the index beside it goes
    too."""
    project = copy_fixture(tmp_path)
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=cli_env(NO_MKDOCS_2_WARNING="1", TMPDIR=str(temp)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = wait_for(lambda: _get(f"http://127.0.0.1:{port}/orders/track/"), timeout=60)
        assert page and 'class="hg-feedback"' in page
        assert sorted(p.name.endswith(".index") for p in temp.iterdir()) == [False, True], list(
            temp.iterdir()
        )
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert list(temp.iterdir()) == []


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.read().decode("utf-8")
    except OSError:
        return None


def test_file_urls_are_refused_with_a_reason(tmp_path):
    project = copy_fixture(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    done = run_tool("mkdocs", project)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "helpgen: needs use_directory_urls: true (page URLs ending in /)" in done.stderr


def test_settings_from_a_helpgen_yml(tmp_path):
    """After `helpgen import mkdocs`, the plugin can take llms, variables and feedback from
    helpgen.yml."""
    project = copy_fixture(tmp_path, {"config": "helpgen.yml"})
    assert run_helpgen("import", "mkdocs", project / "mkdocs.yml")[0] == 0
    assert (project / "docs/orders/_category.yml").is_file()
    config = project / "helpgen.yml"
    config.write_text(
        config.read_text() + "llms:\n  summary: Northwind's answers, for agents.\n"
        "feedback:\n  endpoint: https://help.northwind.example/api/feedback\n"
    )
    done = run_tool("mkdocs", project)
    assert done.returncode == 0, done.stderr
    assert "\n> Northwind's answers, for agents.\n" in (project / "site/llms.txt").read_text()
    page = (project / "site/contact/index.html").read_text()
    assert 'data-endpoint="https://help.northwind.example/api/feedback"' in page
    assert not list((project / "site").rglob("_category.yml"))  # helpgen's metadata, not published


def test_options_switch_parts_off(tmp_path):
    project = copy_fixture(
        tmp_path, {"feedback": False, "jsonld": False, "exports": False, "search_index": False}
    )
    done = run_tool("mkdocs", project)
    assert done.returncode == 0, done.stderr
    page = (project / "site/orders/track/index.html").read_text()
    assert (
        "hg-feedback" not in page and "application/ld+json" not in page and "_helpgen/" not in page
    )
    assert (
        not (project / "site/llms.txt").exists() and not (project / "site/_helpgen/search").exists()
    )


def test_a_vote_on_the_mkdocs_page_reaches_helpgen_serve(tmp_path, browser):
    """The MkDocs site on a static host, its votes posted to `helpgen serve` over the same docs."""
    api_project = copy_fixture(tmp_path / "api")
    assert run_helpgen("import", "mkdocs", api_project / "mkdocs.yml")[0] == 0
    static_root = tmp_path / "static"
    static_root.mkdir()
    with static_server(static_root) as base, Server(_allowing(api_project, base)).running() as api:
        site_project = copy_fixture(tmp_path, {"feedback_endpoint": f"{api.url}/api/feedback"})
        assert run_tool("mkdocs", site_project).returncode == 0
        shutil.copytree(site_project / "site", static_root, dirs_exist_ok=True)
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(base + "/orders/track/")
            vote = page.get_by_role("button", name="Yes", exact=True)
            vote.wait_for(state="visible", timeout=15_000)
            assert _axe_violations(page) == []  # the block, as it sits in a Material page
            with page.expect_response(
                lambda r: r.url.endswith("/api/feedback") and r.request.method == "POST"
            ) as info:
                vote.click()
            assert info.value.status == 201
            page.get_by_text("Thanks for your feedback").first.wait_for(
                state="visible", timeout=15_000
            )
            assert _axe_violations(page) == []
        finally:
            context.close()
    assert count_rows(api_project) == 1
    assert fetch_rows(api_project, "SELECT article, helpful FROM votes") == [("orders/track", 1)]


def _allowing(project: Path, origin: str) -> Path:
    """The helpgen project with `origin` (the static host of the MkDocs site) allowed to post
    votes."""
    config = project / "helpgen.yml"
    config.write_text(config.read_text() + f"server:\n  cors_origins: ['{origin}']\n")
    return project


def _axe_violations(page) -> list[str]:
    """axe-core's findings inside the feedback block: rule id and the elements it names."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page, context=".hg-feedback").response
    assert response["passes"], "axe checked nothing: the block was not found"
    found = response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found]


def test_front_matter_that_is_not_yaml_stops_the_build_as_helpgen_build_does(tmp_path):
    project = copy_fixture(tmp_path)
    (project / "docs/returns/agents.md").write_text(
        "---\naudience: internal\ntags: [refunds, money back\n---\n# Agent notes\n\nSECRET-7731\n"
    )
    done = run_tool("mkdocs", project)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (
        "helpgen: returns/agents.md:3:7: front matter: the list opened with '[' here is not "
        "closed (hint: close it with ']', as in [refunds, returns], or quote the value)"
    ) in done.stderr
    files = [p for p in (project / "site").rglob("*") if p.is_file()]
    assert not any("SECRET-7731" in p.read_text(errors="replace") for p in files)
