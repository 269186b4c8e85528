"""Real Chromium on the demo served by a static host: an Indonesian page searches the
Indonesian articles as you type, the language switcher works with JavaScript off, and the
pages of both languages pass axe-core."""

from __future__ import annotations

import pytest

from tests.serve.support import static_server

playwright = pytest.importorskip("playwright.sync_api")

WAIT_MS = 15_000


@pytest.fixture(scope="module")
def site_url(demo):
    with static_server(demo.site) as url:
        yield url


def new_page(browser, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return context, page


def test_an_indonesian_page_searches_indonesian_articles(browser, site_url):
    context, page = new_page(browser)
    try:
        page.goto(site_url + "/id/orders-and-shipping/track-your-order/")
        box = page.locator("#hg-q-top")
        assert box.get_attribute("placeholder") == "Cari artikel…"
        box.click()
        box.press_sequentially("kembalikan", delay=30)
        page.locator("#hg-q-top-list [role=option]").first.wait_for()
        links = page.locator("#hg-q-top-list a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        assert links and all(href.startswith("/id/") for href in links)
        assert links[0].startswith("/id/returns-and-refunds/")
        page.goto(site_url + "/id/search/?q=pengiriman")
        page.locator("[data-hg-results] .hg-hit-title").first.wait_for()
        links = page.locator("[data-hg-results] a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        assert links[0].startswith(("/id/orders-and-shipping/", "/id/faq/shipping/"))
        assert all(href.startswith("/id/") for href in links)
        assert "/id/orders-and-shipping/shipping-methods-and-times/" in links
        page.goto(
            site_url + "/search/?q=pengiriman"
        )  # the English search page: English articles only
        page.wait_for_function(
            "document.querySelector('[data-hg-results]').getAttribute('data-query') !== null"
        )
        assert page.locator("[data-hg-results] .hg-hit-title").count() == 0
        assert page.errors == []
    finally:
        context.close()


def test_the_switcher_works_without_javascript(browser, site_url):
    context, page = new_page(browser, java_script_enabled=False)
    try:
        page.goto(site_url + "/returns-and-refunds/refund-timing/")
        page.locator(".hg-languages a[hreflang=id]").click()
        page.wait_for_url("**/id/returns-and-refunds/refund-timing/")
        assert page.locator("h1").inner_text() == "Kapan saya menerima pengembalian dana?"
        assert page.locator("html").get_attribute("lang") == "id"
        page.locator(".hg-languages a[hreflang=en]").click()
        page.wait_for_url("**/returns-and-refunds/refund-timing/")
        assert page.locator("h1").inner_text() == "When will I get my refund?"
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/id/",
        "/id/returns-and-refunds/start-a-return/",
        "/id/returns-and-refunds/gift-returns/",
        "/returns-and-refunds/start-a-return/",
    ],
)
def test_pages_of_both_languages_pass_axe(browser, site_url, path):
    from axe_playwright_python.sync_playwright import Axe

    context, page = new_page(browser)
    try:
        page.goto(site_url + path)
        violations = Axe().run(page).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    finally:
        context.close()


STORE_PAGE_ID = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Toko</title>
<link rel="icon" href="data:,"></head><body><h1>Jaket Trail</h1>
<script async src="{url}/_helpgen/widget.js"></script></body></html>"""


def test_the_widget_on_an_indonesian_store_page_answers_in_indonesian(browser, demo, tmp_path):
    """The demo on a static host (another origin, CORS as GitHub Pages sends it); the widget
    searches the Indonesian articles through the static index and links the Indonesian home."""
    from tests.widget.conftest import CorsHandler

    expect = playwright.expect
    (tmp_path / "toko.html").write_text("", encoding="utf-8")
    with static_server(demo.site, CorsHandler) as help_url, static_server(tmp_path) as store_url:
        (tmp_path / "toko.html").write_text(STORE_PAGE_ID.format(url=help_url), encoding="utf-8")
        context, page = new_page(browser)
        try:
            page.goto(store_url + "/toko.html")
            page.get_by_role("button", name="Bantuan", exact=True).click()
            panel = page.get_by_role("dialog")
            panel.get_by_role("searchbox", name="Pertanyaan Anda").press_sequentially(
                "kembalikan", delay=20
            )
            first = panel.locator(".r a").first
            expect(first).to_be_visible()
            hrefs = panel.locator(".r a").evaluate_all(
                "els => els.map(e => e.getAttribute('href'))"
            )
            assert hrefs and all(h.startswith(help_url + "/id/") for h in hrefs)
            more = panel.locator("a.more").evaluate_all(
                "els => els.map(e => e.getAttribute('href'))"
            )
            assert set(more) == {
                help_url + "/id/search/?q=kembalikan",
                help_url + "/id/",
            }  # all results, browse
            assert page.errors == []
        finally:
            context.close()
