"""`_helpgen/widget.json`: what the chat widget on a store page needs from the help center.

The widget (`themes/default/static/widget.js`) runs on another site and may talk to a
static host, so everything it needs is one public file written at build time: the help
center's name and links, the store's contact options, the UI strings of each language of
the site, the brand colour, and where search lives (the API of `helpgen serve`, else the
static index and the script that reads it). Nothing in it comes from an article: an
internal build writes the same file as a public one.
"""

from __future__ import annotations

import json

from helpgen.render.pages import PageContext
from helpgen.search.static import PREFIX as STATIC_INDEX

WIDGET_CONFIG = "_helpgen/widget.json"
FORMAT = 1
STRING_PREFIXES = ("widget.", "contact.")
"""The theme's UI strings the widget shows (i18n/<lang>.yml)."""


def render_widget_config(ctx: PageContext) -> str:
    """The widget's settings as JSON: same input, same bytes. URLs are root-relative, with the base
    path."""
    config, urls, view = ctx.project.config, ctx.urls, ctx.site_view
    languages = sorted({a.lang for a in ctx.site.listed} | {config.language})
    data = {
        "format": FORMAT,
        "name": config.site_name,
        "lang": config.language,
        "languages": languages,
        "home": view.home_url,
        "search_page": view.search_url,
        "brand": {"primary": config.brand.primary_color},
        "contact": _contact(ctx),
        "search": {
            "api": urls.page("api/"),
            "index": urls.page(STATIC_INDEX),
            "script": ctx.theme.asset_url("search.js"),
        },
        "strings": {lang: _strings(ctx, lang) for lang in languages},
    }
    if len(languages) > 1:  # each language's own home and search page (docs/i18n.md)
        data["homes"] = {lang: urls.page(ctx.site.home(lang)) for lang in languages}
        data["search_pages"] = {
            lang: urls.page(ctx.site.home(lang) + "search/") for lang in languages
        }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _contact(ctx: PageContext) -> dict | None:
    contact = ctx.site_view.contact
    if contact is None:
        return None
    channels = [
        {
            "name": ch.name,
            "value": ch.value,
            "url": ctx.urls.href(ch.url),
            "response_time": ch.response_time,
        }
        for ch in contact.channels
    ]
    return {"hours": contact.hours, "channels": channels}


def _strings(ctx: PageContext, lang: str) -> dict[str, str]:
    return {
        k: v
        for k, v in sorted(ctx.theme.strings_for(lang).items())
        if k.startswith(STRING_PREFIXES)
    }
