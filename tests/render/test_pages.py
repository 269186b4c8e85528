"""Whole pages: home, categories, articles, navigation, SEO metadata, redirects, 404, theme
overrides."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re

import pytest

from tests.helpers import build_project, messages, problem_lines, read_page, write_project

STORE = {
    "orders/_category.yml": "title: Orders & shipping\ndescription: Where is my parcel?\nicon: "
    "truck\norder: 2\n",
    "orders/track.md": "---\ntitle: Track your order\norder: 1\nupdated: 2026-02-03\n---\nFollow "
    "the parcel with the tracking link.\n",
    "orders/change.md": "---\ntitle: Change an order\norder: 2\n---\nWrite to us within two "
    "hours.\n",
    "orders/cancel.md": "---\ntitle: Cancel an order\norder: 3\n---\nCancel it from your "
    "account.\n",
    "orders/customs/_category.yml": "title: Customs\n",
    "orders/customs/duties.md": "# Import duties\n\nWho pays them.\n",
    "returns/_category.yml": "title: Returns\norder: 1\n",
    "returns/start.md": "# Start a return\n\nWithin 30 days.\n",
    "account/login.md": "# Log in\n\nWith your email.\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("store")
    write_project(
        tmp_path,
        STORE,
        {
            "featured": ["orders/change", "returns/start", "no/such"],
            "description": "Answers for shoppers.",
        },
    )
    result = build_project(tmp_path)
    assert [m for m in messages(result) if "no/such" not in m] == []
    return tmp_path / "site", result


def cards(html: str) -> list[tuple[str, str, str]]:
    """(title, url, count text) of each category card."""
    found = re.findall(
        r'<li class="hg-card">.*?<a href="([^"]+)">([^<]+)</a>.*?<p '
        r'class="hg-card-count">([^<]+)</p>',
        html,
        re.S,
    )
    return [(title, url, count) for url, title, count in found]


def card_icon(html: str, title: str) -> str:
    m = re.search(
        r'<li class="hg-card">\s*<span class="hg-card-icon">(<svg.*?</svg>)</span>\s*<h\d '
        r'class="hg-card-title">'
        rf'<a href="[^"]+">{re.escape(title)}</a>',
        html,
        re.S,
    )
    assert m, f"no card for {title}"
    return m.group(1)


def section(html: str, heading_id: str) -> str:
    m = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert m, f"no section {heading_id}"
    return m.group(0)


def list_titles(html: str) -> list[str]:
    return re.findall(r'<span class="hg-list-title">([^<]+)</span>', html)


def jsonld(html: str):
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def crumbs(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="hg-breadcrumbs".*?</nav>', html, re.S).group(0)
    return [(text, url) for url, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)]


def unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&#39;", "'").replace("&#34;", '"')


# --- categories and home ----------------------------------------------------------


def test_categories_come_from_folders_and_category_files(store):
    _, result = store
    cats = result.site.categories
    assert sorted(cats) == [(), ("account",), ("orders",), ("orders", "customs"), ("returns",)]
    orders = cats[("orders",)]
    assert (orders.title, orders.description, orders.icon, orders.order, orders.url) == (
        "Orders & shipping",
        "Where is my parcel?",
        "truck",
        2,
        "orders/",
    )
    assert (cats[("account",)].title, cats[("account",)].order) == (
        "Account",
        None,
    )  # from the folder name


def test_home_lists_categories_in_order_with_counts(store):
    site, _ = store
    home = read_page(site, "index.html")
    assert [(unescape(t), u, c) for t, u, c in cards(home)] == [
        ("Returns", "/returns/", "1 article"),
        ("Orders & shipping", "/orders/", "4 articles"),  # its Customs section counts too
        ("Account", "/account/", "1 article"),
    ]
    assert card_icon(home, "Orders &amp; shipping") != card_icon(
        home, "Account"
    )  # truck, not the default


def test_home_lists_featured_articles_that_exist(store):
    site, _ = store
    featured = section(read_page(site, "index.html"), "hg-home-featured")
    assert list_titles(featured) == ["Change an order", "Start a return"]
    assert '<a href="/orders/change/">' in featured


def test_featured_entry_that_names_no_article_is_reported(store):
    _, result = store
    [problem] = [p for p in result.report.problems if "no/such" in p.message]
    assert problem.path == "helpgen.yml" and "featured" in problem.message


def test_category_page_lists_sections_and_articles_in_reading_order(store):
    site, _ = store
    page = read_page(site, "orders/index.html")
    assert re.search(
        r"<h1>Orders &amp; shipping</h1>\s*<p class=\"hg-lead\">Where is my parcel\?</p>", page
    )
    assert [(unescape(t), u, c) for t, u, c in cards(section(page, "hg-cat-sections"))] == [
        ("Customs", "/orders/customs/", "1 article")
    ]
    assert list_titles(section(page, "hg-cat-articles")) == [
        "Track your order",
        "Change an order",
        "Cancel an order",
    ]
    assert crumbs(page) == [("Test Help", "/"), ("Orders &amp; shipping", "/orders/")]


# --- article pages ----------------------------------------------------------------


def test_prev_and_next_follow_the_reading_order(store):
    site, _ = store

    def pager(path):
        html = read_page(site, path)
        return (
            re.findall(r'<a class="hg-pager-prev" href="([^"]+)" rel="prev">', html),
            re.findall(r'<a class="hg-pager-next" href="([^"]+)" rel="next">', html),
        )

    assert pager("orders/track/index.html") == ([], ["/orders/change/"])
    assert pager("orders/change/index.html") == (["/orders/track/"], ["/orders/cancel/"])
    assert pager("orders/cancel/index.html") == (["/orders/change/"], [])
    assert pager("returns/start/index.html") == ([], [])


def test_breadcrumbs(store):
    site, _ = store
    assert crumbs(read_page(site, "orders/customs/duties/index.html")) == [
        ("Test Help", "/"),
        ("Orders &amp; shipping", "/orders/"),
        ("Customs", "/orders/customs/"),
        ("Import duties", "/orders/customs/duties/"),
    ]
    assert '<a href="/orders/customs/duties/" aria-current="page">Import duties</a>' in read_page(
        site, "orders/customs/duties/index.html"
    )
    assert crumbs(read_page(site, "account/login/index.html"))[-1] == ("Log in", "/account/login/")


def test_head_metadata_of_an_article(store):
    site, _ = store
    page = read_page(site, "orders/track/index.html")
    head = page[: page.index("</head>")]
    for line in (
        "<title>Track your order | Test Help</title>",
        '<meta name="description" content="Follow the parcel with the tracking link.">',
        '<link rel="canonical" href="https://help.example.com/orders/track/">',
        '<meta property="og:type" content="article">',
        '<meta property="og:site_name" content="Test Help">',
        '<meta property="og:title" content="Track your order | Test Help">',
        '<meta property="og:description" content="Follow the parcel with the tracking link.">',
        '<meta property="og:url" content="https://help.example.com/orders/track/">',
        '<meta property="article:modified_time" content="2026-02-03">',
    ):
        assert line in head, line
    assert 'name="robots"' not in head


def test_article_json_ld(store):
    site, _ = store
    data = jsonld(read_page(site, "orders/customs/duties/index.html"))
    assert data["@context"] == "https://schema.org"
    article, trail = data["@graph"]
    assert article["@type"] == "Article"
    assert (
        article["headline"],
        article["description"],
        article["mainEntityOfPage"],
        article["inLanguage"],
    ) == (
        "Import duties",
        "Who pays them.",
        "https://help.example.com/orders/customs/duties/",
        "en",
    )
    assert trail["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in trail["itemListElement"]] == [
        (1, "Test Help", "https://help.example.com/"),
        (2, "Orders & shipping", "https://help.example.com/orders/"),
        (3, "Customs", "https://help.example.com/orders/customs/"),
        (4, "Import duties", "https://help.example.com/orders/customs/duties/"),
    ]
    assert (
        jsonld(read_page(site, "orders/track/index.html"))["@graph"][0]["dateModified"]
        == "2026-02-03"
    )


def test_home_json_ld_and_metadata(store):
    site, _ = store
    home = read_page(site, "index.html")
    website, org = jsonld(home)["@graph"]
    assert (website["@type"], website["name"], website["url"], website["description"]) == (
        "WebSite",
        "Test Help",
        "https://help.example.com/",
        "Answers for shoppers.",
    )
    assert (
        website["potentialAction"]["target"]
        == "https://help.example.com/search/?q={search_term_string}"
    )
    assert (org["@type"], org["name"], org["url"]) == (
        "Organization",
        "Test Help",
        "https://help.example.com/",
    )
    assert "<title>Test Help</title>" in home
    assert '<link rel="canonical" href="https://help.example.com/">' in home
    assert '<meta name="description" content="Answers for shoppers.">' in home
    assert '<meta property="og:type" content="website">' in home


def test_json_ld_cannot_be_broken_out_of(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": '---\ntitle: "</script><script>alert(1)</script> & co"\n---\nB\n'})
    build_site(tmp_path)
    page = read_page(tmp_path / "site", "a/index.html")
    assert "<script>alert(1)" not in page
    assert jsonld(page)["@graph"][0]["headline"] == "</script><script>alert(1)</script> & co"


def test_no_site_url_means_no_canonical_and_no_sitemap(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A"}, {"site_url": None})
    build_site(tmp_path)
    page = read_page(tmp_path / "site", "a/index.html")
    assert 'rel="canonical"' not in page and "og:url" not in page
    assert not (tmp_path / "site" / "sitemap.xml").exists()
    assert read_page(tmp_path / "site", "robots.txt") == "User-agent: *\nAllow: /\n"


# --- redirects and 404 --------------------------------------------------------------


def test_redirect_pages_for_redirect_from(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {"new/place.md": "---\ntitle: Place\nredirect_from: [/old/place.html, /legacy/]\n---\nB\n"},
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    for old in ("old/place/index.html", "legacy/index.html"):
        page = read_page(tmp_path / "site", old)
        assert '<meta http-equiv="refresh" content="0; url=/new/place/">' in page
        assert '<meta name="robots" content="noindex">' in page
        assert '<a class="hg-btn hg-btn-primary" href="/new/place/">/new/place/</a>' in page


def test_redirect_over_an_existing_page_is_a_warning(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A", "b.md": "---\nredirect_from: /a/\n---\nB\n"})
    result = build_site(tmp_path)
    assert result.written
    assert messages(result, "warning") == [
        "content/b.md: redirect_from '/a/' is already a page; no redirect written"
    ]
    assert "http-equiv" not in read_page(tmp_path / "site", "a/index.html")


def test_not_found_page(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A"}, {"site_url": "https://shop.example/help/"})
    build_site(tmp_path)
    page = read_page(tmp_path / "site", "404.html")
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page
    assert re.search(
        r'<link rel="stylesheet" href="/help/_helpgen/helpgen\.[0-9a-f]{10}\.css">', page
    )
    assert 'href="/help/"' in page  # back home, from whatever URL it is served at


# --- configuration that changes pages -----------------------------------------------


def test_feedback_block_by_default_and_hidden_with_endpoint_false(tmp_path, make_site, build_site):
    make_site(tmp_path / "on", {"a.md": "A"})
    build_site(tmp_path / "on")
    assert 'data-endpoint="/api/feedback"' in read_page(tmp_path / "on" / "site", "a/index.html")
    make_site(tmp_path / "off", {"a.md": "A"}, {"feedback": {"endpoint": False}})
    build_site(tmp_path / "off")
    page = read_page(tmp_path / "off" / "site", "a/index.html")
    assert "hg-feedback" not in page and "data-endpoint" not in page


def test_theme_dir_overrides_a_template_by_name(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A"}, {"theme_dir": "mytheme"})
    templates = tmp_path / "mytheme" / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "404.html").write_text("<h1>Lost? {{ site.name }}</h1>\n", encoding="utf-8")
    (templates / "partials" / "feedback.html").write_text(
        '<aside id="my-feedback">{{ article.id }}</aside>\n', encoding="utf-8"
    )
    (tmp_path / "mytheme" / "i18n").mkdir()
    (tmp_path / "mytheme" / "i18n" / "en.yml").write_text(
        'home.heading: "Hi, what do you need?"\n', encoding="utf-8"
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    site = tmp_path / "site"
    assert read_page(site, "404.html") == "<h1>Lost? Test Help</h1>\n"
    article = read_page(site, "a/index.html")
    assert '<aside id="my-feedback">a</aside>' in article and "hg-feedback" not in article
    assert "Hi, what do you need?" in read_page(site, "index.html")
    assert "How can we help?" not in read_page(site, "index.html")


def test_broken_theme_template_is_reported_not_raised(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "A"}, {"theme_dir": "mytheme"})
    (tmp_path / "mytheme" / "templates").mkdir(parents=True)
    (tmp_path / "mytheme" / "templates" / "404.html").write_text(
        "{{ site.nonexistent_thing }}\n", encoding="utf-8"
    )
    code, _, err = run_cli("build", tmp_path)
    assert "Traceback" not in err
    assert problem_lines(err) == [
        "error: templates/404.html: template: 'helpgen.render.views.SiteView object' has no "
        "attribute "
        "'nonexistent_thing' (hint: see docs/theming.md for the variables each template gets)",
    ]
    assert code == 1
    assert not (tmp_path / "site").exists()


def test_logo_and_favicon_from_content(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {"a.md": "A", "images/logo.svg": "<svg/>", "images/fav.svg": "<svg/>"},
        {
            "brand": {"logo": "images/logo.svg", "favicon": "images/fav.svg"},
            "site_url": "https://shop.example/help/",
        },
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    page = read_page(tmp_path / "site", "a/index.html")
    assert '<img class="hg-logo" src="/help/images/logo.svg" alt="Test Help"' in page
    assert '<link rel="icon" href="/help/images/fav.svg">' in page
    assert (tmp_path / "site" / "images" / "logo.svg").read_text(encoding="utf-8") == "<svg/>"


def test_missing_logo_file_is_reported(tmp_path, make_site, build_site):
    make_site(tmp_path, {"a.md": "A"}, {"brand": {"logo": "images/logo.svg"}})
    [problem] = build_site(tmp_path).report.problems
    assert "images/logo.svg" in str(problem)


ANNOUNCEMENT = {
    "announcement": {
        "text": "Holiday shipping cut-offs",
        "url": "/orders/holidays/",
        "starts": "2026-11-01",
        "ends": "2027-01-10",
    }
}


def epoch(day: str) -> str:
    return str(calendar.timegm(dt.date.fromisoformat(day).timetuple()) + 12 * 3600)


@pytest.mark.parametrize(
    "day, shown",
    [
        ("2026-10-31", False),
        ("2026-11-01", True),
        ("2026-12-24", True),
        ("2027-01-10", True),
        ("2027-01-11", False),
    ],
)
def test_dated_announcement_follows_source_date_epoch(
    tmp_path, make_site, build_site, monkeypatch, day, shown
):
    make_site(tmp_path, {"a.md": "A"}, ANNOUNCEMENT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))
    build_site(tmp_path, use_cache=False)
    for page in ("index.html", "a/index.html", "404.html"):
        html = read_page(tmp_path / "site", page)
        assert ('<a href="/orders/holidays/">Holiday shipping cut-offs</a>' in html) is shown, page


def test_dated_announcement_through_the_cli(tmp_path, make_site, run_cli):
    make_site(tmp_path, {"a.md": "A"}, ANNOUNCEMENT)
    run_cli(
        "build", tmp_path, "--out", tmp_path / "dec", env={"SOURCE_DATE_EPOCH": epoch("2026-12-01")}
    )
    run_cli(
        "build", tmp_path, "--out", tmp_path / "feb", env={"SOURCE_DATE_EPOCH": epoch("2027-02-01")}
    )
    assert "Holiday shipping cut-offs" in read_page(tmp_path / "dec", "index.html")
    assert "Holiday shipping cut-offs" not in read_page(tmp_path / "feb", "index.html")
