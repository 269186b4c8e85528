"""Navigation computed once per site: breadcrumbs, previous/next and related articles.

Each page gets only what it shows (STYLE.md: no site-wide nav in every page).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from helpgen.content import Article, Site


@dataclass(frozen=True)
class ArticleNav:
    prev: Article | None
    next: Article | None
    related: tuple[Article, ...]


def build_nav(site: Site, related_count: int = 5) -> dict[str, ArticleNav]:
    """Prev/next within each category's reading order and related articles, by source path."""
    nav: dict[str, ArticleNav] = {}
    by_tag: dict[str, list[Article]] = defaultdict(list)
    for article in site.listed:
        for tag in {t.lower() for t in article.tags}:
            by_tag[tag].append(article)
    for path in site.categories:
        ordered = site.articles_in(path)
        for i, article in enumerate(ordered):
            nav[article.source] = ArticleNav(
                prev=ordered[i - 1] if i > 0 else None,
                next=ordered[i + 1] if i + 1 < len(ordered) else None,
                related=_related(article, ordered, by_tag, related_count),
            )
    return nav


def _related(article: Article, siblings: list[Article], by_tag: dict, count: int) -> tuple[Article, ...]:
    """Articles sharing the most tags, then siblings of the same category; never itself."""
    score: dict[str, int] = defaultdict(int)
    pool: dict[str, Article] = {}
    for tag in {t.lower() for t in article.tags}:
        for other in by_tag[tag][:200]:  # a tag on every article says nothing; cap the work
            score[other.source] += 2
            pool[other.source] = other
    for other in siblings:
        score[other.source] += 1
        pool[other.source] = other
    score.pop(article.source, None)
    best = heapq.nsmallest(count, score, key=lambda s: (-score[s], pool[s].title.lower(), s))
    return tuple(pool[s] for s in best)
