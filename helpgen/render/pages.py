"""Whole pages: the theme's templates filled with view objects. One function per page kind."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from functools import cached_property

from helpgen.config import Project
from helpgen.content import Article, Category, Site
from helpgen.render import languages, seo
from helpgen.render.links import LinkTargets, resolve_links
from helpgen.render.locale import display_date
from helpgen.render.nav import ArticleNav
from helpgen.render.rendered import Rendered
from helpgen.render.sections import faq_page_pairs
from helpgen.render.theme import Theme
from helpgen.render.views import (
    AlternateView,
    ArticleLink,
    ArticleView,
    CategoryView,
    LinkView,
    PageMeta,
    SiteView,
    Urls,
    article_link,
    category_card,
    reading_minutes,
    site_view,
    toc_of,
)


@dataclass(frozen=True)
class Page:
    """A page ready to render. Its `key` changes whenever its HTML could, so an unchanged
    page is neither rendered nor written again on a rebuild: it is a digest of the theme
    (templates and all), the template's name and the view data handed to it, whatever
    fields that data comes to have."""

    theme: Theme
    template: str
    context: dict

    @cached_property
    def key(self) -> str:
        digest = hashlib.sha256(f"{self.theme.fingerprint}\0{self.template}\0".encode())
        digest.update(repr(sorted(self.context.items())).encode())
        return digest.hexdigest()

    def html(self) -> str:
        return self.theme.render(self.template, **self.context)


@dataclass(frozen=True)
class ArticleHtml:
    """An article's body with its internal links resolved when the template writes it
    (`__html__`). Its repr, which a page's key reads, is a digest of what that HTML is made
    from: so making every page's context on a rebuild, to compare keys, resolves no links."""

    html: str
    targets: LinkTargets
    urls: Urls

    def __html__(self) -> str:
        return resolve_links(self.html, self.targets, self.urls)

    def __repr__(self) -> str:
        body = hashlib.sha256(self.html.encode()).hexdigest()
        return f"ArticleHtml({body}, {self.targets.fingerprint}, {self.urls.base!r})"


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
    views: dict[str, SiteView] = field(default_factory=dict)
    links: dict[str, ArticleLink] = field(default_factory=dict)
    """Each article's link, made once: a rebuild makes every page, each showing several."""

    def link(self, article: Article) -> ArticleLink:
        key = article.url  # a stand-in page has its own URL, its original's source
        if key not in self.links:
            original = self.site.by_source.get(article.fallback_of) if article.fallback_of else None
            self.links[key] = article_link(
                article,
                self.descriptions[article.fallback_of or article.source],
                self.urls,
                original.lang if original else None,
            )
        return self.links[key]

    def view(self, lang: str | None) -> SiteView:
        """The `site` of a page in `lang`: its language, home and search page."""
        if not lang or lang == self.site_view.lang:
            return self.site_view
        if lang not in self.views:
            project = replace(self.project, config=self.project.config.for_language(lang))
            self.views[lang] = site_view(
                project, self.urls, self.site.day or dt.date.today(), self.site, lang
            )
        return self.views[lang]

    def render(self, template: str, meta: PageMeta, lang: str | None = None, **context) -> Page:
        context = {
            "site": self.view(lang),
            "page": meta,
            "breadcrumbs": context.pop("breadcrumbs", ()),
            **context,
        }
        return Page(self.theme, template, context)

    def meta(
        self,
        kind: str,
        title: str | None,
        description: str,
        path: str | None,
        lang: str | None = None,
        targets: dict[str, str] | None = None,
        indexed: dict[str, str] | None = None,
        **kw,
    ) -> PageMeta:
        """A page's head. `targets`: the page in each language (switcher), `indexed`: its hreflang
        set."""
        canonical = self.urls.absolute(path) if path is not None else None
        lang = lang or self.project.config.language
        switch = languages.switcher(self.site, lang, targets or {})
        links = tuple(
            (code, self.urls.absolute(p) or self.urls.page(p))
            for code, p in languages.hreflang(self.site, indexed or {})
        )
        switch = tuple(replace(link, url=self.urls.page(link.url)) for link in switch)
        return PageMeta(
            kind,
            seo.page_title(self.project, title),
            description,
            canonical,
            hreflang=links,
            languages=switch,
            **kw,
        )

    def crumbs(self, category: tuple[str, ...]) -> tuple[LinkView, ...]:
        lang = self.site.language_of(category)
        trail = [LinkView(self.project.config.site_name, self.urls.page(self.site.home(lang)))]
        for i in range(len(self.site.root_of(lang)) + 1, len(category) + 1):
            cat = self.site.categories[category[:i]]
            trail.append(LinkView(cat.title, self.urls.page(cat.url)))
        return tuple(trail)


def render_home(ctx: PageContext, lang: str | None = None) -> Page:
    c, site = ctx.project.config, ctx.site
    lang = lang or c.language
    cards = [category_card(site, cat, ctx.urls) for cat in site.subcategories(site.root_of(lang))]
    featured = [
        ctx.link(version)
        for path in c.featured
        if (a := site.by_source.get(f"{path}.md"))
        and (version := site.versions.get(a.key, {}).get(lang, a if lang == c.language else None))
    ]
    homes = languages.home_set(site)
    description = ctx.view(lang).description
    meta = ctx.meta(
        "home",
        None,
        description or c.site_name,
        site.home(lang),
        lang,
        homes,
        homes,
        jsonld=seo.home_jsonld(ctx.project, ctx.urls, ctx.site_view.logo_url, site.home(lang)),
    )
    return ctx.render("home.html", meta, lang, categories=cards, featured=featured)


