"""Real Chromium against a real `helpgen serve`: the "Was this article helpful?" widget and live
reload."""

from __future__ import annotations

import json
import re

import pytest

from tests.serve.support import count_rows, fetch_rows, make_project

playwright = pytest.importorskip("playwright.sync_api")

WAIT_MS = 15_000
CSP_WATCH = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.add_init_script(CSP_WATCH)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    try:
        yield page
    finally:
        context.close()


def send_no_vote(page, reason_label: str, comment: str) -> dict:
    """Click No, pick a reason, type a comment, send; the JSON the page posted (answered 201)."""
    page.get_by_role("button", name="No", exact=True).click()
    form = page.locator(".hg-feedback-form")
    playwright.expect(form).to_be_visible()
    playwright.expect(page.get_by_role("group", name="What went wrong?")).to_be_visible()
    page.get_by_label(reason_label).check()
    page.get_by_label("Tell us more (optional)").fill(comment)
    with page.expect_response(
        lambda r: r.url.endswith("/api/feedback") and r.request.method == "POST"
    ) as info:
        page.get_by_role("button", name="Send feedback").click()
    response = info.value
    assert response.status == 201
    return json.loads(response.request.post_data)


def test_no_with_a_reason_and_a_comment_reaches_helpgen_stats(
    tmp_path, start_server, page, run_cli
):
    server = start_server(make_project(tmp_path / "project"))
    comment = 'The label printer step is missing <b>bold</b> & "quotes" — ünïcode'
    page.goto(server.url + "/returns/start/")
    block = page.locator(".hg-feedback")
    playwright.expect(block).to_be_visible()  # the script shows it
    playwright.expect(page.get_by_role("heading", name="Was this article helpful?")).to_be_visible()

    posted = send_no_vote(page, "It didn't answer my question", comment)
    key = posted.pop("vote")
    assert re.fullmatch(r"[A-Za-z0-9-]{8,64}", key)
    assert posted == {
        "article": "returns/start",
        "helpful": False,
        "reason": "did_not_answer",
        "comment": comment,
    }
    thanks = page.get_by_text("Thanks for your feedback!")
    playwright.expect(thanks).to_be_visible()
    playwright.expect(page.locator(".hg-feedback-form")).to_be_hidden()
    playwright.expect(page.locator(".hg-feedback-error")).to_be_hidden()
    playwright.expect(page.get_by_role("button", name="No", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    page.reload()  # the browser remembers its vote
    playwright.expect(page.get_by_role("button", name="No", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    playwright.expect(page.get_by_role("button", name="Yes", exact=True)).to_have_attribute(
        "aria-pressed", "false"
    )
    assert page.evaluate("window.__csp") == []
    assert page.errors == []
    page.context.close()  # leaving the page sends nothing more

    assert fetch_rows(server.project, "SELECT vote_key, article, helpful FROM votes") == [
        (key, "returns/start", 0)
    ]
    code, out, err = run_cli("stats", server.project, "--json")
    assert code == 0, err
    (article,) = json.loads(out)["articles"]
    assert (article["id"], article["yes"], article["no"], article["votes"]) == (
        "returns/start",
        0,
        1,
        1,
    )
    assert article["reasons"] == {"did_not_answer": 1}
    assert [(c["helpful"], c["reason"], c["comment"]) for c in article["comments"]] == [
        (False, "did_not_answer", comment)
    ]


def test_changing_a_vote_replaces_it(tmp_path, start_server, page):
    """One vote per article per browser, changeable: Yes, then No with a reason, is one No."""
    server = start_server(make_project(tmp_path / "project"))
    page.goto(server.url + "/shipping/")
    with page.expect_response(lambda r: r.url.endswith("/api/feedback")) as info:
        page.get_by_role("button", name="Yes", exact=True).click()
    assert info.value.status == 201
    first = json.loads(info.value.request.post_data)
    playwright.expect(page.get_by_text("Thanks for your feedback!")).to_be_visible()
    assert fetch_rows(server.project, "SELECT article, helpful, reason FROM votes") == [
        ("shipping", 1, None)
    ]

    page.reload()  # the key survives a reload
    second = send_no_vote(page, "The information is out of date", "carrier changed")
    playwright.expect(page.get_by_text("Thanks for your feedback!")).to_be_visible()
    assert second["vote"] == first["vote"]
    assert fetch_rows(
        server.project, "SELECT vote_key, article, helpful, reason, comment FROM votes"
    ) == [(first["vote"], "shipping", 0, "outdated", "carrier changed")]

    with page.expect_response(
        lambda r: r.url.endswith("/api/feedback")
    ) as info:  # another article: another key
        page.goto(server.url + "/returns/refunds/")
        page.get_by_role("button", name="Yes", exact=True).click()
    assert json.loads(info.value.request.post_data)["vote"] != first["vote"]
    assert count_rows(server.project) == 2


def test_live_reload_and_build_error_overlay(tmp_path, start_server, page):
    server = start_server(make_project(tmp_path / "project"), watch=True)
    article = server.project / "content" / "shipping.md"
    page.goto(server.url + "/shipping/")
    prose = page.locator(".hg-prose")
    playwright.expect(prose).to_contain_text("We ship within two working days.")
    page.evaluate(
        "window.__marker = 1"
    )  # kept: the new body is swapped in, the page is not reloaded

    article.write_text("# Shipping times\n\nSame-day shipping before noon.\n", encoding="utf-8")
    playwright.expect(prose).to_contain_text("Same-day shipping before noon.")
    assert page.evaluate("window.__marker") == 1  # the tab updated itself in place
    playwright.expect(
        page.locator(".hg-feedback")
    ).to_be_visible()  # helpgen.js set up the new body

    article.write_bytes(b"# Shipping times\n\nBroken \xff bytes.\n")
    overlay = page.get_by_role("alert")
    playwright.expect(overlay).to_be_visible()
    playwright.expect(overlay).to_contain_text("content/shipping.md")
    playwright.expect(prose).to_contain_text("Same-day shipping before noon.")  # the last good page

    article.write_text("# Shipping times\n\nFixed again.\n", encoding="utf-8")
    playwright.expect(prose).to_contain_text("Fixed again.")
    playwright.expect(page.locator(".hg-build-problems")).to_have_count(0)
    assert page.evaluate("window.__csp") == []
