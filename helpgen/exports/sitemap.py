"""sitemap.xml and robots.txt: what search engines may crawl, with each page's last change."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

SitemapEntry = tuple[str, dt.date | None]


def render_sitemap(site_url: str, entries: list[SitemapEntry]) -> str:
    """A sitemaps.org urlset; `entries` are (site path, last modified or None), written sorted."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, lastmod in sorted(entries):
        lines.append(f"  <url><loc>{escape(site_url + path)}</loc>"
                     + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(site_url: str | None, private: bool) -> str:
    """robots.txt naming the sitemap; an internal (agent-only) build asks crawlers to stay out."""
    if private:
        return "User-agent: *\nDisallow: /\n"
    text = "User-agent: *\nAllow: /\n"
    return text + (f"\nSitemap: {site_url}sitemap.xml\n" if site_url else "")
