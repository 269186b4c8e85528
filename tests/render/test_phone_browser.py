"""Real Chromium on the demo at a phone's size (390x844): the header leaves room for content,
the breadcrumb wraps without a line that starts with a separator, and the menu that holds the
header links, the store link and the language switcher opens without JavaScript."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpgen.builder import build
from helpgen.config import load_project
from tests.helpers import REPO_ROOT
from tests.serve.support import static_server

playwright = pytest.importorskip("playwright.sync_api")

PHONE = {"viewport": {"width": 390, "height": 844}}
HEADER_MAX = 120
"""Pixels of header a phone shows before any content (issue #19: it was about 260)."""

SEPARATORS = """ol => {
  // Each separator is drawn by CSS on an item, before or after its link; report whether it
  // is the first thing on its line: before the link of an item that starts a line, or
  // after a link and pushed below it.
  const left = ol.getBoundingClientRect().left;
  const drawn = (li, pseudo) =>
    !["none", "normal", '""'].includes(getComputedStyle(li, pseudo).content);
  const found = [];
  for (const li of ol.children) {
    const item = li.getBoundingClientRect(), link = li.querySelector("a").getBoundingClientRect();
    if (drawn(li, "::before")) found.push(item.left - left < 1);
    if (drawn(li, "::after")) found.push(item.bottom - link.bottom > 1);
  }
  const tops = [...ol.children].map(li => Math.round(li.getBoundingClientRect().top));
  const lines = new Set(tops).size;
  return {items: ol.children.length, lines, first_on_line: found};
}"""


@pytest.fixture(scope="module")
def demo():
    """The repository's demo, built once for this module: (its Site, its URL on a static host)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = build(load_project(REPO_ROOT), out=Path(folder) / "site", use_cache=False)
        assert result.written, [str(p) for p in result.report.sorted()]
        with static_server(result.out) as url:
            yield result.site, url


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def deepest_article(site) -> str:
    """The site path of the article deepest in its language's category tree, ties to the
    longest title: the page whose breadcrumb needs the most room."""

    def depth(article) -> int:
        return len(article.category) - len(site.root_of(article.lang))

    article = max(site.articles, key=lambda a: (depth(a), len(a.title), a.url))
    return "/" + article.url


@pytest.mark.parametrize("which", ["home", "deepest article"])
def test_the_header_of_a_phone_is_at_most_120px(demo, phone, which):
    site, url = demo
    phone.goto(url + ("/" if which == "home" else deepest_article(site)))
    height = phone.locator("body > header").evaluate("e => e.getBoundingClientRect().height")
    assert height <= HEADER_MAX
    first = phone.locator("main h1").evaluate("e => e.getBoundingClientRect().top")
    assert first < 844 / 2  # the page's title in the top half of the screen


def test_no_breadcrumb_line_starts_with_a_separator(demo, phone):
    site, url = demo
    wrapped = []
    for path in sorted("/" + a.url for a in site.articles):
        phone.goto(url + path)
        crumbs = phone.locator(".hg-breadcrumbs ol").evaluate(SEPARATORS)
        assert crumbs["first_on_line"] == [False] * (crumbs["items"] - 1), path
        if crumbs["lines"] > 1:
            wrapped.append(path)
    assert deepest_article(site) in wrapped  # the check saw wrapped breadcrumbs


def test_the_menu_opens_without_javascript(browser, demo):
    site, url = demo
    context = browser.new_context(java_script_enabled=False, **PHONE)
    try:
        page = context.new_page()
        page.goto(url + deepest_article(site))
        switch = page.locator(".hg-languages a[hreflang=id]")
        playwright.expect(switch).to_be_hidden()
        page.locator("summary", has_text="Menu").click()
        playwright.expect(switch).to_be_visible()
        playwright.expect(page.get_by_role("link", name="Track an order")).to_be_visible()
        switch.click()
        page.wait_for_url("**/id/**")
        assert page.locator("html").get_attribute("lang") == "id"
    finally:
        context.close()


def test_escape_and_a_click_elsewhere_close_the_menu(demo, phone):
    site, url = demo
    phone.goto(url + "/")
    menu, button = phone.locator("details.hg-menu"), phone.locator("summary", has_text="Menu")
    button.click()
    playwright.expect(menu).to_have_attribute("open", "")
    phone.keyboard.press("Tab")  # into the menu: the first header link
    phone.keyboard.press("Escape")
    playwright.expect(menu).not_to_have_attribute("open", "")
    assert phone.evaluate("document.activeElement.classList.contains('hg-menu-button')")
    button.click()
    phone.mouse.click(195, 800)  # below the open panel
    playwright.expect(menu).not_to_have_attribute("open", "")
