"""Which page is the same page in another language: hreflang alternates and the language switcher.

One source for pages (`<link rel="alternate" hreflang>`, the switcher) and the sitemap
(`<xhtml:link>`), so both always agree and every alternate set is reciprocal: the pages of
one set (an article's translations, a category in each tree, the language homes) each
list the whole set, themselves and `x-default` (the default language's page) included.

Stand-in pages of untranslated articles, drafts and expired articles are noindex: they are
in no set, and the switcher still offers every language (docs/i18n.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from helpgen.content import Article, Category, Site
from helpgen.render.locale import language_name

X_DEFAULT = "x-default"


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher."""

    code: str
    name: str
    url: str
    current: bool
    translated: bool
    """Whether the link leads to this page in that language (else to that language's home)."""


def home_set(site: Site) -> dict[str, str]:
    """Language -> site path of its home page."""
    return {lang: site.home(lang) for lang in site.languages}


def category_set(site: Site, category: Category, indexed: bool = True) -> dict[str, str]:
    """Language -> site path of the same category in each language's tree. `indexed`: only
    categories with articles of their own language (none when this one has only stand-ins)."""
    if indexed and not site.has_own(category.path):
        return {}
    lang = site.language_of(category.path)
    inner = category.path[len(site.root_of(lang)) :]
    found = {}
    for other in site.languages:
        twin = site.categories.get(site.root_of(other) + inner)
        if twin is not None and twin.path and (not indexed or site.has_own(twin.path)):
            found[other] = twin.url
    return found


def article_set(site: Site, article: Article, day=None) -> dict[str, str]:
    """Language -> site path of each indexable translation of an article (none when it is not
    indexable)."""
    versions = site.translations(article)
    if day is not None:
        versions = {lang: a for lang, a in versions.items() if a.season(day) == "in"}
    return {lang: a.url for lang, a in versions.items()} if article.lang in versions else {}


def hreflang(site: Site, paths: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(hreflang, site path) pairs of a set, `x-default` last; none for a set of one language."""
    if len(paths) < 2:
        return ()
    pairs = [(lang, paths[lang]) for lang in site.languages if lang in paths]
    default = paths.get(site.languages[0])
    return tuple(pairs + ([(X_DEFAULT, default)] if default is not None else []))


def switcher(site: Site, current: str, targets: dict[str, str]) -> tuple[LanguageLink, ...]:
    """Every language of a multilingual site: this page in it, else that language's home."""
    if len(site.languages) < 2:
        return ()  # and no language's name looked up: babel's locale data is slow to load
    return tuple(
        LanguageLink(
            lang,
            language_name(lang),
            targets.get(lang, site.home(lang)),
            lang == current,
            lang in targets,
        )
        for lang in site.languages
    )


def article_targets(site: Site, article: Article) -> dict[str, str]:
    """Where the switcher of an article page goes: its version (or stand-in page) in each
    language."""
    original = site.by_source.get(article.fallback_of) if article.fallback_of else article
    return (
        {lang: a.url for lang, a in site.versions.get(original.key, {}).items()} if original else {}
    )
