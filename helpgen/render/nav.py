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

    Linear in the site (issue #21, 10,000 articles): every article's alphabetical rank, each
    category's source set and each tag's candidates in score order are computed once."""
    nav: dict[str, ArticleNav] = {}
    by_tag: dict[str, list[Article]] = defaultdict(list)
    for article in site.listed:
        for tag in {t.lower() for t in article.tags}:
            by_tag[tag].append(article)
    # a tag on every article says nothing: only its first 200 articles are candidates
    capped = {tag: {a.source: a for a in articles[:200]} for tag, articles in by_tag.items()}
    rank = {a.source: i for i, a in enumerate(sorted(site.listed, key=_alphabetical))}
    for path in site.categories:
        ordered = site.articles_in(path)
        scorer = _Scorer(capped, rank, {other.source for other in ordered})
        alphabetical = sorted(ordered, key=_alphabetical)
        for i, article in enumerate(ordered):
            nav[article.source] = ArticleNav(
                prev=ordered[i - 1] if i > 0 else None,
                next=ordered[i + 1] if i + 1 < len(ordered) else None,
                related=_related(article, alphabetical, scorer, related_count),
            )
    return nav


def _alphabetical(article: Article) -> tuple[str, str]:
    return article.title.lower(), article.source


class _Scorer:
    """Candidates of one category's articles: two points a shared tag, one more for a sibling,
    alphabetically (by site-wide `rank`) within a score. Each tag's candidates are sorted once
    for the category, so an article with one tag costs only the walk to its first few."""

    def __init__(
        self, capped: dict[str, dict[str, Article]], rank: dict[str, int], sources: set[str]
    ) -> None:
        self.capped, self.rank, self.sources = capped, rank, sources
        self._sorted: dict[str, list[str]] = {}

    def key(self, source: str, tags: list[str]) -> tuple[int, int]:
        points = 2 * sum(source in self.capped[t] for t in tags) + (source in self.sources)
        return -points, self.rank[source]

    def single_key(self, source: str) -> tuple[int, int]:
        """The key of a candidate sharing exactly one tag."""
        return -2 - (source in self.sources), self.rank[source]

    def in_order(self, tag: str) -> list[str]:
        """The tag's candidates by one-tag score (siblings first), then alphabetically."""
        if tag not in self._sorted:
            self._sorted[tag] = sorted(self.capped[tag], key=self.single_key)
        return self._sorted[tag]


def _related(
    article: Article, alphabetical: list[Article], scorer: _Scorer, count: int
) -> tuple[Article, ...]:
    """Articles sharing the most tags (two points a tag, one more for a sibling), then siblings
    of the same category (one point), alphabetically within a score; never itself.

    Candidates sharing two or more tags outscore all others and are few: they are ranked one
    by one. Those sharing one tag come next, merged from the tags' presorted lists. Every other
    sibling has one point, so they come last, in `alphabetical` order, as many as wanted."""
    tags = [t for t in {t.lower() for t in article.tags} if t in scorer.capped]
    sets = [scorer.capped[t].keys() for t in tags]
    multi = set().union(*(a & b for i, a in enumerate(sets) for b in sets[i + 1 :]))
    multi.discard(article.source)
    best = sorted(multi, key=lambda s: scorer.key(s, tags))[:count]
    singles = heapq.merge(*(scorer.in_order(t) for t in tags), key=scorer.single_key)
    for source in singles:
        if len(best) >= count:
            break
        if source != article.source and source not in multi:
            best.append(source)
    found = [_article(scorer.capped, tags, s) for s in best]
    for other in alphabetical:
        if len(found) >= count:
            break
        if other.source != article.source and not any(other.source in s for s in sets):
            found.append(other)
    return tuple(found)


def _article(capped: dict[str, dict[str, Article]], tags: list[str], source: str) -> Article:
    return next(capped[t][source] for t in tags if source in capped[t])
