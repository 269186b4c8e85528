"""View objects: exactly what templates see (docs/theming.md), built from domain objects.

Templates never get an Article or a Config; they get these small, frozen records, so the
page cache can key on them and a theme can rely on a documented shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, overload

from helpgen.config import Project
from helpgen.content import Article, Category, Site
from helpgen.render.html_text import cut_at_word
from helpgen.render.rendered import Rendered, TocEntry

WORDS_PER_MINUTE = 200


@dataclass(frozen=True)
class LinkView:
    title: str
    url: str
    lang: str | None = None
    """The title's language when it is not the page's (a stand-in page's English title)."""


@dataclass(frozen=True)
class ArticleLink:
    title: str
    url: str
    description: str
    lang: str | None = None
    """The title's language when it is not the page's (a stand-in for a missing translation)."""


@dataclass(frozen=True)
class CategoryCard:
    title: str
    description: str
    icon: str | None
    url: str
    article_count: int


@dataclass(frozen=True)
class ChannelView:
    name: str
    value: str
    url: str | None
    response_time: str | None


@dataclass(frozen=True)
class ContactView:
    hours: str | None
    channels: tuple[ChannelView, ...]


@dataclass(frozen=True)
class AnnouncementView:
    text: str
    url: str | None


@dataclass(frozen=True)
class SiteView:
    name: str
    description: str
    lang: str
    home_url: str
    search_url: str
    store_url: str | None
    logo_url: str | None
    favicon_url: str | None
    header_links: tuple[LinkView, ...]
    footer_links: tuple[LinkView, ...]
    announcement: AnnouncementView | None
    contact: ContactView | None
    feedback: bool
    feedback_endpoint: str
    events_endpoint: str = ""
    """Where helpgen.js sends statistics events (docs/statistics.md); empty: statistics are off."""
    beacon_views: bool = False
    """Article pages send their own view (a static host); else `helpgen serve` counts them."""


@dataclass(frozen=True)
class AlternateView:
    rel: str
    type: str
    href: str


@dataclass(frozen=True)
class PageMeta:
    kind: str
    title: str
    description: str
    canonical: str | None
    noindex: bool = False
    og_type: str = "website"
    og_image: str | None = None
    jsonld: str = ""
    alternates: tuple[AlternateView, ...] = ()
    hreflang: tuple[tuple[str, str], ...] = ()
    """(language or x-default, URL) of this page in each language (helpgen.render.languages)."""
    languages: tuple = ()
    """The language switcher's LanguageLinks; empty on a site of one language."""


@dataclass(frozen=True)
class CategoryView:
    title: str
    description: str
    icon: str | None
    url: str
    sections: tuple[CategoryCard, ...]
    articles: tuple[ArticleLink, ...]


@dataclass(frozen=True)
class ArticleView:
    id: str
    title: str
    html: object
    """The body's HTML: markupsafe's Markup, or anything with `__html__` (pages.ArticleHtml)."""
    toc: tuple[TocEntry, ...]
    show_toc: bool
    updated: str | None
    updated_display: str | None
    reading_minutes: int
    tags: tuple[str, ...]
    prev: ArticleLink | None
    next: ArticleLink | None
    related: tuple[ArticleLink, ...]
    category: LinkView | None
    meta: dict[str, Any] = field(hash=False, compare=True)
    internal: bool = False
    draft: bool = False
    valid_until: str | None = None
    expired: bool = False
    """Past its valid_until, kept with a notice (seasonal.expired: notice)."""
    valid_until_display: str | None = None
    text_lang: str | None = None
    """The language of the text when it is not the page's: a stand-in for a missing translation."""
    original_url: str | None = None
    """On such a stand-in, the original article's page."""
    has_code: bool = False
    """The body holds highlighted code: the page loads the highlighting stylesheet."""


class Urls:
    """Turns site paths (`returns/start/`) into the URLs pages use, under the site's base path."""

    def __init__(self, project: Project):
        self.site_url = project.config.site_url
        base = self.site_url.split("://", 1)[1].split("/", 1)[1] if self.site_url else ""
        self.base = "/" + base

    def page(self, path: str) -> str:
        return self.base + path

    def absolute(self, path: str) -> str | None:
        return self.site_url + path if self.site_url else None

    @overload
    def href(self, url: str) -> str: ...
    @overload
    def href(self, url: None) -> None: ...
    def href(self, url: str | None) -> str | None:
        """A link from the config: a root-relative path (`/returns/`) gets the base path."""
        if url and url.startswith("/") and not url.startswith("//"):
            return self.base + url[1:]
        return url

    @overload
    def resource(self, value: str) -> str: ...
    @overload
    def resource(self, value: None) -> None: ...
    def resource(self, value: str | None) -> str | None:
        """A config value that is a URL, a root-relative path, or a path under content_dir (a
        logo)."""
        if not value or "://" in value or value.startswith(("/", "mailto:", "tel:")):
            return self.href(value)
        return self.page(value)


def description_of(article: Article, rendered: Rendered) -> str:
    """Front matter description, else the first paragraph cut at a word under 160 chars."""
    return article.description or cut_at_word(rendered.summary, 160)


def article_link(
    article: Article, description: str, urls: Urls, text_lang: str | None = None
) -> ArticleLink:
    return ArticleLink(article.title, urls.page(article.url), description, text_lang)


def category_card(site: Site, category: Category, urls: Urls) -> CategoryCard:
    return CategoryCard(
        category.title,
        category.description,
        category.icon,
        urls.page(category.url),
        site.count_below(category.path),
    )


def site_view(
    project: Project, urls: Urls, today: dt.date, site: Site | None = None, lang: str | None = None
) -> SiteView:
    """The `site` every template gets; `lang` (default: the site's language) picks its home and
    search page."""
    c = project.config
    endpoint = project.feedback_endpoint
    banner, banner_url = c.announcement, c.announcement.url if c.announcement else None
    if banner and (
        (banner.starts and today < banner.starts) or (banner.ends and today > banner.ends)
    ):
        banner = None
    if banner and banner.article and site is not None:  # shown while its article is in season
        article = site.by_source.get(f"{banner.article}.md")
        if article is None or article.season(today) != "in":
            banner = None
        else:
            banner_url = banner_url or urls.page(article.url)
    home = site.home(lang or c.language) if site is not None else ""
    return SiteView(
        name=c.site_name,
        description=c.description,
        lang=lang or c.language,
        home_url=urls.page(home),
        search_url=urls.page(home + "search/"),
        store_url=c.store_url,
        logo_url=urls.resource(c.brand.logo),
        favicon_url=urls.resource(c.brand.favicon),
        header_links=tuple(LinkView(link.title, urls.href(link.url)) for link in c.header_links),
        footer_links=tuple(LinkView(link.title, urls.href(link.url)) for link in c.footer_links),
        announcement=AnnouncementView(banner.text, urls.href(banner_url)) if banner else None,
        contact=ContactView(
            c.contact.hours,
            tuple(
                ChannelView(ch.name, ch.value, ch.url, ch.response_time)
                for ch in c.contact.channels
            ),
        )
        if c.contact
        else None,
        feedback=endpoint is not None,
        feedback_endpoint=endpoint or "",
        events_endpoint=project.events_endpoint or "",
        beacon_views=bool(project.events_endpoint and c.analytics.endpoint),
    )


def reading_minutes(rendered: Rendered) -> int:
    return max(1, round(rendered.words / WORDS_PER_MINUTE))


def toc_of(rendered: Rendered, min_headings: int) -> tuple[tuple[TocEntry, ...], bool]:
    """The H2/H3 tree of an article and whether it is long enough to show."""
    top: list[TocEntry] = []
    for entry in rendered.toc:
        top.extend(entry.children if entry.level == 1 else [entry])
    entries = tuple(
        TocEntry(e.id, e.name, e.level, tuple(c for c in e.children if c.level <= 3))
        for e in top
        if e.level == 2
    )
    count = sum(1 + len(e.children) for e in entries)
    return entries, count >= min_headings
