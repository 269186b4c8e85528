"""Search-engine metadata of a page: <title>, JSON-LD (schema.org) and canonical URLs."""

from __future__ import annotations

import json
from typing import Any

from helpgen.config import Project
from helpgen.render.views import ArticleLink, LinkView, Urls


def page_title(project: Project, title: str | None) -> str:
    """The <title>: the configured pattern around the page's own title; the site name alone on
    home."""
    name = project.config.site_name
    if not title or title == name:
        return name
    return project.config.title_pattern.format(title=title, site_name=name)


def jsonld(*objects: dict) -> str:
    """Serialize for a <script type="application/ld+json"> block that no text can break out of."""
    data = (
        objects[0]
        if len(objects) == 1
        else {
            "@context": "https://schema.org",
            "@graph": [{k: v for k, v in o.items() if k != "@context"} for o in objects],
        }
    )
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def home_jsonld(project: Project, urls: Urls, logo: str | None, path: str = "") -> str:
    c = project.config
    home = urls.absolute(path) or urls.page(path)
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": c.site_name,
        "url": home,
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{home}search/?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }
    org: dict[str, Any] = {"@type": "Organization", "name": c.site_name, "url": c.store_url or home}
    if logo:
        org["logo"] = _absolute(urls, logo)
    if c.contact and c.contact.channels:
        org["contactPoint"] = [
            {
                "@type": "ContactPoint",
                "contactType": "customer support",
                "name": ch.name,
                **({"email": ch.value} if "@" in ch.value else {}),
                **({"url": ch.url} if ch.url and "://" in ch.url else {}),
            }
            for ch in c.contact.channels
        ]
    if c.description:
        website["description"] = c.description
    return jsonld(website, org)


def article_jsonld(
    project: Project,
    urls: Urls,
    link: ArticleLink,
    updated: str | None,
    crumbs: tuple[LinkView, ...],
    faq: list | None = None,
    lang: str | None = None,
) -> str:
    """Article + BreadcrumbList; an FAQ page (`faq`: question/answer pairs) is an FAQPage too."""
    c = project.config
    publisher: dict[str, Any] = {"@type": "Organization", "name": c.site_name}
    if c.brand.logo:
        publisher["logo"] = {
            "@type": "ImageObject",
            "url": _absolute(urls, urls.resource(c.brand.logo)),
        }
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": link.title[:110],
        "description": link.description,
        "mainEntityOfPage": _absolute(urls, link.url),
        "author": {"@type": "Organization", "name": c.site_name},
        "publisher": publisher,
        "inLanguage": lang or c.language,
    }
    if updated:
        article["dateModified"] = updated
    trail = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": i,
                "name": crumb.title,
                "item": _absolute(urls, crumb.url),
            }
            for i, crumb in enumerate(crumbs, 1)
        ],
    }
    if not faq:
        return jsonld(article, trail)
    page = {
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": qa.question,
                "acceptedAnswer": {"@type": "Answer", "text": qa.answer},
            }
            for qa in faq
        ],
    }
    return jsonld(article, trail, page)


def _absolute(urls: Urls, url: str) -> str:
    """An absolute URL for a root-relative one when site_url is known."""
    if "://" in url or not urls.site_url:
        return url
    return urls.site_url + url[len(urls.base) :] if url.startswith(urls.base) else url
