"""Front matter: what is read, the fallbacks, the aliases, and the problems named file:line."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.helpers import messages, problem_lines, read_page, summary_of


def h1s(html: str) -> list[str]:
    return re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)


def meta_description(html: str) -> str:
    m = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert m, "no meta description"
    return m.group(1)


def title_tag(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html).group(1)


# --- problems -------------------------------------------------------------------------


def test_front_matter_that_is_not_yaml_is_an_error_and_the_old_site_is_kept(
    tmp_path, make_site, run_cli
):
    make_site(tmp_path, {"returns/refunds.md": "# Refunds\n\nOld text.\n"})
    assert run_cli("build", tmp_path)[0] == 0
    before = read_page(tmp_path / "site", "returns/refunds/index.html")
    (tmp_path / "content/returns/refunds.md").write_text(
        "---\ntitle: Refunds\ntags: [refunds, money back\ndescription: Money back in 5 days.\n"
        "---\nNew text.\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("build", tmp_path)
    assert "Traceback" not in err
    # the line and column of the '[' in the markdown file, not the parser's line inside the block
    assert problem_lines(err) == [
        "error: content/returns/refunds.md:3:7: front matter: the list opened with '[' here is "
        "not closed (hint: close it with ']', as in [refunds, returns], or quote the value)",
    ]
    assert code == 1
    assert summary_of(err)["outcome"] == "site NOT written (the previous one is kept)"
    assert read_page(tmp_path / "site", "returns/refunds/index.html") == before


@pytest.mark.parametrize(
    "front, expected",
    [
        (
            "title: Refunds\ndescription: When: five days",
            "content/a.md:3:18: front matter: mapping values are not allowed (here|in this "
            "context) "
            '\\(hint: quote the value, e\\.g\\. title: "Shipping: how long\\?"\\)',
        ),
        (
            'title: "Refunds\ntags: [a]',
            "content/a.md:2:8: front matter: the quote opened here is not closed "
            "\\(hint: end the value with the same quote mark it starts with\\)",
        ),
        (
            "seo: {title: Refunds\norder: 2",
            "content/a.md:2:6: front matter: the mapping opened with '\\{' here is not closed "
            "\\(hint: close it with '}', as in \\{title: Refunds}, or quote the value\\)",
        ),
    ],
)
def test_yaml_errors_name_the_line_in_the_file_and_a_hint(
    tmp_path, make_site, build_site, front, expected
):
    make_site(tmp_path, {"a.md": f"---\n{front}\n---\n# Refunds\n\nBody.\n"})
    result = build_site(tmp_path)
    [line] = messages(result, "error")
    assert re.fullmatch(expected, line), line
    assert not result.written


def test_two_dash_opener_is_a_warning_and_the_front_matter_still_counts(
    tmp_path, make_site, run_cli
):
    make_site(tmp_path, {"a.md": "--\ntitle: Dashed title\n---\nBody.\n"})
    code, _, err = run_cli("build", tmp_path)
    assert problem_lines(err) == [
        "warning: content/a.md:1: front matter: opening line is '--', expected '---' (hint: write "
        "exactly three dashes)",
    ]
    assert code == 0
    assert h1s(read_page(tmp_path / "site", "a/index.html")) == ["Dashed title"]


def test_two_dashes_without_a_closer_are_a_horizontal_rule(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "--\nJust text.\n"})
    result = build_site(tmp_path)
    assert messages(result) == []
    assert result.site.articles[0].title == "A"


def test_no_closing_line_is_an_error(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "---\ntitle: Open\nBody.\n"})
    code, _, err = run_cli("build", tmp_path)
    assert problem_lines(err) == [
        "error: content/a.md:1: front matter: no closing '---' line (hint: end the front matter "
        "with a line of three dashes)",
    ]
    assert code == 1


def test_front_matter_that_is_not_a_mapping(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "---\n- one\n- two\n---\nBody.\n"})
    assert messages(build_site(tmp_path)) == [
        "content/a.md:2: front matter: expected `key: value` lines"
    ]


def test_values_of_the_wrong_kind_are_warnings_on_their_lines(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {"a.md": "---\norder: soon\ndraft: maybe\nupdated: last week\ntags: {a: 1}\n---\nB\n"},
    )
    result = build_site(tmp_path)
    assert messages(result, "warning") == [
        "content/a.md:2: front matter: 'order': expected a whole number, got 'soon'",
        "content/a.md:3: front matter: 'draft': expected true or false, got 'maybe'",
        "content/a.md:4: front matter: 'updated': expected a date like 2026-03-31, got 'last week'",
        "content/a.md:5: front matter: 'tags': expected a list or comma-separated text",
    ]
    assert result.written


def test_an_unknown_audience_is_an_error_and_fails_closed(tmp_path, make_site, run_cli):
    make_site(
        tmp_path,
        {
            "a.md": "---\ntitle: Staff notes\naudience: staff\n---\nSecret 4471-QUOKKA.\n",
            "b.md": "B",
        },
    )
    code, _, err = run_cli("build", tmp_path)
    assert problem_lines(err) == [
        "error: content/a.md:3: front matter: 'audience': expected public or internal, got 'staff' "
        "(hint: the article is kept out of public output until this is fixed)",
    ]
    assert code == 1
    assert not (tmp_path / "site").exists()


# --- title and description ----------------------------------------------------------


def test_title_from_front_matter_wins_and_the_h1_is_not_repeated(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "---\ntitle: From front matter\n---\n# From the H1\n\nBody.\n"})
    build_site(tmp_path)
    html = read_page(tmp_path / "site", "a/index.html")
    assert h1s(html) == ["From front matter"]
    assert title_tag(html) == "From front matter | Test Help"


def test_title_from_the_h1_which_appears_once(tmp_path, make_site, build_site):
    make_site(
        tmp_path, {"orders/track.md": "\n# Track your order\n\nWhere is it?\n\n## Steps\n\nLook.\n"}
    )
    result = build_site(tmp_path)
    html = read_page(tmp_path / "site", "orders/track/index.html")
    assert h1s(html) == ["Track your order"]
    assert title_tag(html) == "Track your order | Test Help"
    article = result.site.by_source["orders/track.md"]
    assert article.title == "Track your order"
    assert article.body_line == 3  # the body after the H1 starts on line 3 of the file


def test_title_from_the_file_name(tmp_path, make_site, build_site):
    make_site(tmp_path, {"shipping/where_is-my-order.md": "No heading here.\n"})
    build_site(tmp_path)
    html = read_page(tmp_path / "site", "shipping/where_is-my-order/index.html")
    assert h1s(html) == ["Where is my order"]


def test_title_from_a_setext_h1(tmp_path, make_site, build_site):
    make_site(tmp_path, {"b.md": "Setext title\n============\n\nBody.\n"})
    build_site(tmp_path)
    assert h1s(read_page(tmp_path / "site", "b/index.html")) == ["Setext title"]


def test_title_from_an_h1_with_inline_markup(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "# Track *your* order\n\nBody.\n"})
    build_site(tmp_path)
    html = read_page(tmp_path / "site", "a/index.html")
    assert title_tag(html) == "Track your order | Test Help"
    assert h1s(html) == ["Track your order"]


def test_every_page_has_exactly_one_h1(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "orders/_category.yml": "title: Orders\n",
            "orders/a.md": "# Alpha\n\nText.\n",
            "orders/b.md": "---\ntitle: Beta\n---\n# Beta\n\nText.\n",
            "c.md": "Text only.\n",
        },
    )
    build_site(tmp_path)
    site = tmp_path / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == [
        "404.html",
        "c/index.html",
        "index.html",
        "orders/a/index.html",
        "orders/b/index.html",
        "orders/index.html",
        "search/index.html",
    ]
    for page in pages:
        assert len(h1s(read_page(site, page))) == 1, page


def test_description_from_the_first_paragraph_cut_at_a_word(tmp_path, make_site, build_site):
    words = (
        "Orders placed before noon leave our warehouse the same working day and most of them reach "
        "you within three to five days, tracked all the way, unless a carrier strike delays "
        "everything."
    )
    assert len(words) > 160
    make_site(
        tmp_path,
        {
            "a.md": f"# Shipping times\n\n{words}\n\nSecond paragraph.\n",
            "b.md": "# Short\n\n!!! note\n    Not this one.\n\nA *short* first paragraph.\n",
        },
    )
    build_site(tmp_path)
    expected = (
        "Orders placed before noon leave our warehouse the same working day and most of them reach "
        "you within three to five days, tracked all the way, unless a carrier…"
    )
    assert len(expected) <= 160
    assert meta_description(read_page(tmp_path / "site", "a/index.html")) == expected
    assert (
        meta_description(read_page(tmp_path / "site", "b/index.html")) == "A short first paragraph."
    )


def test_description_from_front_matter(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "---\ndescription: How refunds work.\n---\nFirst paragraph.\n"})
    build_site(tmp_path)
    html = read_page(tmp_path / "site", "a/index.html")
    assert meta_description(html) == "How refunds work."
    assert '<meta property="og:description" content="How refunds work.">' in html


# --- aliases and unknown keys -------------------------------------------------------


def test_aliases_from_other_generators(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "guide/a.md": (
                "---\nseo:\n  title: SEO title\n  description: SEO description\n  keywords: fqdn, "
                "dns ,hostname\n"
                "weight: 2\ndate: 2025-04-05\naliases: [/old/a.html, old/a-too]\n---\nBody.\n"
            ),
            "guide/b.md": "---\ntitle: Bee\nweight: 1\n---\nBody.\n",
        },
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    a = result.site.by_source["guide/a.md"]
    assert (a.title, a.description, a.keywords) == (
        "SEO title",
        "SEO description",
        ("fqdn", "dns", "hostname"),
    )
    assert (a.order, a.updated, a.redirect_from) == (
        2,
        dt.date(2025, 4, 5),
        ("/old/a.html", "old/a-too"),
    )
    site = tmp_path / "site"
    category = read_page(site, "guide/index.html")
    assert category.index("Bee") < category.index("SEO title")  # weight orders the listing
    page = read_page(site, "guide/a/index.html")
    assert meta_description(page) == "SEO description"
    assert '<time datetime="2025-04-05">' in page
    for old in ("old/a/index.html", "old/a-too/index.html"):
        assert '<meta http-equiv="refresh" content="0; url=/guide/a/">' in read_page(site, old)


def test_own_keys_win_over_aliases(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "a.md": "---\ntitle: Own\nseo:\n  title: Alias\norder: 3\nweight: 9\nupdated: "
            "2025-01-01\ndate: 2020-01-01\n---\nB\n"
        },
    )
    a = build_site(tmp_path).site.by_source["a.md"]
    assert (a.title, a.order, a.updated) == ("Own", 3, dt.date(2025, 1, 1))


def test_unknown_keys_are_kept_as_article_meta(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "a.md": "---\ntitle: T\nlayout: page\nnavigation:\n  show: true\ngroup: "
            "glossary\n---\nB\n"
        },
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    assert result.site.by_source["a.md"].meta == {
        "layout": "page",
        "navigation": {"show": True},
        "group": "glossary",
    }


def test_empty_values_are_ignored(tmp_path, make_site, build_site):
    make_site(
        tmp_path, {"a.md": "---\ntitle:\ndescription: ''\ntags: []\n---\n# Real title\n\nB\n"}
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    assert result.site.by_source["a.md"].title == "Real title"


# --- draft and audience -------------------------------------------------------------


def test_draft_is_built_but_noindex_and_unlisted(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "orders/_category.yml": "title: Orders\n",
            "orders/draft.md": "---\ntitle: Draftzilla\ndraft: true\n---\nNot ready.\n",
            "orders/live.md": "# Live one\n\nReady.\n",
        },
    )
    build_site(tmp_path)
    site = tmp_path / "site"
    page = read_page(site, "orders/draft/index.html")
    assert '<meta name="robots" content="noindex">' in page
    assert '<meta name="robots" content="noindex">' not in read_page(site, "orders/live/index.html")
    assert "orders/draft/" not in read_page(site, "sitemap.xml")
    assert "orders/live/" in read_page(site, "sitemap.xml")
    assert "Draftzilla" not in read_page(site, "orders/index.html")
    assert "Live one" in read_page(site, "orders/index.html")
    assert "Draftzilla" not in read_page(
        site, "orders/live/index.html"
    )  # no prev/next/related to it
    assert "1 article" in read_page(site, "index.html")


INTERNAL = (
    "---\ntitle: Zebra escalation playbook\naudience: internal\ntags: [refunds]\n---\nCall "
    "extension 4471-QUOKKA for refunds.\n"
)


def test_internal_article_is_absent_from_every_public_file(tmp_path, make_site, run_cli):
    make_site(
        tmp_path,
        {
            "orders/_category.yml": "title: Orders\n",
            "orders/internal.md": INTERNAL,
            "orders/public.md": "---\ntitle: Public\ntags: [refunds]\n---\nSee the playbook.\n",
            "other.md": "---\ntags: [refunds]\n---\nPublic text.\n",
        },
    )
    code, _, err = run_cli("build", tmp_path, "--no-cache")
    assert code == 0, err
    site = tmp_path / "site"
    # every file the build wrote: the site and anything beside it (a search index, ...)
    files = [
        p
        for p in tmp_path.rglob("*")
        if p.is_file() and p.relative_to(tmp_path).parts[0] not in ("content", "helpgen.yml")
    ]
    assert len([p for p in files if site in p.parents]) > 5
    for path in files:
        data = path.read_bytes()
        for secret in (
            b"QUOKKA",
            b"quokka",
            b"Zebra escalation",
            b"zebra escalation",
            b"orders/internal",
        ):
            assert secret not in data, f"{secret!r} in {path.relative_to(tmp_path)}"
    assert not (site / "orders/internal").exists()


def test_link_to_an_internal_article_is_broken_in_a_public_build(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "orders/internal.md": INTERNAL,
            "orders/public.md": "Title\n\nSee [the playbook](internal.md).\n",
        },
    )
    result = build_site(tmp_path)
    assert messages(result) == [
        "content/orders/public.md:3: broken link 'internal.md': no such article or file in the "
        "content folder "
        "(hint: fix the path (links to articles may use their .md file path))",
    ]
    assert "QUOKKA" not in read_page(tmp_path / "site", "orders/public/index.html")


def test_internal_article_is_built_for_the_internal_audience(tmp_path, make_site, build_site):
    make_site(tmp_path, {"orders/internal.md": INTERNAL})
    assert build_site(tmp_path, audience="internal", out=tmp_path / "agents").written
    page = read_page(tmp_path / "agents", "orders/internal/index.html")
    assert "4471-QUOKKA" in page and '<meta name="robots" content="noindex">' in page
    assert read_page(tmp_path / "agents", "robots.txt") == "User-agent: *\nDisallow: /\n"
    assert not (tmp_path / "agents" / "sitemap.xml").exists()


def test_capitalised_internal_audience_is_not_published(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "---\naudience: Internal\n---\nSecret 4471-QUOKKA.\n"})
    build_site(tmp_path)
    site = tmp_path / "site"
    assert not any(b"QUOKKA" in p.read_bytes() for p in site.rglob("*") if p.is_file())
