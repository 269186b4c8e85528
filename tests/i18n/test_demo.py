"""The demo store in English and Indonesian: hreflang on every page and in the sitemap, the
language switcher, stand-in pages of untranslated articles, exports and the audit."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from helpgen.audit import run_audit
from tests.i18n.conftest import Demo

SITE_URL = "https://help.junipertrail.example/"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


class Head(HTMLParser):
    """A page's <html lang>, canonical, robots and hreflang links, and its language switcher."""

    def __init__(self, html: str):
        super().__init__()
        self.lang, self.canonical, self.noindex = None, None, False
        self.hreflang: dict[str, str] = {}
        self.switcher: dict[str, tuple[str, bool]] = {}
        self._in_switcher = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            assert a["hreflang"] not in self.hreflang, f"hreflang {a['hreflang']} twice"
            self.hreflang[a["hreflang"]] = a["href"]
        elif tag == "meta" and a.get("name") == "robots":
            self.noindex = "noindex" in a.get("content", "")
        elif tag == "nav" and "hg-languages" in a.get("class", ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self.switcher[a["hreflang"]] = (a["href"], "aria-current" in a)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switcher = False


def pages(demo: Demo) -> dict[str, Head]:
    """Every HTML page of the built demo by its absolute URL (redirect pages aside)."""
    found = {}
    for path in sorted(demo.site.rglob("index.html")):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue
        rel = path.parent.relative_to(demo.site).as_posix()
        found[SITE_URL + ("" if rel == "." else rel + "/")] = Head(html)
    return found


def test_the_demo_builds_in_english_and_indonesian(demo):
    assert demo.result.report.problems == []
    assert Head(demo.page("")).lang == "en" and Head(demo.page("id")).lang == "id"
    assert "Ada yang bisa kami bantu?" in demo.page("id")
    assert "Pesanan &amp; pengiriman" in demo.page(
        "id"
    ) and "Pengembalian &amp; pengembalian dana" in demo.page("id")
    article = demo.page("id/returns-and-refunds/start-a-return")
    assert '<h1 id="hg-article-title">Cara mengajukan pengembalian barang</h1>' in article
    assert "Diperbarui 5 Maret 2026" in article  # Babel's Indonesian long date
    assert "Updated March 5, 2026" in demo.page("returns-and-refunds/start-a-return")


def test_hreflang_is_reciprocal_on_every_page(demo):
    everything = pages(demo)
    with_sets = {url: head for url, head in everything.items() if head.hreflang}
    assert len(with_sets) >= 2 * 5 + 2 * 2 + 2  # articles, categories and homes in both languages
    for url, head in with_sets.items():
        assert not head.noindex, f"{url}: a noindex page in a hreflang set"
        assert head.hreflang.get(head.lang) == url == head.canonical, f"{url}: does not name itself"
        assert head.hreflang["x-default"] == head.hreflang["en"], url
        for lang, other in head.hreflang.items():
            assert other in everything, f"{url}: hreflang {lang} -> {other}, no such page"
            back = everything[other].hreflang
            assert back == head.hreflang, f"{url} and {other} do not list the same set"
            assert everything[other].lang == lang or lang == "x-default"


def test_pages_without_a_translation_or_noindex_have_no_hreflang(demo):
    for url, head in pages(demo).items():
        if head.noindex:
            assert head.hreflang == {}, url
    only_english = Head(demo.page("account/create-an-account"))
    assert only_english.hreflang == {} and not only_english.noindex


def test_the_sitemap_lists_the_same_sets(demo):
    heads = pages(demo)
    root = ET.parse(demo.site / "sitemap.xml").getroot()
    listed = 0
    for url in root.findall("s:url", SITEMAP):
        loc = url.find("s:loc", SITEMAP).text
        links = {x.get("hreflang"): x.get("href") for x in url.findall("x:link", SITEMAP)}
        assert links == heads[loc].hreflang, loc
        assert not heads[loc].noindex, f"{loc}: noindex in the sitemap"
        listed += bool(links)
    assert listed >= 2 * 5 + 2
    assert (
        SITE_URL + "id/returns-and-refunds/gift-returns/"
        not in (demo.site / "sitemap.xml").read_text()
    )


def test_the_switcher_lands_on_the_same_article(demo):
    english = Head(demo.page("orders-and-shipping/track-your-order"))
    assert english.switcher == {
        "en": ("/orders-and-shipping/track-your-order/", True),
        "id": ("/id/orders-and-shipping/track-your-order/", False),
    }
    indonesian = Head(demo.page("id/orders-and-shipping/track-your-order"))
    assert indonesian.switcher == {
        "en": ("/orders-and-shipping/track-your-order/", False),
        "id": ("/id/orders-and-shipping/track-your-order/", True),
    }
    assert Head(demo.page("id")).switcher["en"] == ("/", False)
    assert Head(demo.page("id/search")).switcher["en"] == ("/search/", False)
    assert Head(demo.page("returns-and-refunds")).switcher["id"] == (
        "/id/returns-and-refunds/",
        False,
    )


def test_an_untranslated_article_has_a_stand_in_with_a_notice(demo):
    html = demo.page("id/returns-and-refunds/gift-returns")
    head = Head(html)
    assert head.lang == "id" and head.noindex
    assert head.canonical == SITE_URL + "returns-and-refunds/gift-returns/"  # the original
    assert "Artikel ini belum tersedia dalam bahasa Indonesia" in html
    assert '<div class="hg-prose" lang="en">' in html  # the English text is marked as English
    assert head.switcher["en"] == ("/returns-and-refunds/gift-returns/", False)
    # listed in the Indonesian category, which links it beside the translated articles
    category = demo.page("id/returns-and-refunds")
    assert (
        "/id/returns-and-refunds/gift-returns/" in category
        and "/id/returns-and-refunds/exchanges/" in category
    )
    # a category with nothing translated is kept out of search engines
    assert (
        Head(demo.page("id/payments")).noindex
        and not Head(demo.page("id/returns-and-refunds")).noindex
    )


def test_links_between_indonesian_articles_stay_in_indonesian(demo):
    html = demo.page("id/returns-and-refunds/start-a-return")
    assert 'href="/id/returns-and-refunds/exchanges/"' in html
    assert 'href="/id/returns-and-refunds/non-returnable-items/"' in html  # a stand-in page


def test_exports_carry_the_language_and_llms_txt_lists_each_language(demo):
    records = [json.loads(line) for line in (demo.site / "articles.jsonl").read_text().splitlines()]
    indonesian = {r["path"]: r["lang"] for r in records if r["path"].startswith("id/")}
    assert indonesian == {
        f"id/{p}/": "id"
        for p in (
            "orders-and-shipping/shipping-methods-and-times",
            "orders-and-shipping/track-your-order",
            "returns-and-refunds/exchanges",
            "returns-and-refunds/refund-timing",
            "returns-and-refunds/start-a-return",
            "faq/contact",
            "faq/order-tracking",
            "faq/payments",
            "faq/returns",
            "faq/shipping",
        )
    }
    assert not any(
        r["path"].startswith("id/") and r["lang"] != "id" for r in records
    )  # no stand-in is exported
    llms = (demo.site / "llms.txt").read_text(encoding="utf-8")
    section = llms.split("## Bahasa Indonesia: Pengembalian & pengembalian dana\n\n", 1)[1].split(
        "\n\n", 1
    )[0]
    assert re.findall(r"\((\S+)\)", section) == [
        SITE_URL + f"id/returns-and-refunds/{slug}/index.html.md"
        for slug in ("start-a-return", "refund-timing", "exchanges")
    ]


def test_the_audit_lists_untranslated_articles(demo):
    result = run_audit(demo.project, use_cache=False)
    untranslated = {f.file for f in result.findings if f.check == "untranslated"}
    assert "content/returns-and-refunds/gift-returns.md" in untranslated
    assert "content/returns-and-refunds/start-a-return.md" not in untranslated
    assert not any(path.startswith("content/id/") for path in untranslated)


def test_the_stores_own_texts_are_localized(demo):
    html = demo.page("id")
    for text in ("Lacak pesanan", "Kebijakan privasi", "Senin–Jumat", "Pengiriman musim liburan"):
        assert text in html
    assert "Track an order" not in html and "Track an order" in demo.page("")
    assert (
        'href="/id/promotions/holiday-shipping-cut-offs/"' in html
    )  # the banner leads to the Indonesian page
