"""sitemap.xml and robots.txt: what search engines may crawl, with each page's last change."""

from __future__ import annotations

import datetime as dt
from html import escape  # not xml.sax.saxutils: it imports urllib.request, http and ssl

from helpgen.content import Site
from helpgen.render import languages

SitemapEntry = tuple[str, dt.date | None]
Alternates = dict[str, tuple[tuple[str, str], ...]]
"""Site path -> (hreflang, site path) of the same page in each language."""
_XHTML = "http://www.w3.org/1999/xhtml"


def render_sitemap(
    site_url: str, entries: list[SitemapEntry], alternates: Alternates | None = None
) -> str:
    """A sitemaps.org urlset; `entries` are (site path, last modified or None), written sorted.
    With `alternates` (a multilingual site), each page lists its translations as xhtml:link."""
    namespaces = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' + (
        f' xmlns:xhtml="{_XHTML}"' if alternates else ""
    )
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<urlset {namespaces}>"]
    for path, lastmod in sorted(entries):
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(site_url + alt)}"/>'
            for lang, alt in (alternates or {}).get(path, ())
        )
        lines.append(
            f"  <url><loc>{escape(site_url + path, quote=False)}</loc>"
            + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "")
            + links
            + "</url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_alternates(site: Site) -> Alternates | None:
    """The hreflang set of every page that has one (as its page's head lists it); None on a
    site of one language."""
    if len(site.languages) < 2:
        return None
    sets = [languages.home_set(site)]
    sets += [languages.category_set(site, c) for c in site.categories.values() if c.path]
    sets += [languages.article_set(site, a, site.day) for a in site.listed]
    found: Alternates = {}
    for paths in sets:
        pairs = languages.hreflang(site, paths)
        found.update({path: pairs for path in paths.values()} if pairs else {})
    return found


def render_robots(site_url: str | None, private: bool) -> str:
    """robots.txt naming the sitemap; an internal (agent-only) build asks crawlers to stay out."""
    if private:
        return "User-agent: *\nDisallow: /\n"
    text = "User-agent: *\nAllow: /\n"
    return text + (f"\nSitemap: {site_url}sitemap.xml\n" if site_url else "")
