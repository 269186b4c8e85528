"""The loaded help center: every article and category, with lookups by source and URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from helpgen.config import Project
from helpgen.content.article import Article, Category


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
        return sorted((a for a in self.listed if a.category == path), key=_reading_order)

    def subcategories(self, path: tuple[str, ...]) -> list[Category]:
        """Categories directly below `path`, in their configured order, then by title."""
        subs = [c for p, c in self.categories.items() if len(p) == len(path) + 1 and p[: len(path)] == path]
        return sorted(subs, key=lambda c: (c.order if c.order is not None else 10**6, c.title.lower()))

    def count_below(self, path: tuple[str, ...]) -> int:
        """Listed articles in a category and all its sections."""
        return sum(1 for a in self.listed if a.category[: len(path)] == path)


def _reading_order(article: Article) -> tuple:
    return (article.order if article.order is not None else 10**6, article.title.lower(), article.source)
