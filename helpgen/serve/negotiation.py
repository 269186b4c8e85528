"""Content negotiation for agents: an article's URL answers `Accept: text/markdown` with the
article's markdown copy, and says where that copy and llms.txt are (`Link`).

An article page `returns/start/index.html` has its markdown copy beside it
(`returns/start/index.html.md`, helpgen.exports.markdown); pages without one (categories,
the home page, drafts) are never negotiated. Markdown is chosen only when the client
prefers it: its quality value is higher than text/html's (RFC 9110 §12.5.1, the most
specific matching range deciding each), so `Accept: text/markdown` gets markdown and
`Accept: text/markdown, text/html` or `*/*` get the page, as a browser expects.

The `Link` header (llmstxt.org v2's discovery: `rel="alternate"; type="text/markdown"` for
the copy, `rel="describedby"` for the llms.txt that covers the page) carries root-relative
URLs under the site's base path (site_url's path): right behind any host name or proxy
that serves the site at that path, and the same URLs the pages' own `<link>` elements use.
"""

from __future__ import annotations

import os
from urllib.parse import quote

MARKDOWN = "text/markdown"
HTML = "text/html"
PAGE = "index.html"
COPY = PAGE + ".md"
LLMS_TXT = "llms.txt"
VARY = "Accept, Accept-Encoding"
"""Both representations of an article URL vary on both headers (shared caches keep them apart)."""
_URL_SAFE = "/:@!$&'()*+,;=~"


def weights(header: str) -> dict[str, float]:
    """Each listed item of an Accept or Accept-Encoding header (lower case) and its quality
    value (a malformed `q` counts as 0: not acceptable)."""
    found: dict[str, float] = {}
    for part in header.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        if name.strip():
            found[name.strip()] = q
    return found


def quality(accepted: dict[str, float], media_type: str) -> float:
    """The quality `accepted` gives `media_type`: its own entry, else `type/*`, `*/*`, or 0."""
    major = media_type.split("/", 1)[0]
    for key in (media_type, f"{major}/*", "*/*"):
        if key in accepted:
            return accepted[key]
    return 0.0


def prefers_markdown(accept: str | None) -> bool:
    """Whether an Accept header prefers text/markdown to text/html (strictly: a tie is HTML)."""
    if not accept or "markdown" not in accept.lower():
        return False  # the common case, decided without parsing
    accepted = weights(accept)
    return quality(accepted, MARKDOWN) > quality(accepted, HTML)


def markdown_copy_of(page: str) -> str | None:
    """The markdown copy beside an article page file (`…/index.html`), or None when there is
    none (not an article page)."""
    if os.path.basename(page) != PAGE:
        return None
    copy = page + ".md"
    return copy if os.path.isfile(copy) else None


def copy_url(base: str, folder: str) -> str:
    """The root-relative URL of the markdown copy of the article in `folder` (`returns/start/`)."""
    return quote(base + folder + COPY, safe=_URL_SAFE)


def link_header(base: str, folder: str, alternate: bool) -> str:
    """`Link` for an article URL (`folder`: its path under the site, `returns/start/`): the
    markdown copy (`alternate`, on the HTML) and the llms.txt that describes it."""
    links = []
    if alternate:
        links.append(f'<{copy_url(base, folder)}>; rel="alternate"; type="{MARKDOWN}"')
    links.append(f'<{quote(base + LLMS_TXT, safe=_URL_SAFE)}>; rel="describedby"')
    return ", ".join(links)
