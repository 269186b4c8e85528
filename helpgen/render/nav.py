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
    """Prev/next within each category's reading order and related articles, by source path.

    Linear in the site: each category's source set and every article's alphabetical rank are
    computed once, so scoring a candidate is integer arithmetic (issue #21, 10,000 articles)."""
    nav: dict[str, ArticleNav] = {}
    by_tag: dict[str, list[Article]] = defaultdict(list)
    for article in site.listed:
        for tag in {t.lower() for t in article.tags}:
            by_tag[tag].append(article)
    rank = {a.source: i for i, a in enumerate(sorted(site.listed, key=_alphabetical))}
    for path in site.categories:
        ordered = site.articles_in(path)
        alphabetical = sorted(ordered, key=_alphabetical)
        sources = {other.source for other in ordered}
        for i, article in enumerate(ordered):
            nav[article.source] = ArticleNav(
                prev=ordered[i - 1] if i > 0 else None,
                next=ordered[i + 1] if i + 1 < len(ordered) else None,
                related=_related(article, sources, alphabetical, by_tag, rank, related_count),
            )
    return nav


def _alphabetical(article: Article) -> tuple[str, str]:
    return article.title.lower(), article.source


def _related(article: Article, sources: set[str], alphabetical: list[Article], by_tag: dict,
             rank: dict[str, int], count: int) -> tuple[Article, ...]:
    """Articles sharing the most tags (two points a tag, one more for a sibling), then siblings
    of the same category (one point), alphabetically within a score; never itself.

    Only articles sharing a tag are scored one by one: every other sibling has one point, so
    they come after, in `alphabetical` order, as many as are still wanted. `rank` is each
    listed article's place in the site-wide alphabetical order, the tie-break as one int."""
    score: dict[str, int] = defaultdict(int)
    pool: dict[str, Article] = {}
    for tag in {t.lower() for t in article.tags}:
        for other in by_tag[tag][:200]:  # a tag on every article says nothing; cap the work
            score[other.source] += 2
            pool[other.source] = other
    score.pop(article.source, None)
    # One int per candidate orders by score (higher first), then alphabetically.
    span = len(rank)
    keys = [(rank[s] - (points + (s in sources)) * span, s) for s, points in score.items()]
    best = [pool[s] for _, s in heapq.nsmallest(count, keys)]
    for other in alphabetical:
        if len(best) >= count:
            break
        if other.source != article.source and other.source not in score:
            best.append(other)
    return tuple(best)
