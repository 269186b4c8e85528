"""Where articles live: clean URLs, slugs, language prefixes; one place computes them."""

from __future__ import annotations

import pytest

from helpgen.content.urls import article_url, category_url, normalize_url_path, slugify
from tests.helpers import messages


@pytest.mark.parametrize(
    "source, slug, lang, url",
    [
        ("returns/refund-policy.md", None, "en", "returns/refund-policy/"),
        ("top.md", None, "en", "top/"),
        ("a/b/c.markdown", None, "en", "a/b/c/"),
        ("returns/refund-policy.md", "refunds", "en", "returns/refunds/"),
        ("returns/refund-policy.md", "/money/back/", "en", "money/back/"),
        ("returns/index.md", None, "en", "returns/"),
        ("returns/README.md", None, "en", "returns/"),
        ("index.md", None, "en", ""),
        ("returns/refund-policy.md", None, "de", "de/returns/refund-policy/"),
        ("returns/refund-policy.md", "erstattung", "de", "de/returns/erstattung/"),
    ],
)
def test_article_url(source, slug, lang, url):
    assert article_url(source, slug, lang, "en") == url


def test_category_url():
    assert category_url(()) == ""
    assert category_url(("orders", "shipping")) == "orders/shipping/"


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Where's my order?", "wheres-my-order"),
        ("Crème brûlée  & co", "creme-brulee-co"),
        ("a_b--c", "a-b-c"),
    ],
)
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    "path, normal",
    [
        ("/old/returns.html", "old/returns/"),
        ("old/returns", "old/returns/"),
        ("/old/index.html", "old/"),
        ("/old/returns/?x=1#top", "old/returns/"),
        ("/", ""),
    ],
)
def test_normalize_url_path(path, normal):
    assert normalize_url_path(path) == normal


def test_clean_urls_in_the_built_site(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "a/b.md": "B",
            "a/index.md": "---\ntitle: A home\n---\nA",
            "top.md": "T",
            "x/y/z.md": "---\nslug: zed\n---\nZ",
            "x/moved.md": "---\nslug: /elsewhere/moved\n---\nM",
            "x/de.md": "---\nlang: de\n---\nD",
        },
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    site = tmp_path / "site"
    for page in (
        "a/b/index.html",
        "a/index.html",
        "top/index.html",
        "x/y/zed/index.html",
        "elsewhere/moved/index.html",
        "de/x/de/index.html",
    ):
        assert (site / page).is_file(), page
    assert not (site / "a/b.html").exists() and not (site / "x/y/z").exists()
    assert [a.url for a in result.site.articles] == [
        "a/b/",
        "a/",
        "top/",
        "de/x/de/",
        "elsewhere/moved/",
        "x/y/zed/",
    ]


def test_article_id_is_its_path_or_front_matter_id(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a/b.md": "B", "c.md": "---\nid: kb-42\nslug: see\n---\nC"})
    site = build_site(tmp_path).site
    assert (site.by_source["a/b.md"].id, site.by_source["c.md"].id) == ("a/b", "kb-42")
