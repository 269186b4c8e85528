"""In Debian's Chromium: the statistics report (a file, and the served dashboard), the beacon of a
static host, search click-through and contact clicks, and a reader who asks not to be tracked."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.serve.support import count_rows, fetch_rows, wait_for
from tests.stats.conftest import BROWSER_UA, TOKEN
from tests.stats.seed import EXPECTED_TOTALS, STORE, seeded_project

WAIT = 15
EVENT_PATH = "/api/event"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def page(browser):
    """A reader's tab. Headless Chromium says "HeadlessChrome" in its user agent, which the bot
    filter rightly leaves out; this one says what a reader's Chrome says."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, user_agent=BROWSER_UA)
    yield context.new_page()
    context.close()


def test_the_html_report_shows_the_figures_without_javascript(browser, tmp_path, run_cli):
    project = seeded_project(tmp_path / "project")
    db = sqlite3.connect(project / STORE)
    with db:
        db.execute(
            "INSERT INTO searches (query, results, created) "
            "VALUES (?, 0, '2026-03-01T10:00:00+00:00')",
            (HOSTILE,),
        )
    db.close()
    report = tmp_path / "report.html"
    code, _, err = run_cli("stats", project, "--html", report)
    assert (code, err) == (0, "")

    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1200, "height": 900}
    )
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(report.as_uri())
    page.screenshot(
        path=str(tmp_path / "report.png"), full_page=True
    )  # kept in tmp_path to look at
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert requested == [report.as_uri()]  # no external request of any kind

    totals = [" ".join(t.split()) for t in page.locator(".totals li").all_inner_texts()]
    assert totals[:2] == [
        f"{EXPECTED_TOTALS['views']} article views",
        f"{EXPECTED_TOTALS['readers']} readers",
    ]
    assert totals[2].startswith("50.0 % self-service rate (3 of 6 visits")
    assert totals[5].startswith("50.0 % search click-through (4 clicks)")
    charts = page.locator("svg[role=img]")
    assert charts.count() == 6
    assert page.locator("svg[role=img] title").all_text_contents() == [
        "Article views and readers per day",
        "Was this article helpful? Votes per day",
        "Visits and self-served visits per day",
        "Most read articles",
        "People and AI agents per day",
        "Search click-through by rank",
    ]
    assert page.locator("svg[role=img] desc").nth(2).text_content() == (
        "3 of 6 visits read articles without contacting support"
    )
    top = page.locator("#top-articles ~ table tbody tr").all_inner_texts()
    assert [row.split("\t")[:3] for row in top] == [
        ["Start a return", "4", "3"],
        ["Refund timing", "2", "2"],
        ["Shipping times", "1", "1"],
    ]
    least = page.locator("#least-helpful ~ table tbody th").all_inner_texts()
    assert least == ["Refund timing", "Start a return"]
    assert page.locator("#click-through ~ table tbody tr").all_inner_texts() == [
        "1\t2",
        "2\t1",
        "3\t1",
    ]
    # a customer's query is text, never markup: in the top searches and the searches without results
    assert (
        page.get_by_text(HOSTILE, exact=True).count() == 2
        and page.locator("main script").count() == 0
    )
    context.close()


def test_the_served_dashboard_opens_with_the_browser_login(browser, counting_server):
    # without credentials a headless browser cannot show the prompt: test_serve checks that 401
    context = browser.new_context(http_credentials={"username": "lead", "password": TOKEN})
    page = context.new_page()
    response = page.goto(counting_server.url + "/_helpgen/dashboard")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Help center statistics: Test Help"
    assert page.locator("svg[role=img]").count() >= 1 or page.locator(".empty").count() >= 1
    assert context.cookies() == []
    context.close()


def events(server, where: str = "", params: tuple = ()) -> list[tuple]:
    if not count_rows(
        server.project, "alembic_version"
    ):  # no store yet (and looking must not create one)
        return []
    return fetch_rows(
        server.project,
        f"SELECT type, article, query, rank, source FROM events {where} ORDER BY id",
        params,
    )


