"""In Chromium, three origins on 127.0.0.1: the help center (`helpgen serve`), another site, and a
store on the help center's CORS allow-list. The other site's page tries the POSTs a browser sends
without asking (a no-cors fetch of `text/plain; x=json`, sendBeacon) and one that needs a
preflight: nothing is stored. The store's widget and a copy of the help center on the store's
origin still count and vote, and so do the help center's own pages."""

from __future__ import annotations

import json

import pytest

from helpgen.builder import build
from helpgen.config import load_project
from tests.serve.support import ARTICLES, fetch_rows, make_project, static_server, wait_for
from tests.stats.conftest import BROWSER_UA

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
WAIT = 15
FORGED = 5
"""POSTs the other site's page gets sent: two no-cors fetches and three beacons (the fetch that
needs a preflight is never sent: the preflight does not allow that origin)."""

OTHER_SITE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Another site</title></head>
<body><h1>Win a prize</h1><script>
const api = API;
const vote = (comment) =>
  JSON.stringify({article: 'returns/start', helpful: false, comment: comment});
const plain = {'Content-Type': 'text/plain; x=json'};
const json = {'Content-Type': 'application/json'};
window.done = Promise.allSettled([
  fetch(api + '/api/feedback',
        {method: 'POST', mode: 'no-cors', headers: plain, body: vote('forged no-cors')}),
  fetch(api + '/api/feedback', {method: 'POST', headers: json, body: vote('forged')}),
  fetch(api + '/api/event', {method: 'POST', mode: 'no-cors',
                             body: JSON.stringify({type: 'view', page: '/returns/start/'})}),
]).then(function (results) { return results.map(function (r) { return r.status; }); });
window.beacons = [
  navigator.sendBeacon(api + '/api/feedback',
                       new Blob([vote('forged beacon blob')], {type: 'text/plain; x=json'})),
  navigator.sendBeacon(api + '/api/feedback', vote('forged beacon')),
  navigator.sendBeacon(api + '/api/event', JSON.stringify(
    {type: 'search', query: 'forged beacon', results: 0, source: 'instant'})),
];
</script></body></html>"""

STORE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Shop</title></head>
<body><h1>Trailpack 30</h1>
<script async src="API/_helpgen/widget.js"></script>
<script>window.beacon = navigator.sendBeacon('API/api/feedback',
  JSON.stringify({article: 'shipping', helpful: true, comment: 'a beacon from the store'}));
</script>
</body></html>"""


@pytest.fixture
def origins(tmp_path, start_server):
    """(help center Server, other site's URL, store's URL): the store serves a copy of the help
    center built to vote at the help center's API, and a shop page embedding its widget."""
    (tmp_path / "other").mkdir()
    with (
        static_server(tmp_path / "other") as other,
        static_server(tmp_path / "store" / "site") as store,
    ):
        help_center = start_server(
            make_project(
                tmp_path / "help",
                {
                    "server": {"cors_origins": [store]},
                    "feedback": {"rate_limit": 0},
                    "analytics": {"rate_limit": 0},
                },
            )
        )
        copy = make_project(
            tmp_path / "store",
            {"feedback": {"endpoint": f"{help_center.url}/api/feedback"}},
            ARTICLES,
        )
        assert build(load_project(copy), use_cache=False).written
        (tmp_path / "store" / "site" / "shop.html").write_text(
            STORE_PAGE.replace("API", help_center.url)
        )
        (tmp_path / "other" / "prize.html").write_text(
            OTHER_SITE.replace("API", json.dumps(help_center.url))
        )
        yield help_center, other, store


@pytest.fixture
def page(browser):
    context = browser.new_context(
        user_agent=BROWSER_UA
    )  # HeadlessChrome's own is a bot's: not counted
    context.set_default_timeout(WAIT * 1000)
    yield context.new_page()
    context.close()


def posts(page, url: str) -> list[tuple[str, int]]:
    """(path, status) of every POST the page gets answered by `url`, as they come."""
    answered: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda r: (
            answered.append((r.url[len(url) :], r.status))
            if r.url.startswith(url) and r.request.method == "POST"
            else None
        ),
    )
    return answered


def test_another_site_stores_nothing_while_the_store_and_own_pages_still_count(
    page, origins, run_cli
):
    help_center, other, store = origins
    answered = posts(page, help_center.url)

    page.goto(other + "/prize.html")
    assert page.evaluate("window.done") == [
        "fulfilled",
        "rejected",
        "fulfilled",
    ]  # the preflight said no
    assert page.evaluate("window.beacons") == [True, True, True]  # queued by the browser
    assert wait_for(lambda: len(answered) >= FORGED, WAIT), answered
    assert sorted(answered) == [("/api/event", 403)] * 2 + [("/api/feedback", 403)] * 3

    # the store (on the allow-list): its beacon votes, and its widget counts a followed answer
    page.goto(store + "/shop.html")
    assert page.evaluate("window.beacon") is True
    page.get_by_role("button", name="Help", exact=True).click()
    panel = page.get_by_role("dialog")
    panel.get_by_role("searchbox").press_sequentially("refund", delay=20)
    answer = panel.locator(".r a", has_text="Refund timing").first
    expect(answer).to_be_visible()
    with page.expect_navigation():
        answer.click()
    # the help center's copy on the store's origin: its feedback block votes at the API
    page.goto(store + "/returns/start/")
    with page.expect_response(
        lambda r: r.url.endswith("/api/feedback") and r.request.method == "POST"
    ) as info:
        page.get_by_role("button", name="Yes", exact=True).click()
    assert info.value.status == 201
    # and the help center's own page
    page.goto(help_center.url + "/shipping/")
    with page.expect_response(
        lambda r: r.url.endswith("/api/feedback") and r.request.method == "POST"
    ) as info:
        page.get_by_role("button", name="Yes", exact=True).click()
    assert info.value.status == 201
    assert wait_for(
        lambda: ("/api/feedback", 201) in answered[FORGED:] and ("/api/event", 204) in answered,
        WAIT,
    )

    help_center.stop()  # a normal stop writes every queued event
    assert fetch_rows(
        help_center.project,
        "SELECT article, helpful, comment FROM votes ORDER BY article, COALESCE(comment, '')",
    ) == [
        ("returns/start", 1, None),
        ("shipping", 1, None),
        ("shipping", 1, "a beacon from the store"),
    ]
    assert fetch_rows(
        help_center.project,
        "SELECT type, article, query, source FROM events "
        "WHERE source = 'widget' OR article = 'returns/start'",
    ) == [("search_click", "returns/refunds", "refund", "widget")]
    assert (
        fetch_rows(help_center.project, "SELECT query FROM searches WHERE query LIKE 'forged%'")
        == []
    )
    code, out, err = run_cli("stats", help_center.project, "--json")
    assert code == 0, err
    assert {a["id"]: (a["yes"], a["no"]) for a in json.loads(out)["articles"] if a["votes"]} == {
        "returns/start": (1, 0),
        "shipping": (2, 0),
    }
