"""The theme's built assets: what each page links, and how the files are served."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.helpers import REPO_ROOT


def test_only_pages_with_code_load_the_highlighting_and_assets_are_minified(
    tmp_path, make_site, build_site
):
    make_site(
        tmp_path,
        {
            "code.md": "# Code\n\n```python\nprint(1)\n```\n",
            "prose.md": "# Prose\n\nNo code here.\n",
        },
    )
    assert build_site(tmp_path).written
    site = tmp_path / "site"
    code, prose = (
        (site / "code" / "index.html").read_text(),
        (site / "prose" / "index.html").read_text(),
    )
    assert re.search(r'<link rel="stylesheet" href="/_helpgen/highlight\.[0-9a-f]{10}\.css">', code)
    assert "highlight." not in prose
    css = next((site / "_helpgen").glob("helpgen.*.css")).read_text()
    highlight = next((site / "_helpgen").glob("highlight.*.css")).read_text()
    assert (
        ".highlight .k{" in highlight and ".highlight .k{" not in css
    )  # Pygments' token styles, apart
    assert "/*" not in css  # comments gone
    js = next((site / "_helpgen").glob("helpgen.*.js")).read_text()
    source = (REPO_ROOT / "themes" / "default" / "static" / "helpgen.js").read_text()
    assert len(js) < len(source) * 0.8 and "\n  " not in js


PAGE_BUDGET = 40_000
"""Bytes of CSS and JS, as served (minified, uncompressed), that any page may load (issue #2)."""

EVERY_KIND = {
    "orders/track.md": "---\ntitle: Track an order\n---\nWhere is my parcel? See the "
    "[FAQ](../faq/shipping.md).\n",
    "orders/api.md": (
        "---\ntitle: Order API\nredirect_from: [/old/api/]\n---\n!!! tip\n    Use a key.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(1)\n```\n"
    ),
    "faq/shipping.md": "---\ntitle: Shipping FAQ\ntype: faq\n---\n## Do you ship abroad?\n\nYes, "
    "to the EU.\n",
    "id/orders/track.md": "---\ntitle: Lacak pesanan\n---\nDi mana paket saya?\n",
}
EVERY_PART = {
    "languages": ["en", "id"],
    "store_url": "https://shop.example/",
    "announcement": {"text": "Holiday shipping dates", "url": "/orders/track/"},
    "header_links": [{"title": "Shop", "url": "https://shop.example/"}],
    "footer_links": [{"title": "Privacy", "url": "https://shop.example/privacy"}],
    "contact": {
        "hours": "Mon-Fri",
        "channels": [
            {"name": "Email", "value": "help@shop.example", "url": "mailto:help@shop.example"}
        ],
    },
}


class _LoadedAssets(HTMLParser):
    """The CSS and JS a page loads: its stylesheets and scripts, and on the search page
    (which has [data-hg-results]) the search script and stylesheet helpgen.js adds at once."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.search: list[str] = []
        self.results = False
        self.kind = ""

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and a.get("rel") == "stylesheet":
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "body":
            self.kind = a["class"].removeprefix("hg-kind-")
        elif tag == "form" and "data-hg-search-js" in a:
            self.search = [a["data-hg-search-js"], a["data-hg-search-css"]]
        self.results = self.results or "data-hg-results" in a

    def loaded(self) -> list[str]:
        return self.urls + (self.search if self.results else [])


def test_every_page_loads_at_most_40_kb_of_css_and_js(tmp_path, make_site, build_site):
    make_site(tmp_path, EVERY_KIND, EVERY_PART)
    assert build_site(tmp_path).written
    site = tmp_path / "site"
    weights, kinds = {}, set()
    for page in sorted(site.rglob("*.html")):
        parser = _LoadedAssets()
        parser.feed(page.read_text(encoding="utf-8"))
        files = [site / url.removeprefix("/") for url in parser.loaded()]
        weights[page.relative_to(site).as_posix()] = sum(f.stat().st_size for f in files)
        kinds.add(
            parser.kind
            + (" with code" if any(f.name.startswith("highlight.") for f in files) else "")
        )
    assert kinds >= {
        "home",
        "category",
        "article",
        "article with code",
        "search",
        "404",
        "redirect",
    }
    assert "id/search/index.html" in weights and "faq/shipping/index.html" in weights
    heavy = {page: size for page, size in weights.items() if size > PAGE_BUDGET}
    assert heavy == {}, f"pages over {PAGE_BUDGET} bytes of CSS and JS: {heavy}"
