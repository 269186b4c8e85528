"""The chat widget's statistics, in Chromium: the demo store page embeds the widget of the demo help
center served by `helpgen serve` (tests/widget's fixtures); a followed answer and a followed contact
option arrive in the help center's store as widget events."""

from __future__ import annotations

import pytest

from tests.serve.support import count_rows, fetch_rows, wait_for
from tests.stats.conftest import BROWSER_UA

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
WAIT = 15
SHOP = "https://shop.junipertrail.example/"


def widget(page, url: str):
    page.goto(url)
    page.get_by_role("button", name="Help", exact=True).click()
    panel = page.get_by_role("dialog", name="Juniper Trail Help Center")
    expect(panel).to_be_visible()
    return panel


def widget_events(project, kind: str) -> list[tuple]:
    if not count_rows(project, "alembic_version"):
        return []
    return fetch_rows(
        project,
        "SELECT article, query, rank FROM events WHERE source = 'widget' AND type = ?",
        (kind,),
    )


def test_the_widget_counts_a_followed_answer_and_a_contact_option(
    browser, store, served, demo_project
):
    context = browser.new_context(
        user_agent=BROWSER_UA
    )  # a reader's Chrome: HeadlessChrome is a bot
    page = context.new_page()
    page.route(
        SHOP + "**", lambda route: route.fulfill(body="contact page", content_type="text/html")
    )
    try:
        panel = widget(page, store.demo_page(served, "stats-answer.html"))
        panel.get_by_role("searchbox", name="Your question").press_sequentially(
            "refund timing", delay=20
        )
        answer = panel.locator(".r a", has_text="When will I get my refund?").first
        expect(answer).to_be_visible()
        rank = 1 + panel.locator(".r a").evaluate_all(
            "(links, title) => links.findIndex(a => a.textContent.includes(title))",
            "When will I get my refund?",
        )
        with page.expect_navigation():
            answer.click()
        clicks = wait_for(lambda: widget_events(demo_project, "search_click"), WAIT)
        assert clicks == [("returns-and-refunds/refund-timing", "refund timing", rank)]
        # the query the shopper settled on is logged once, as the widget's (its own request:
        # maybe later)
        assert wait_for(
            lambda: fetch_rows(demo_project, "SELECT query FROM searches WHERE source = 'widget'"),
            WAIT,
        ) == [("refund timing",)]

        panel = widget(page, store.demo_page(served, "stats-contact.html"))
        panel.get_by_role("searchbox", name="Your question").press_sequentially(
            "zqxw vbnmk", delay=20
        )
        contact = panel.get_by_role("region", name="Still need help?")
        expect(contact).to_be_visible()
        with page.expect_navigation():
            contact.get_by_role("link", name="Chat bubble on shop.junipertrail.example").click()
        assert wait_for(lambda: widget_events(demo_project, "contact_click"), WAIT) == [
            (None, None, None)
        ]
        assert wait_for(
            lambda: fetch_rows(
                demo_project, "SELECT results FROM searches WHERE query = 'zqxw vbnmk'"
            ),
            WAIT,
        ) == [(0,)]
    finally:
        context.close()
