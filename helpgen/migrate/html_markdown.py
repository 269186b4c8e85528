"""HTML to markdown for imported articles: markdownify, with a hook on every link.

Only web links survive (http, https, mailto, tel, relative): a `javascript:` or `data:`
link in an export keeps its text and loses its target.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markdownify import MarkdownConverter

SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
"""Link schemes kept from an article body; any other link becomes its text."""


class _Converter(MarkdownConverter):
    """markdownify with a hook on every link, to point links between articles at the new files."""

    def __init__(self, rewrite, **options):
        super().__init__(**options)
        self.rewrite = rewrite

    def convert_a(self, el, *args, **kwargs):
        href = el.get("href")
        if href and urlsplit(href.strip()).scheme.lower() not in SAFE_SCHEMES:
            del el["href"]  # javascript:, data:...: the text stays, the link goes
        elif href:
            el["href"] = self.rewrite(href)
        return super().convert_a(el, *args, **kwargs)


def html_to_markdown(html: str, rewrite=lambda href: href) -> str:
    """Markdown from a Zendesk article body; `rewrite(href)` may point a link elsewhere."""
    converter = _Converter(
        rewrite,
        heading_style="ATX",
        bullets="-",
        escape_underscores=False,
        code_language_callback=_code_language,
    )
    return re.sub(r"\n{3,}", "\n\n", converter.convert(html)).strip()


def _code_language(element) -> str:
    """`<pre><code class="language-js">` (or the class on <pre>) -> `js` for the fence."""
    code = element.find("code")
    classes = (element.get("class") or []) + ((code.get("class") or []) if code else [])
    return next((c.removeprefix("language-") for c in classes if c.startswith("language-")), "")
