"""The HTML report in real Chromium: readable with JavaScript off, no request leaves the file,
accessible."""

from __future__ import annotations

import pytest

from helpgen.audit.html_report import write_html

FILES = {
    "a.md": "---\ntitle: Refunds <b>now</b>\nupdated: 2020-01-01\n---\n\nSee [gone](gone.md) and "
    "![](https://cdn.example.com/x.png).\n",
    "b.md": "# Shipping\n\nText.\n",
}


@pytest.fixture
def report(audit, tmp_path):
    path = tmp_path / "audit.html"
    write_html(audit(FILES), path)
    return path


def test_the_report_reads_without_javascript_and_requests_nothing(browser, report):
    context = browser.new_context(java_script_enabled=False)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        assert page.get_by_role("heading", level=1).inner_text() == "Help center audit: Test Help"
        assert page.get_by_role("heading", level=2, name="Errors (1)").is_visible()
        page.get_by_role("link", name="error: Broken links (1)").click()
        assert page.url.endswith("#error-broken-link")
        row = page.locator("#error-broken-link + table tbody tr").first
        assert [c.inner_text() for c in row.locator("td").all()] == [
            "content/a.md:6",
            "broken link 'gone.md': no such article or file in the content folder",
            "fix the path (links to articles may use their .md file path)",
        ]
        assert page.locator("img, script").count() == 0
        assert requests == [report.as_uri()]  # the image URL in a message is text, never fetched
    finally:
        context.close()


def test_the_report_has_no_accessibility_violations(browser, report):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(
        bypass_csp=True
    )  # the report's CSP would refuse axe's injected script
    page = context.new_page()
    try:
        page.goto(report.as_uri())
        results = Axe().run(page).response
        assert [f"{v['id']} ({v['impact']}): {v['help']}" for v in results["violations"]] == []
        assert results["passes"]
    finally:
        context.close()
