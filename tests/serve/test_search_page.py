"""Under `helpgen serve`, `/search/?q=…` shows results with JavaScript off: the server renders
them into the search page with the theme's partial; with JavaScript on, search.js takes over."""

from __future__ import annotations

import html.parser
import re

import httpx
import pytest

from tests.serve.support import make_project

NOTE = "Search needs JavaScript"
TAKEN_OVER = "[data-hg-results][data-query]"
"""Matches once search.js has shown its own results (a locator: the CSP forbids eval)."""
ANSWERED = "when do refunds reach my card"
ANSWER_TEXT = "Refunds reach your card within 5 days."
XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>refund'


class Results(html.parser.HTMLParser):
    """The links, marked words and notes inside the page's [data-hg-results] region."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.regions = self.lists = 0
        self.links: list[str] = []
        self.hits: list[str] = []
        """The links of the results list (`links` also has the answer's)."""
        self.marked: list[str] = []
        self.text = ""
        self._in_mark = False
        self._last = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-hg-results" in attrs:
            self.regions += 1
            self.depth = 1
        elif self.depth:
            self.depth += tag not in ("link", "img", "br")
            self.lists += tag == "ol"
            if tag == "a":
                self.links.append(attrs["href"])
                if self._last == "li":
                    self.hits.append(attrs["href"])
            self._last = tag
            self._in_mark = tag == "mark"

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            self._in_mark = False

    def handle_data(self, data):
        if self.depth:
            self.text += data
            if self._in_mark:
                self.marked.append(data)


def results_of(body: str) -> Results:
    parser = Results()
    parser.feed(body)
    return parser


def get(server, path: str, **params) -> httpx.Response:
    return httpx.get(server.url + path, params=params or None, timeout=10, follow_redirects=False)


def test_results_are_in_the_page(prod_server):
    response = get(prod_server, "/search/", q="refund timing")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    found = results_of(response.text)
    assert found.regions == 1 and found.lists == 1
    assert found.links[0] == "/returns/refunds/"
    assert "Refund timing" in found.text
    assert any(word.lower().startswith("refund") for word in found.marked)
    assert NOTE not in response.text
    assert response.text.count("<!--hg:results-->") == 0
    [stylesheet] = re.findall(
        r'<link rel="stylesheet" href="(/_helpgen/search\.[0-9a-f]{10}\.css)', response.text
    )
    assert get(prod_server, stylesheet).status_code == 200


def test_the_page_is_gzipped_when_asked_for(prod_server):
    import gzip

    status, headers, body = prod_server.request(
        "GET", "/search/?q=refund", headers={"accept-encoding": "gzip"}
    )
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in headers["vary"]
    assert "Refund timing" in results_of(gzip.decompress(body).decode()).text
    assert int(headers["content-length"]) == len(body)


def test_no_match_says_so_and_an_empty_query_shows_the_form_alone(prod_server):
    none = results_of(get(prod_server, "/search/", q="zzqxnothing").text)
    assert none.links == [] and "No articles match" in none.text
    empty = get(prod_server, "/search/")
    # the form works without JavaScript here: no note that it does not
    assert empty.status_code == 200 and NOTE not in empty.text
    assert results_of(empty.text).text.strip() == ""


def test_everything_from_the_query_is_escaped(prod_server):
    response = get(prod_server, "/search/", q=XSS)
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert "onerror" not in response.text
    long = get(prod_server, "/search/", q="refund " * 2000)
    assert long.status_code == 200 and "No articles match" in results_of(long.text).text


def test_other_pages_and_methods_are_as_built(prod_server):
    site = prod_server.project / "site"
    built = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert NOTE in built and "<!--hg:results-->" in built  # what a static host serves
    assert get(prod_server, "/search").status_code == 307
    assert httpx.head(prod_server.url + "/search/?q=refund", timeout=10).status_code == 200
    shipping = (site / "shipping" / "index.html").read_text("utf-8")
    assert get(prod_server, "/shipping/", q="refund").text == shipping


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory):
    from tests.serve.support import Server

    files = {
        "returns.md": "# Refund timing\n\nRefunds reach your card within 5 days.\n",
        "fr/retours.md": "# Délai de remboursement\n\nLe remboursement arrive sous 5 jours.\n",
    }
    root = tmp_path_factory.mktemp("langs") / "project"
    project = make_project(root, {"languages": ["en", "fr"]}, files)
    with Server(project).running() as server:
        yield server


def test_each_language_searches_its_own_articles(two_languages):
    french = results_of(get(two_languages, "/fr/search/", q="remboursement").text)
    assert french.hits == ["/fr/retours/"]
    english = results_of(get(two_languages, "/search/", q="remboursement").text)
    assert english.links == []


