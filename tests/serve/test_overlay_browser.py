"""Real Chromium against `helpgen serve` in watch mode: the build-problems overlay shows a broken
edit's errors and a warning-only edit's warnings, each labelled, in distinct colours, and its
text is readable (contrast of at least 4.5:1, WCAG AA) in light and in dark mode."""

from __future__ import annotations

import re

import pytest

from tests.serve.support import make_project

playwright = pytest.importorskip("playwright.sync_api")

AA = 4.5
TEXTS = """box => {
  // Every element of the overlay that holds text of its own: its text, its colour, and the
  // colour it is drawn on (the first ancestor, itself included, with a background colour).
  const drawnOn = (el) => {
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (!/^rgba\\(.*, 0\\)$/.test(bg) && bg !== "transparent") return bg;
    }
    return "rgb(255, 255, 255)";
  };
  return [box, ...box.querySelectorAll("*")]
    .filter(el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE
                                            && n.textContent.trim()))
    .map(el => ({text: el.textContent.trim().slice(0, 60), color: getComputedStyle(el).color,
                 background: drawnOn(el)}));
}"""


def channels(css: str) -> tuple[float, ...]:
    """`rgb(r, g, b)` or `rgba(r, g, b, a)` as numbers."""
    return tuple(float(x) for x in re.findall(r"[\d.]+", css))


def luminance(css: str) -> float:
    r, g, b, *alpha = channels(css)
    assert alpha in ([], [1.0]), f"{css}: a see-through colour"
    srgb = (r / 255, g / 255, b / 255)
    linear = [s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4 for s in srgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(color: str, background: str) -> float:
    """WCAG 2 contrast ratio of two opaque colours."""
    light, dark = sorted((luminance(color), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def low_contrast(page) -> dict[str, list]:
    """Texts of the overlay below AA, in each colour scheme (none expected)."""
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        texts = page.locator(".hg-build-problems").evaluate(TEXTS)
        assert texts, "no text in the overlay"
        found[scheme] = [
            (t["text"], round(contrast(t["color"], t["background"]), 2))
            for t in texts
            if contrast(t["color"], t["background"]) < AA
        ]
    return found


def item_colours(page, severity: str) -> tuple[str, str]:
    """(background, label colour) of the first item of a severity, in the current scheme."""
    item = page.locator(f".hg-build-{severity}").first
    return (
        item.evaluate("e => getComputedStyle(e).backgroundColor"),
        item.locator(".hg-build-label").evaluate("e => getComputedStyle(e).color"),
    )


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_overlay_shows_errors_and_warnings_readably_in_both_schemes(
    tmp_path, start_server, page
):
    server = start_server(make_project(tmp_path / "project"), watch=True)
    article = server.project / "content" / "shipping.md"
    page.goto(server.url + "/shipping/")  # an article page: article.css styles pre, code…
    prose = page.locator(".hg-prose")
    playwright.expect(prose).to_contain_text("We ship within two working days.")

    article.write_bytes(b"# Shipping times\n\nBroken \xff bytes.\n")  # an error: nothing is written
    alert = page.get_by_role("alert")
    playwright.expect(alert).to_contain_text("did not build")
    playwright.expect(alert.locator(".hg-build-error")).to_contain_text("Error")
    playwright.expect(alert.locator(".hg-build-error")).to_contain_text("content/shipping.md")
    assert low_contrast(page) == {"light": [], "dark": []}
    page.emulate_media(color_scheme="light")
    error_colours = item_colours(page, "error")

    warned = "# Shipping times\n\nSee the [carrier guide](carriers.md).\n"  # a broken link
    article.write_text(warned, encoding="utf-8")
    playwright.expect(prose).to_contain_text("See the carrier guide")  # it built: the page updated
    status = page.get_by_role("status").filter(has=page.locator(".hg-build-warning"))
    playwright.expect(status).to_contain_text("built, with warnings")
    playwright.expect(status.locator(".hg-build-warning")).to_contain_text("Warning")
    playwright.expect(status.locator(".hg-build-warning")).to_contain_text("content/shipping.md:3")
    playwright.expect(status.locator(".hg-build-warning")).to_contain_text("broken link")
    playwright.expect(page.locator(".hg-build-error")).to_have_count(0)
    assert low_contrast(page) == {"light": [], "dark": []}
    page.emulate_media(color_scheme="light")
    warning_colours = item_colours(page, "warning")
    assert warning_colours[0] != error_colours[0]  # distinct backgrounds and labels
    assert warning_colours[1] != error_colours[1]

    page.get_by_role("button", name="Hide").click()  # out of the way until the next build
    playwright.expect(page.locator(".hg-build-problems")).to_have_count(0)
    article.write_text("# Shipping times\n\nFixed again.\n", encoding="utf-8")
    playwright.expect(prose).to_contain_text("Fixed again.")
    playwright.expect(page.locator(".hg-build-problems")).to_have_count(0)


def test_the_overlay_lists_errors_first_and_folds_repeats_as_the_terminal_does():
    from helpgen.cli_output import FOLD_AFTER
    from helpgen.errors import Problem
    from helpgen.serve.builder import overlay_problems

    warnings = [
        Problem("a.md", n, "unknown variable 'x'", severity="warning", code="unknown-variable")
        for n in range(1, FOLD_AFTER + 6)
    ]
    shown = overlay_problems([*warnings, Problem("b.md", 2, "not UTF-8")])
    assert shown[0] == {"severity": "error", "text": "b.md:2: not UTF-8"}
    assert shown[1] == {"severity": "warning", "text": "a.md:1: unknown variable 'x'"}
    assert len(shown) == 1 + FOLD_AFTER + 1
    assert shown[-1] == {
        "severity": "warning",
        "text": "... and 5 more 'unknown-variable' warnings "
        "(`helpgen build --verbose` lists them all)",
    }
