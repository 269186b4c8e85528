"""Whole pages: the theme's templates filled with view objects. One function per page kind."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from markupsafe import Markup

from helpgen.config import Project
from helpgen.content import Article, Category, Site
from helpgen.render import seo
from helpgen.render.links import LinkTargets, resolve_links
from helpgen.render.nav import ArticleNav
from helpgen.render.rendered import Rendered
from helpgen.render.sections import faq_page_pairs
from helpgen.render.theme import Theme
from helpgen.render.views import (AlternateView, ArticleView, CategoryView, LinkView, PageMeta, SiteView, Urls,
                                  article_link, category_card, reading_minutes, toc_of)


@dataclass(frozen=True)
class Page:
    """A page ready to render. Its `key` changes whenever its HTML could, so an unchanged
    page is neither rendered nor written again on a rebuild."""

    theme: Theme
    template: str
    context: dict

    @property
    def key(self) -> str:
        digest = hashlib.sha256(f"{self.theme.fingerprint}\0{self.template}\0".encode())
        digest.update(repr(sorted(self.context.items())).encode())
        return digest.hexdigest()

    def html(self) -> str:
        return self.theme.render(self.template, **self.context)


@dataclass
class PageContext:
    """Everything page rendering needs, computed once per build."""

    project: Project
    site: Site
    theme: Theme
    urls: Urls
    site_view: SiteView
    rendered: dict[str, Rendered]
    descriptions: dict[str, str]
    nav: dict[str, ArticleNav]
    targets: LinkTargets

    def link(self, article: Article):
        return article_link(article, self.descriptions[article.source], self.urls)

    def render(self, template: str, meta: PageMeta, **context) -> "Page":
        context = {"site": self.site_view, "page": meta, "breadcrumbs": context.pop("breadcrumbs", ()), **context}
        return Page(self.theme, template, context)

    def meta(self, kind: str, title: str | None, description: str, path: str | None, **kw) -> PageMeta:
        canonical = self.urls.absolute(path) if path is not None else None
        return PageMeta(kind, seo.page_title(self.project, title), description, canonical, **kw)

    def crumbs(self, category: tuple[str, ...]) -> tuple[LinkView, ...]:
        trail = [LinkView(self.project.config.site_name, self.urls.page(""))]
        for i in range(1, len(category) + 1):
            cat = self.site.categories[category[:i]]
            trail.append(LinkView(cat.title, self.urls.page(cat.url)))
        return tuple(trail)


def render_home(ctx: PageContext) -> Page:
    c = ctx.project.config
    cards = [category_card(ctx.site, cat, ctx.urls) for cat in ctx.site.subcategories(())]
    featured = [ctx.link(a) for path in c.featured if (a := ctx.site.by_source.get(f"{path}.md"))]
    meta = ctx.meta("home", None, c.description or c.site_name, "",
                    jsonld=seo.home_jsonld(ctx.project, ctx.urls, ctx.site_view.logo_url))
    return ctx.render("home.html", meta, categories=cards, featured=featured)


def render_category(ctx: PageContext, category: Category) -> Page:
    view = CategoryView(
        title=category.title, description=category.description, icon=category.icon, url=ctx.urls.page(category.url),
        sections=tuple(category_card(ctx.site, s, ctx.urls) for s in ctx.site.subcategories(category.path)),
        articles=tuple(ctx.link(a) for a in ctx.site.articles_in(category.path)),
    )
    meta = ctx.meta("category", category.title, category.description or category.title, category.url)
    return ctx.render("category.html", meta, category=view, breadcrumbs=ctx.crumbs(category.path))


def render_article(ctx: PageContext, article: Article, alternates: tuple[AlternateView, ...] = ()) -> Page:
    rendered = ctx.rendered[article.source]
    nav = ctx.nav.get(article.source)
    link = ctx.link(article)
    crumbs = ctx.crumbs(article.category) + (LinkView(article.title, link.url),)
    toc, show_toc = toc_of(rendered, ctx.project.config.toc_min_headings)
    updated = article.updated.isoformat() if article.updated else None
    expired = ctx.site.day is not None and article.season(ctx.site.day) == "after"
    view = ArticleView(
        id=article.id, title=article.title, html=Markup(resolve_links(rendered.html, ctx.targets, ctx.urls)),
        toc=toc, show_toc=show_toc, updated=updated, updated_display=_display_date(article.updated),
        reading_minutes=reading_minutes(rendered), tags=article.tags,
        prev=ctx.link(nav.prev) if nav and nav.prev else None, next=ctx.link(nav.next) if nav and nav.next else None,
        related=tuple(ctx.link(a) for a in nav.related) if nav else (),
        category=crumbs[-2] if len(crumbs) > 2 else None, meta=article.meta, internal=article.internal,
        draft=article.draft, valid_until=article.valid_until.isoformat() if article.valid_until else None,
        expired=expired,
    )
    meta = ctx.meta("article", article.title, link.description, article.url, og_type="article",
                    noindex=article.internal or article.draft or expired, alternates=alternates,
                    jsonld=seo.article_jsonld(ctx.project, ctx.urls, link, updated, crumbs,
                                              faq_page_pairs(list(rendered.sections)) if article.type == "faq" else None))
    return ctx.render("article.html", meta, article=view, breadcrumbs=crumbs)


def render_feedback(theme: Theme, article_id: str, endpoint: str) -> str:
    """The "Was this article helpful?" block alone, for pages helpgen does not render (the MkDocs plugin)."""
    return theme.render("partials/feedback.html", article={"id": article_id}, site={"feedback_endpoint": endpoint})


def render_search(ctx: PageContext) -> Page:
    meta = ctx.meta("search", ctx.theme.t("search.title"), ctx.project.config.description or ctx.theme.t("search.intro"), "search/")
    return ctx.render("search.html", meta)


def render_not_found(ctx: PageContext) -> Page:
    meta = ctx.meta("404", ctx.theme.t("not_found.title"), ctx.theme.t("not_found.text"), None, noindex=True)
    return ctx.render("404.html", meta)


def render_redirect(ctx: PageContext, target: str) -> Page:
    meta = PageMeta("redirect", seo.page_title(ctx.project, ctx.theme.t("redirect.title")), "", ctx.urls.absolute(target[len(ctx.urls.base):]) if target.startswith(ctx.urls.base) else None, noindex=True)
    return ctx.render("redirect.html", meta, target=target)


def _display_date(day: dt.date | None) -> str | None:
    return f"{day:%B} {day.day}, {day.year}" if day else None
