"""`helpgen import zendesk`: the fixture export (10 articles in en-us and de, 20 records) imports,
builds, and every old Zendesk URL leads to its article on a real `helpgen serve`."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

import pytest
import yaml

from helpgen.migrate.html_markdown import html_to_markdown
from helpgen.migrate.zendesk import old_paths
from tests.helpers import problem_lines, summary_of
from tests.migrate.conftest import ZENDESK_EXPORT
from tests.serve.support import Server

EXPORT = json.loads(ZENDESK_EXPORT.read_text(encoding="utf-8"))
PUBLIC = [a for a in EXPORT["articles"] if a["user_segment_id"] is None]
RESTRICTED = [a for a in EXPORT["articles"] if a["user_segment_id"] is not None]
_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


@pytest.fixture(scope="module")
def imported(
    tmp_path_factory,
):
    """The export imported into an empty folder and built: (project, import stderr, build
    stderr)."""
    from tests.helpers import run_helpgen

    project = tmp_path_factory.mktemp("zendesk") / "help"
    code, _, import_err = run_helpgen("import", "zendesk", ZENDESK_EXPORT, project)
    assert code == 0, import_err
    code, _, build_err = run_helpgen("build", project, "--strict")
    assert code == 0, build_err
    return project, import_err, build_err


def test_fixture_is_twenty_articles_in_two_locales():
    assert len(EXPORT["articles"]) == 20
    assert {a["locale"] for a in EXPORT["articles"]} == {"en-us", "de"}


def test_every_record_becomes_an_article(imported):
    project, _, build_err = imported
    sources = sorted(
        p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*.md")
    )
    assert len(sources) == 20
    assert "orders-shipping/tracking/how-to-track-your-order.md" in sources
    assert (
        "de/orders-shipping/tracking/how-to-track-your-order.md" in sources
    )  # same slug, under its locale
    assert summary_of(build_err)["articles"] == "18"  # the two restricted records stay out
    config = yaml.safe_load((project / "helpgen.yml").read_text())
    assert config == {
        "site_name": "Acme Help Center",
        "language": "en-us",
        "content_dir": "content",
        "languages": ["en-us", "de"],
    }  # de/ is a language tree (docs/i18n.md)


def test_front_matter_and_body(imported):
    project, _, _ = imported
    text = (
        project / "content/de/orders-shipping/delivery-options/express-delivery-cut-off-times.md"
    ).read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {
        "title": "Annahmeschluss für Expressversand",
        "tags": ["shipping", "express"],
        "updated": "2025-02-06",
        "redirect_from": [
            "/hc/de/articles/360001006-Annahmeschluss-für-Expressversand",
            "/hc/de/articles/360001006",
        ],
        "zendesk_id": 360001006,
    }
    en = (
        project / "content/orders-shipping/delivery-options/express-delivery-cut-off-times.md"
    ).read_text()
    assert "```text\nMon-Fri 14:00 CET\nSat     11:00 CET\n```" in en
    table = (
        project / "content/orders-shipping/delivery-options/shipping-methods-and-costs.md"
    ).read_text()
    assert "| Standard | 3-5 days | €4.95 |" in table
    category = yaml.safe_load((project / "content/de/orders-shipping/_category.yml").read_text())
    assert category == {"title": "Bestellungen & Versand", "order": 1}
    assert not (project / "content/de/_category.yml").exists()  # de/ is a language, not a category


def test_links_between_articles_point_at_the_new_files(imported):
    project, _, _ = imported
    en = (project / "content/orders-shipping/tracking/how-to-track-your-order.md").read_text()
    assert "[tracking not updating](tracking-not-updating.md)" in en
    de = (project / "content/de/orders-shipping/tracking/how-to-track-your-order.md").read_text()
    assert "(tracking-not-updating.md)" in de  # the id-only, absolute link of the de body
    refund = (project / "content/returns-and-refunds/returns/how-to-return-an-item.md").read_text()
    assert "(when-will-i-get-my-refund.md)" in refund


def test_section_and_category_urls_are_listed_with_their_new_place(imported):
    _, import_err, _ = imported
    lines = problem_lines(import_err)
    assert (
        f"warning: {ZENDESK_EXPORT}: /hc/de/sections/300001-Sendungsverfolgung: no redirect "
        "(helpgen redirects "
        "articles only); it is now /de/orders-shipping/tracking/ (hint: redirect it in your web "
        "server if other "
        "sites link to it)"
    ) in lines
    assert (
        sum("no redirect (helpgen redirects articles only)" in line for line in lines) == 10
    )  # 5 in each locale


def test_restricted_articles_become_internal(imported):
    project, import_err, _ = imported
    text = (
        project / "content/returns-and-refunds/returns/returns-handling-for-agents.md"
    ).read_text()
    assert "audience: internal" in text
    assert any("audience: internal" in line for line in problem_lines(import_err))
    site_text = "".join(
        p.read_text(errors="replace") for p in (project / "site").rglob("*") if p.is_file()
    )
    assert "approve returns older than 30 days" not in site_text


def _follow(server: Server, path: str, hops: int = 5) -> tuple[str, str]:
    """Follow HTTP redirects and meta refreshes from `path`: (final path, final page)."""
    for _ in range(hops):
        status, headers, body = server.request("GET", path)
        if status in (301, 302, 307, 308):
            path = urlsplit(headers["location"]).path or path
            continue
        assert status == 200, f"{path}: {status}"
        page = body.decode("utf-8")
        refresh = _REFRESH.search(page)
        if not refresh:
            return path, page
        path = html.unescape(refresh.group(1))
    raise AssertionError(f"{path}: more than {hops} redirects")


def test_every_old_url_redirects_to_its_article(imported):
    project, _, _ = imported
    with Server(project).running() as server:
        for article in PUBLIC:
            old = urlsplit(article["html_url"]).path  # percent-encoded, as links to it are
            short = re.match(r".*/articles/\d+", old).group(0)
            for path in (old, short, old + "/"):
                final, page = _follow(server, path)
                assert final != path, f"{path} did not redirect"
                title = html.unescape(_H1.search(page).group(1).strip())
                assert title == article["title"], f"{path} -> {final}: {title!r}"
        for article in RESTRICTED:
            status, _, _ = server.request("GET", urlsplit(article["html_url"]).path)
            assert status == 404


def test_translations_are_linked_to_their_original(imported):
    project, _, _ = imported
    page = (
        project / "site/de/orders-shipping/tracking/how-to-track-your-order/index.html"
    ).read_text()
    assert '<html lang="de"' in page
    assert 'hreflang="en-us" href="/orders-shipping/tracking/how-to-track-your-order/"' in page


def test_into_a_project_without_languages(tmp_path, run_cli):
    """A project of one language: translations still get their own URLs, through lang and slug."""
    project = tmp_path / "help"
    (project / "content").mkdir(parents=True)
    (project / "helpgen.yml").write_text("site_name: Acme\nlanguage: en-us\n")
    code, _, err = run_cli("import", "zendesk", ZENDESK_EXPORT, project)
    assert code == 0, err
    assert (
        "warning: helpgen.yml: 'de' is not in `languages`: its articles carry `lang` and a `slug` "
        "(hint: add de "
        "to languages (docs/i18n.md) and import again with --force)"
    ) in problem_lines(err)
    text = (project / "content/de/orders-shipping/tracking/how-to-track-your-order.md").read_text()
    assert "lang: de\nslug: /orders-shipping/tracking/how-to-track-your-order\n" in text
    assert yaml.safe_load((project / "content/de/_category.yml").read_text()) == {
        "title": "de",
        "order": 1000,
    }
    code, _, err = run_cli("build", project, "--strict")
    assert code == 0, err
    assert (
        project / "site/de/orders-shipping/tracking/how-to-track-your-order/index.html"
    ).is_file()


def test_articles_list_alone(tmp_path, run_cli):
    export = tmp_path / "articles.json"
    export.write_text(json.dumps(PUBLIC[:2]), encoding="utf-8")
    code, _, err = run_cli("import", "zendesk", export, tmp_path / "help")
    assert code == 0, err
    content = tmp_path / "help/content"
    assert sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md")) == [
        "articles/how-to-track-your-order.md",
        "de/articles/how-to-track-your-order.md",
    ]
    assert any(
        "the export has no sections; articles went to articles/" in line
        for line in problem_lines(err)
    )


def test_existing_articles_are_not_overwritten(imported, run_cli):
    project, _, _ = imported
    page = project / "content/orders-shipping/tracking/where-is-my-order.md"
    page.write_text("# Edited by hand\n")
    code, _, err = run_cli("import", "zendesk", ZENDESK_EXPORT, project)
    assert code == 0, err
    assert page.read_text() == "# Edited by hand\n"
    assert (
        f"warning: {page}: exists already; not overwritten (hint: --force replaces it)"
        in problem_lines(err)
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"articles": [', ":1:15: not valid JSON: Expecting value"),
        ('{"posts": []}', 'expected a JSON object with an "articles" list'),
        ('{"articles": [{"title": "No id"}]}', 'articles: every entry needs a numeric "id"'),
    ],
)
def test_bad_exports_are_explained(tmp_path, run_cli, text, message):
    export = tmp_path / "export.json"
    export.write_text(text, encoding="utf-8")
    code, _, err = run_cli("import", "zendesk", export, tmp_path / "help")
    assert code == 2 and "Traceback" not in err
    assert message in err


def test_an_unknown_locale_is_refused(tmp_path, run_cli):
    code, _, err = run_cli("import", "zendesk", ZENDESK_EXPORT, tmp_path / "help", "--locale", "fr")
    assert code == 2 and not (tmp_path / "help").exists()
    assert (
        "--locale fr: no article of zendesk-export.json is in that locale (hint: it has de, en-us)"
        in err
    )


def test_old_paths():
    assert old_paths(
        "https://acme.zendesk.com/hc/en-us/articles/360001234-How-to-return", 360001234
    ) == ["/hc/en-us/articles/360001234-How-to-return", "/hc/en-us/articles/360001234"]
    assert old_paths("https://help.acme.example/hc/articles/42", 42) == ["/hc/articles/42"]
    assert old_paths("", 1) == []


def test_html_to_markdown_escapes_nothing_it_should_keep():
    assert (
        html_to_markdown("<h2>Sizes</h2><p>Use <code>size_chart</code> and <em>fit</em>.</p>")
        == "## Sizes\n\nUse `size_chart` and *fit*."
    )


def test_script_links_become_text():
    html = (
        '<p>a<script>alert(1)</script> <a href=" JavaScript:alert(1)">x</a> <a '
        'href="tel:+3120">call</a></p>'
    )
    assert html_to_markdown(html) == "a x [call](tel:+3120)"
