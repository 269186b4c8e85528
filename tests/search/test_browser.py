"""Real Chromium on the demo help center served by a plain static HTTP server (no helpgen
server): the search box searches the static index as you type, and a result is followed."""

from __future__ import annotations

import pytest

from helpgen.builder import build
from helpgen.config import load_project
from tests.helpers import REPO_ROOT
from tests.serve.support import static_server

playwright = pytest.importorskip("playwright.sync_api")

WAIT_MS = 15_000


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "site"
    result = build(load_project(REPO_ROOT), out=out, use_cache=False)
    assert result.written
    with static_server(out) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.errors = []
    page.requests = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: page.requests.append(req.url))
    try:
        yield page
    finally:
        context.close()


def test_typing_in_the_header_box_shows_results_and_enter_follows_one(page, site_url):
    page.goto(site_url + "/orders-and-shipping/shipping-methods-and-times/")
    assert not any("/_helpgen/search" in u for u in page.requests), (
        "search loads only when the box is used"
    )
    box = page.locator("#hg-q-top")
    box.click()
    box.press_sequentially("refund", delay=30)
    options = page.locator("#hg-q-top-list [role=option]")
    options.first.wait_for()
    titles = page.locator("#hg-q-top-list .hg-hit-title").all_inner_texts()
    assert titles[0] == "When will I get my refund?"
    assert page.locator("#hg-q-top-list mark").count() > 0
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == "hg-q-top-list-0"
    with page.expect_navigation():
        box.press("Enter")
    assert page.url.endswith("/returns-and-refunds/refund-timing/")
    assert page.locator("h1").inner_text() == "When will I get my refund?"
    assert page.errors == []


def test_results_update_as_you_type_and_escape_closes(page, site_url):
    page.goto(site_url + "/orders-and-shipping/shipping-methods-and-times/")
    box = page.locator("#hg-q-top")
    box.click()
    box.press_sequentially("pasword", delay=30)  # a typo, and a word still being typed
    page.locator("#hg-q-top-list [role=option]").first.wait_for()
    assert "password" in page.locator("#hg-q-top-list .hg-hit-title").first.inner_text().lower()
    box.press("Escape")
    assert page.locator("#hg-q-top-list").is_hidden()


def test_search_page_lists_results_and_a_click_follows_one(page, site_url):
    page.goto(site_url + "/search/?q=where%20is%20my%20order")
    first = page.locator(".hg-results li a").first
    first.wait_for()
    assert page.locator("#hg-q-page").input_value() == "where is my order"
    title = page.locator(".hg-results .hg-hit-title").first.inner_text()
    assert "order" in title.lower()
    href = first.get_attribute("href")
    with page.expect_navigation():
        first.click()
    assert page.url == site_url + href
    assert page.errors == []


def test_search_page_says_when_nothing_matches(page, site_url):
    page.goto(site_url + "/search/")
    box = page.locator("#hg-q-page")
    box.fill("zzqxv")
    page.locator(".hg-results .hg-notice").wait_for()
    assert "No articles match" in page.locator(".hg-results").inner_text()


def test_a_link_to_an_faq_question_opens_its_answer(page, site_url):
    page.goto(site_url + "/faq/returns/#when-will-i-receive-my-refund")
    answer = page.locator("details:has(#when-will-i-receive-my-refund)")
    playwright.expect(answer).to_have_attribute("open", "")
