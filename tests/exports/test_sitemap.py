"""sitemap.xml and robots.txt."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from helpgen.exports.sitemap import render_robots, render_sitemap
from tests.helpers import messages, read_page

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_render_sitemap_sorts_and_escapes():
    xml = render_sitemap(
        "https://help.example.com/", [("b/", dt.date(2026, 1, 2)), ("", None), ("a&b/", None)]
    )
    assert xml == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "  <url><loc>https://help.example.com/</loc></url>\n"
        "  <url><loc>https://help.example.com/a&amp;b/</loc></url>\n"
        "  <url><loc>https://help.example.com/b/</loc><lastmod>2026-01-02</lastmod></url>\n"
        "</urlset>\n"
    )


def test_render_robots():
    assert render_robots("https://help.example.com/", private=False) == (
        "User-agent: *\nAllow: /\n\nSitemap: https://help.example.com/sitemap.xml\n"
    )
    assert render_robots(None, private=False) == "User-agent: *\nAllow: /\n"
    assert (
        render_robots("https://help.example.com/", private=True) == "User-agent: *\nDisallow: /\n"
    )


def test_built_sitemap_is_valid_xml_with_lastmod_from_updated(tmp_path, make_site, build_site):
    make_site(
        tmp_path,
        {
            "orders/_category.yml": "title: Orders\n",
            "orders/track.md": "---\nupdated: 2026-03-04\n---\nT\n",
            "orders/old.md": "---\ndate: 2024-12-31T10:00:00\n---\nO\n",
            "orders/plain.md": "P\n",
            "orders/draft.md": "---\ndraft: true\n---\nD\n",
            "orders/secret.md": "---\naudience: internal\n---\nS\n",
            "moved.md": "---\nredirect_from: /was-here/\n---\nM\n",
        },
        {"site_url": "https://help.example.com/kb"},
    )
    result = build_site(tmp_path)
    assert messages(result) == []
    root = ET.fromstring((tmp_path / "site" / "sitemap.xml").read_bytes())
    entries = [
        (u.find("s:loc", NS).text, getattr(u.find("s:lastmod", NS), "text", None))
        for u in root.findall("s:url", NS)
    ]
    assert entries == [
        ("https://help.example.com/kb/", None),
        ("https://help.example.com/kb/moved/", None),
        ("https://help.example.com/kb/orders/", None),
        ("https://help.example.com/kb/orders/old/", "2024-12-31"),
        ("https://help.example.com/kb/orders/plain/", None),
        ("https://help.example.com/kb/orders/track/", "2026-03-04"),
    ]
    assert read_page(tmp_path / "site", "robots.txt") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://help.example.com/kb/sitemap.xml\n"
    )