def test_chromium_without_javascript_shows_results(prod_server, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(prod_server.url + "/search/")
        page.fill("#hg-q-page", "refund timing")
        page.press("#hg-q-page", "Enter")
        page.wait_for_url("**/search/?q=refund+timing")
        links = page.locator("[data-hg-results] li a")
        assert links.count() >= 1
        assert links.first.get_attribute("href") == "/returns/refunds/"
        assert page.locator("[data-hg-results] mark").count() >= 1
        assert page.locator("[data-hg-results] .hg-hit-title").first.is_visible()
    finally:
        context.close()


def test_chromium_with_javascript_takes_over_without_duplicates(prod_server, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(prod_server.url + "/search/?q=refund+timing")
        page.locator(TAKEN_OVER).wait_for(state="attached")
        assert page.locator("[data-hg-results] ol").count() == 1
        titles = page.locator("[data-hg-results] .hg-hit-title").all_inner_texts()
        assert titles and len(titles) == len(set(titles))
        assert titles[0] == "Refund timing"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_rendered_results_have_no_accessibility_violations(prod_server, browser, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.route("**/*.js", lambda route: route.abort())  # the server's results, not search.js's
        page.goto(prod_server.url + "/search/?q=" + ANSWERED.replace(" ", "+"))
        assert page.locator("[data-hg-results] li a").count() >= 1
        assert page.locator(".hg-answer mark").count() >= 1  # the answer too
        results = Axe().run(page).response
        assert [(v["id"], len(v["nodes"])) for v in results["violations"]] == []
    finally:
        context.close()


def test_watch_mode_renders_results_and_live_reload_once(tmp_path, start_server):
    server = start_server(make_project(tmp_path / "project"), watch=True)
    status, headers, body = server.request("GET", "/search/?q=refund+timing")
    page = body.decode()
    assert status == 200 and headers["cache-control"] == "no-store"
    assert results_of(page).links[0] == "/returns/refunds/"
    assert page.count("/_helpgen/livereload.js") == 1


def test_the_answer_is_in_the_page_above_the_results(prod_server):
    page = get(prod_server, "/search/", q=ANSWERED).text
    found = results_of(page)
    assert ANSWER_TEXT in found.text
    assert found.links[:2] == ["/returns/refunds/", "/returns/refunds/"]  # its link, then the hit
    assert found.hits == ["/returns/refunds/"]
    assert page.index('class="hg-answer"') < page.index('<ol class="hg-results">')
    assert "<mark>Refunds</mark> <mark>reach</mark> your <mark>card</mark>" in page


def test_a_declined_question_shows_the_results_alone(prod_server):
    page = get(
        prod_server, "/search/", q="shipping times to the moon for a banana bread recipe"
    ).text
    assert 'class="hg-answer"' not in page
    assert 'class="hg-answer-slot"' in page  # where search.js puts a later query's answer
    assert "Shipping times" in results_of(page).text


def test_chromium_without_javascript_shows_the_answer_above_the_results(prod_server, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(prod_server.url + "/search/")
        page.fill("#hg-q-page", ANSWERED)
        page.press("#hg-q-page", "Enter")
        page.wait_for_url("**/search/?q=when+do+refunds+reach+my+card")
        answer = page.get_by_role("region", name="Answer from the help center")
        assert answer.locator("blockquote").inner_text() == ANSWER_TEXT
        link = answer.get_by_role("link", name="Refund timing")
        assert link.get_attribute("href") == "/returns/refunds/"
        first_hit = page.locator("[data-hg-results] ol li a").first
        assert answer.bounding_box()["y"] < first_hit.bounding_box()["y"]
    finally:
        context.close()


def test_chromium_with_javascript_keeps_the_answer_and_asks_for_the_next(prod_server, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(prod_server.url + "/search/?q=" + ANSWERED.replace(" ", "+"))
        page.locator(TAKEN_OVER).wait_for(state="attached")
        answer = page.get_by_role("region", name="Answer from the help center")
        assert answer.locator("blockquote").inner_text() == ANSWER_TEXT
        box = page.locator("#hg-q-page")
        box.fill("do you ship within two working days")
        expect = pytest.importorskip("playwright.sync_api").expect
        expect(answer.locator("blockquote")).to_have_text("We ship within two working days.")
        expect(answer.get_by_role("link")).to_have_attribute("href", "/shipping/")
        box.fill(XSS)  # nothing answers it: the old answer goes, nothing runs
        expect(answer).to_have_count(0)
        assert page.locator("[data-hg-results] ol").count() <= 1
    finally:
        context.close()
