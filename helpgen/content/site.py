"""The loaded help center: every article and category, with lookups by source and URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from helpgen.config import Project
from helpgen.content.article import Article, Category
from helpgen.content.urls import language_prefix


@dataclass
class Site:
    """What the content stage hands to the later ones. Articles are sorted by source path."""

    project: Project
    articles: list[Article]
    categories: dict[tuple[str, ...], Category]
    assets: list[str] = field(default_factory=list)
    """Non-markdown files under content_dir (images, PDFs), copied as they are."""
    audience: str = "public"
    day: dt.date | None = None
    """The date the site is built for: what is in season, which banner shows."""
    fallbacks: list[Article] = field(default_factory=list)
    """Stand-in pages, in another language, of default-language articles not translated into
    it (`Article.fallback_of`): listed in that language's categories, nowhere else."""

    @property
    def languages(self) -> tuple[str, ...]:
        """The site's languages, the default first."""
        return self.project.config.site_languages

    def home(self, lang: str) -> str:
        """Site path of a language's home page: `` or `id/`."""
        config = self.project.config
        return language_prefix(lang, config.language, config.default_language_at_root)

    def root_of(self, lang: str) -> tuple[str, ...]:
        """The category path of a language's tree: () for the default language, ('id',) for id."""
        return () if lang == self.project.config.language else (lang,)

    def language_of(self, path: tuple[str, ...]) -> str:
        """The language whose tree a category path is in."""
        return path[0] if path and path[0] in self.languages[1:] else self.project.config.language

    @cached_property
    def versions(self) -> dict[str, dict[str, Article]]:
        """Translation key -> language -> the listed article (or stand-in page) in that language."""
        found: dict[str, dict[str, Article]] = {}
        for article in self.listed + self.fallbacks:
            found.setdefault(article.key, {}).setdefault(article.lang, article)
        return found

    def translations(self, article: Article) -> dict[str, Article]:
        """The real versions of an article in each language it was written in, itself included."""
        if article.fallback_of or not article.listed:
            return {}
        return {
            lang: a for lang, a in self.versions.get(article.key, {}).items() if not a.fallback_of
        }

    @cached_property
    def by_source(self) -> dict[str, Article]:
        return {a.source: a for a in self.articles}

    @cached_property
    def by_url(self) -> dict[str, Article]:
        return {a.url: a for a in self.articles}

    @cached_property
    def listed(self) -> list[Article]:
        """Articles shown in listings, sitemap and search: not drafts."""
        return [a for a in self.articles if a.listed]

    def articles_in(self, path: tuple[str, ...]) -> list[Article]:
        """Listed articles directly in a category folder, in reading order (order, then title)."""
        return sorted(
            (a for a in self.listed + self.fallbacks if a.category == path), key=_reading_order
        )

    def subcategories(self, path: tuple[str, ...]) -> list[Category]:
        """Categories directly below `path`, in their configured order, then by title (another
        language's tree is no category of the default language's home)."""
        subs = [
            c
            for p, c in self.categories.items()
            if len(p) == len(path) + 1
            and p[: len(path)] == path
            and (path or p[0] not in self.languages[1:])
        ]
        return sorted(
            subs, key=lambda c: (c.order if c.order is not None else 10**6, c.title.lower())
        )

    def has_own(self, path: tuple[str, ...]) -> bool:
        """Whether a category holds an article of its own language (else only stand-in pages:
        it is then kept out of search engines, docs/i18n.md)."""
        return any(a.category[: len(path)] == path for a in self.listed)

    def count_below(self, path: tuple[str, ...]) -> int:
        """Listed articles in a category and all its sections."""
        return sum(1 for a in self.listed + self.fallbacks if a.category[: len(path)] == path)


def _reading_order(article: Article) -> tuple:
    return (
        article.order if article.order is not None else 10**6,
        article.title.lower(),
        article.source,
    )