def render_category(ctx: PageContext, category: Category) -> Page:
    lang = ctx.site.language_of(category.path)
    twins = languages.category_set(ctx.site, category)
    view = CategoryView(
        title=category.title,
        description=category.description,
        icon=category.icon,
        url=ctx.urls.page(category.url),
        sections=tuple(
            category_card(ctx.site, s, ctx.urls) for s in ctx.site.subcategories(category.path)
        ),
        articles=tuple(ctx.link(a) for a in ctx.site.articles_in(category.path)),
    )
    meta = ctx.meta(
        "category",
        category.title,
        category.description or category.title,
        category.url,
        lang,
        languages.category_set(ctx.site, category, indexed=False),
        twins,
        noindex=not ctx.site.has_own(category.path),
    )
    return ctx.render(
        "category.html", meta, lang, category=view, breadcrumbs=ctx.crumbs(category.path)
    )


def render_article(
    ctx: PageContext, article: Article, alternates: tuple[AlternateView, ...] = ()
) -> Page:
    """An article's page; a stand-in page (`fallback_of`) shows the original's text with a
    notice, is noindex and names the original as canonical (docs/i18n.md)."""
    rendered = ctx.rendered[article.fallback_of or article.source]
    nav = ctx.nav.get(article.source)
    original = ctx.site.by_source.get(article.fallback_of) if article.fallback_of else None
    link = ctx.link(article)
    crumbs = ctx.crumbs(article.category) + (LinkView(article.title, link.url, link.lang),)
    toc, show_toc = toc_of(rendered, ctx.project.config.toc_min_headings)
    updated = article.updated.isoformat() if article.updated else None
    expired = ctx.site.day is not None and article.season(ctx.site.day) == "after"
    view = ArticleView(
        id=original.id if original else article.id,
        title=article.title,
        html=ArticleHtml(rendered.html, ctx.targets, ctx.urls),
        toc=toc,
        show_toc=show_toc,
        updated=updated,
        updated_display=display_date(article.updated, article.lang),
        reading_minutes=reading_minutes(rendered),
        tags=article.tags,
        prev=ctx.link(nav.prev) if nav and nav.prev else None,
        next=ctx.link(nav.next) if nav and nav.next else None,
        related=tuple(ctx.link(a) for a in nav.related) if nav else (),
        category=crumbs[-2] if len(crumbs) > 2 else None,
        meta=article.meta,
        internal=article.internal,
        draft=article.draft,
        valid_until=article.valid_until.isoformat() if article.valid_until else None,
        expired=expired,
        valid_until_display=display_date(article.valid_until, article.lang),
        text_lang=original.lang if original else None,
        original_url=ctx.urls.page(original.url) if original else None,
        has_code=rendered.has_code,
    )
    indexed = {} if expired else languages.article_set(ctx.site, article, ctx.site.day)
    meta = ctx.meta(
        "article",
        article.title,
        link.description,
        original.url if original else article.url,
        article.lang,
        languages.article_targets(ctx.site, article),
        indexed,
        og_type="article",
        noindex=article.internal or article.draft or expired or original is not None,
        alternates=alternates,
        jsonld=seo.article_jsonld(
            ctx.project,
            ctx.urls,
            link,
            updated,
            crumbs,
            faq_page_pairs(list(rendered.sections)) if article.type == "faq" else None,
            lang=(original or article).lang,
        ),
    )
    return ctx.render("article.html", meta, article.lang, article=view, breadcrumbs=crumbs)


def render_feedback(theme: Theme, article_id: str, endpoint: str) -> str:
    """The "Was this article helpful?" block alone, for pages helpgen does not render (the MkDocs
    plugin)."""
    return theme.render(
        "partials/feedback.html", article={"id": article_id}, site={"feedback_endpoint": endpoint}
    )


def render_search(ctx: PageContext, lang: str | None = None) -> Page:
    lang = lang or ctx.project.config.language
    pages = {code: home + "search/" for code, home in languages.home_set(ctx.site).items()}
    meta = ctx.meta(
        "search",
        ctx.theme.t("search.title", lang),
        ctx.view(lang).description or ctx.theme.t("search.intro", lang),
        pages[lang],
        lang,
        pages,
        pages,
    )
    return ctx.render("search.html", meta, lang)


def render_not_found(ctx: PageContext) -> Page:
    meta = ctx.meta(
        "404", ctx.theme.t("not_found.title"), ctx.theme.t("not_found.text"), None, noindex=True
    )
    return ctx.render("404.html", meta)


def render_redirect(ctx: PageContext, target: str, lang: str | None = None) -> Page:
    """A page that sends readers on to `target`, in the language of the page it leads to."""
    meta = PageMeta(
        "redirect",
        seo.page_title(ctx.project, ctx.theme.t("redirect.title", lang)),
        "",
        ctx.urls.absolute(target[len(ctx.urls.base) :])
        if target.startswith(ctx.urls.base)
        else None,
        noindex=True,
    )
    return ctx.render("redirect.html", meta, lang, target=target)