def test_a_static_host_sends_views_and_contact_clicks_without_cookies(page, static_help_center):
    static_url, api = static_help_center
    # a cookie the API's host has: the beacon must not carry it
    page.context.add_cookies([{"name": "session", "value": "s3cret", "url": api.url}])
    sent = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith(EVENT_PATH) else None)
    page.route(
        "https://shop.example/**",
        lambda route: route.fulfill(body="contact form", content_type="text/html"),
    )

    page.goto(static_url + "/returns/start/")
    assert wait_for(lambda: events(api) == [("view", "returns/start", None, None, "page")], WAIT), (
        events(api)
    )
    page.goto(static_url + "/returns/")  # a category page sends no view
    page.goto(static_url + "/returns/refunds/")
    assert wait_for(lambda: len(events(api)) == 2, WAIT), events(api)
    page.get_by_role("link", name="help@shop.example").click()
    page.wait_for_url("https://shop.example/contact")
    expected = [
        ("view", "returns/start", None, None, "page"),
        ("view", "returns/refunds", None, None, "page"),
        ("contact_click", "returns/refunds", None, None, "page"),
    ]
    assert wait_for(lambda: events(api) == expected, WAIT), events(api)
    # the views' requests, sent while their pages were open (the click's leaves with its page)
    views = [r for r in sent if json.loads(r.post_data)["type"] == "view"]
    assert len(views) == 2
    for request in views:
        headers = request.all_headers()
        assert "cookie" not in headers and "referer" not in headers
        assert headers["content-type"].startswith("text/plain")
        assert request.method == "POST"


def test_a_reader_with_global_privacy_control_sends_nothing(page, static_help_center):
    static_url, api = static_help_center
    page.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"
    )
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith(EVENT_PATH) else None)
    page.route(
        "https://shop.example/**",
        lambda route: route.fulfill(body="contact form", content_type="text/html"),
    )
    page.goto(static_url + "/shipping/", wait_until="networkidle")
    assert (
        page.evaluate("typeof window.helpgenTrack") == "function"
    )  # the script ran, and chose not to send
    page.get_by_role("link", name="help@shop.example").click()
    page.wait_for_url("https://shop.example/contact")
    assert sent == []


def test_search_click_through_on_the_search_page(page, counting_server):
    s = counting_server
    clicks = "WHERE type = 'search_click' AND query = 'refunds'"
    before = count_rows(s.project, "events", clicks)
    page.goto(s.url + "/search/?q=refunds")
    results = page.locator("[data-hg-results] li a")
    results.first.wait_for()
    target = results.first.get_attribute("href")
    results.first.click()
    page.wait_for_url("**" + target)
    rows = wait_for(lambda: (r := events(s, clicks)) and len(r) == before + 1 and r, WAIT)
    assert rows and rows[-1] == ("search_click", "returns/refunds", "refunds", 1, "search")
    # the query was logged too, with its result count, once
    searches = fetch_rows(s.project, "SELECT results, source FROM searches WHERE query = 'refunds'")
    assert len(searches) == 1 and searches[0][1] == "search" and searches[0][0] >= 1


def test_a_plain_static_host_gets_no_event_requests(page, tmp_path, build_site):
    """The default endpoint is /api/event: on a static host without helpgen serve (no Server-Timing
    marker) the page sends nothing, so no request fails."""
    from tests.serve.support import make_project, static_server
    from tests.stats.conftest import CONTACT

    project = make_project(tmp_path / "project", {"contact": CONTACT})
    assert build_site(project).written
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/api/" in r.url else None)
    page.route(
        "https://shop.example/**",
        lambda route: route.fulfill(body="contact form", content_type="text/html"),
    )
    with static_server(project / "site") as url:
        page.goto(url + "/returns/start/", wait_until="networkidle")
        assert page.locator("body").get_attribute("data-hg-events") == "/api/event"
        page.get_by_role("link", name="help@shop.example").click()
        page.wait_for_url("https://shop.example/contact")
    assert sent == []


def test_the_report_has_no_serious_accessibility_violations(browser, tmp_path, run_cli):
    from axe_playwright_python.sync_playwright import Axe

    project = seeded_project(tmp_path / "project")
    report = tmp_path / "report.html"
    assert run_cli("stats", project, "--html", report)[0] == 0
    context = browser.new_context()
    page = context.new_page()
    page.goto(report.as_uri())
    page.locator("details summary").click()  # the per-day table too
    results = Axe().run(page).response
    serious = [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert results["passes"]
    context.close()
