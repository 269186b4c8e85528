"""Fill in the `helpgen:` link markers once the whole site is known, and report broken ones."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from helpgen.content import Article, Site
from helpgen.content.urls import normalize_url_path
from helpgen.errors import Problem
from helpgen.render.extensions import MARKER
from helpgen.render.rendered import Link, Rendered
from helpgen.render.views import Urls

_MARKED = re.compile(rf'(href|src)="{MARKER}(src|url|asset):([^"#]*)(#[^"]*)?"')


@dataclass
class LinkTargets:
    """What internal links may point at: articles by source and URL, categories, files."""

    site: Site
    anchors: dict[str, frozenset[str]]
    """Ids in each article's body, by source path."""
    extra_urls: set[str] = field(default_factory=set)
    """Other pages the build writes (home, search, categories)."""

    def __post_init__(self):
        self.assets = set(self.site.assets)
        self.category_urls = {c.url for c in self.site.categories.values()}
        self.redirects = {
            normalize_url_path(old): a for a in self.site.articles for old in a.redirect_from
        }
        # a translation may link to an article not yet translated: its stand-in page (docs/i18n.md)
        self.stand_ins = {a.source: a for a in self.site.fallbacks}
        self.stand_in_urls = {a.url: a for a in self.site.fallbacks}

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever `find` could answer differently: a digest of everything it reads.
        (Anchors are not in it: `find` does not read them.)"""

        def urls(mapping):
            return sorted((k, a.url) for k, a in mapping.items())

        state = (
            urls(self.site.by_source),
            urls(self.site.by_url),
            urls(self.redirects),
            urls(self.stand_ins),
            urls(self.stand_in_urls),
            sorted(self.assets),
            sorted(self.category_urls),
            sorted(self.extra_urls),
        )
        return hashlib.sha256(repr(state).encode()).hexdigest()

    def find(self, link: Link) -> tuple[str | None, Article | None]:
        """The site path a link resolves to and the article there (None, None if broken)."""
        if link.kind == "src":
            article = self.site.by_source.get(link.target) or self.stand_ins.get(link.target)
            return (article.url, article) if article else (None, None)
        if link.target in self.assets:
            return link.target, None
        path = normalize_url_path(link.target)
        article = (
            self.site.by_url.get(path) or self.redirects.get(path) or self.stand_in_urls.get(path)
        )
        if article:
            return article.url, article
        if path in self.category_urls or path in self.extra_urls:
            return path, None
        return None, None


def site_link_targets(site: Site, rendered: dict[str, Rendered]) -> LinkTargets:
    """What links in `site` may point at: its articles (with their ids), categories, files,
    and the pages every build writes (home, search)."""
    homes = {site.home(lang) for lang in site.languages}
    return LinkTargets(
        site,
        {s: r.anchors for s, r in rendered.items()},
        extra_urls={"", "search/"} | homes | {f"{home}search/" for home in homes},
    )


def check_links(
    article: Article, rendered: Rendered, targets: LinkTargets, shown: str
) -> list[Problem]:
    """Warnings for links to missing articles, files or anchors."""
    problems = []
    for link in rendered.links:
        if link.kind == "anchor":
            if link.fragment not in rendered.anchors:
                problems.append(
                    _broken(
                        shown,
                        link,
                        f"no heading or id '#{link.fragment}' in this article",
                        "broken-anchor",
                    )
                )
            continue
        path, target = targets.find(link)
        if path is None:
            problems.append(_broken(shown, link, "no such article or file in the content folder"))
        elif (
            link.fragment
            and target is not None
            and link.fragment not in targets.anchors.get(target.fallback_of or target.source, ())
        ):
            problems.append(
                _broken(
                    shown,
                    link,
                    f"{target.source} has no heading or id '#{link.fragment}'",
                    "broken-anchor",
                )
            )
    return problems


def _broken(shown: str, link: Link, why: str, code: str = "broken-link") -> Problem:
    return Problem(
        shown,
        link.line,
        f"broken link '{link.raw}': {why}",
        severity="warning",
        code=code,
        hint="fix the path (links to articles may use their .md file path)",
    )


def resolve_links(html: str, targets: LinkTargets, urls: Urls) -> str:
    """Replace every marker with the URL it resolves to; a broken one keeps the path as written."""

    def replace(m: re.Match) -> str:
        attr, kind, target, fragment = m.group(1), m.group(2), m.group(3), m.group(4) or ""
        path, _ = targets.find(Link(kind, target, "", "", None))
        url = urls.page(path) if path is not None else urls.page(target)
        return f'{attr}="{url}{fragment}"'

    return _MARKED.sub(replace, html)
