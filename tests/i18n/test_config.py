"""`languages`, `default_language_at_root` and `localized` in helpgen.yml, on small sites."""

from __future__ import annotations

from html.parser import HTMLParser

ARTICLE = "---\ntitle: {title}\n---\n{body}\n"
FILES = {
    "returns/start.md": ARTICLE.format(
        title="Start a return", body="Send it back. See [refunds](refunds.md)."
    ),
    "returns/refunds.md": ARTICLE.format(title="Refunds", body="Money back in 5 days."),
    "id/returns/start.md": ARTICLE.format(
        title="Mulai pengembalian", body="Kirim kembali. Lihat [dana](refunds.md)."
    ),
    "id/returns/_category.yml": "title: Pengembalian\n",
}


def test_languages_must_include_the_default(tmp_path, make_site, run_cli):
    make_site(tmp_path, FILES, {"languages": ["id", "fr"]})
    code, _, err = run_cli("build", str(tmp_path))
    assert code == 2
    assert "languages: must include the default language 'en'" in err and "Traceback" not in err


def test_localized_names_only_languages_of_the_site(tmp_path, make_site, run_cli):
    make_site(
        tmp_path, FILES, {"languages": ["en", "id"], "localized": {"fr": {"description": "Aide"}}}
    )
    code, _, err = run_cli("build", str(tmp_path))
    assert code == 2 and "localized: fr is not one of the other `languages` (id)" in err


def test_without_languages_a_language_folder_is_a_category(tmp_path, make_site, build_site):
    make_site(tmp_path, FILES)
    result = build_site(tmp_path)
    site = tmp_path / "site"
    assert result.written and (site / "id" / "returns" / "start" / "index.html").is_file()
    assert (
        not (site / "id" / "search").exists()
        and 'hreflang="id"' not in (site / "index.html").read_text()
    )


def test_the_default_language_under_its_own_prefix(tmp_path, make_site, build_site):
    make_site(tmp_path, FILES, {"languages": ["en", "id"], "default_language_at_root": False})
    result = build_site(tmp_path)
    assert result.written and not result.report.problems
    site = tmp_path / "site"
    for path in (
        "en/index.html",
        "en/search/index.html",
        "en/returns/index.html",
        "en/returns/start/index.html",
        "id/index.html",
        "id/returns/start/index.html",
        "id/returns/refunds/index.html",
    ):
        assert (site / path).is_file(), path
    assert (
        'http-equiv="refresh"' in (site / "index.html").read_text()
        and "/en/" in (site / "index.html").read_text()
    )
    english = (site / "en" / "returns" / "start" / "index.html").read_text()
    assert (
        '<link rel="alternate" hreflang="x-default" '
        'href="https://help.example.com/en/returns/start/">' in english
    )
    assert 'href="/en/returns/refunds/"' in english
    indonesian = (site / "id" / "returns" / "start" / "index.html").read_text()
    assert 'href="/id/returns/refunds/"' in indonesian  # a stand-in page, linked by its path
    assert "<loc>https://help.example.com/en/</loc>" in (site / "sitemap.xml").read_text()


def test_a_translation_linked_by_front_matter_id(tmp_path, make_site, build_site):
    files = {
        "shipping.md": "---\ntitle: Shipping\nid: shipping\n---\nWe ship.\n",
        "id/kirim.md": "---\ntitle: Pengiriman\nid: shipping\n---\nKami mengirim.\n",
    }
    make_site(tmp_path, files, {"languages": ["en", "id"]})
    result = build_site(tmp_path)
    assert result.written
    english = (tmp_path / "site" / "shipping" / "index.html").read_text()
    assert (
        '<link rel="alternate" hreflang="id" href="https://help.example.com/id/kirim/">' in english
    )
    assert not (tmp_path / "site" / "id" / "shipping").exists()  # translated: no stand-in
    ids = {a.id for a in result.site.articles}
    assert ids == {"shipping", "id/shipping"}  # unique, for search and feedback


def test_front_matter_lang_disagreeing_with_the_folder_is_a_warning(
    tmp_path, make_site, build_site
):
    files = {
        "a.md": ARTICLE.format(title="A", body="x"),
        "id/a.md": "---\ntitle: A\nlang: fr\n---\nx\n",
    }
    make_site(tmp_path, files, {"languages": ["en", "id"]})
    result = build_site(tmp_path)
    assert [str(p) for p in result.report.problems] == [
        "content/id/a.md:3: front matter: lang 'fr' in the 'id' folder; the folder decides "
        "(hint: remove `lang` or move the file out of id/)"
    ]


def test_a_redirect_to_an_indonesian_article_speaks_indonesian(tmp_path, make_site, build_site):
    files = {
        **FILES,
        "id/returns/start.md": "---\ntitle: Mulai\nredirect_from: [/lama/retur/]\n---\nKirim "
        "kembali.\n",
    }
    make_site(tmp_path, files, {"languages": ["en", "id"]})
    assert build_site(tmp_path).written
    page = (tmp_path / "site" / "lama" / "retur" / "index.html").read_text()
    assert (
        '<html lang="id">' in page
        and "Halaman ini sudah dipindahkan" in page
        and "url=/id/returns/start/" in page
    )


def test_adding_a_language_rebuilds_the_articles_over_the_cache(tmp_path, make_site, build_site):
    make_site(tmp_path, FILES)
    assert build_site(tmp_path).written
    page = tmp_path / "site" / "id" / "returns" / "start" / "index.html"
    assert '<html lang="en">' in page.read_text()  # an ordinary folder named id
    make_site(tmp_path, {}, {"languages": ["en", "id"]})
    result = build_site(tmp_path)
    assert result.written and result.cached == 0
    assert '<html lang="id">' in page.read_text()


class Switcher(HTMLParser):
    """The language switcher's links of a page: (lang attribute, hreflang, text) each."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[list[str]] = []
        self._in_switcher = self._in_link = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and "hg-languages" in a.get("class", ""):
            self._in_switcher = True
        elif tag == "a" and self._in_switcher:
            self._in_link = True
            self.links.append([a.get("lang"), a.get("hreflang"), ""])

    def handle_data(self, data):
        if self._in_link:
            self.links[-1][2] += data

    def handle_endtag(self, tag):
        self._in_switcher = self._in_switcher and tag != "nav"
        self._in_link = self._in_link and tag != "a"


def test_the_switcher_names_each_language_in_itself(tmp_path, make_site, build_site):
    """Indonesians call their language "Bahasa Indonesia" (CLDR says only "Indonesia"); every
    name is in its own language on every page, with `lang` so a screen reader says it right."""
    make_site(tmp_path, FILES, {"languages": ["en", "id", "de", "fr"]})
    assert build_site(tmp_path).written
    expected = [
        ["en", "en", "English"],
        ["id", "id", "Bahasa Indonesia"],
        ["de", "de", "Deutsch"],
        ["fr", "fr", "Français"],
    ]
    for page in ("returns/start", "id/returns/start", "de", "fr/search"):
        html = (tmp_path / "site" / page / "index.html").read_text(encoding="utf-8")
        assert Switcher(html).links == expected, page
