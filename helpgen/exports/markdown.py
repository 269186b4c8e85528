"""Markdown copies of articles for agents: the article's own markdown with every link absolute.

Links are found in the markdown (inline links and images, reference definitions, raw
HTML `href`/`src`), outside code, and resolved exactly as pages resolve them: parsed by
the render stage's `SiteLinksExtension.marker_for`, looked up with `LinkTargets.find`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from urllib.parse import quote

from helpgen.content import Article
from helpgen.content.variables import code_spans
from helpgen.render.extensions import SiteLinksExtension
from helpgen.render.links import LinkTargets
from helpgen.render.rendered import Link
from helpgen.render.views import AlternateView, Urls

MARKDOWN_SUFFIX = "index.html.md"
"""llmstxt.org's rule for a page whose URL ends in `/`: its markdown is at URL + `index.html.md`."""

_DESTINATION = r"(<[^<>\n]*>|[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*)"
_INLINE = re.compile(r"\]\(\s*" + _DESTINATION)
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*" + _DESTINATION, re.M)
_HTML_ATTR = re.compile(r"<[A-Za-z][^<>]*?\s(?:href|src)\s*=\s*(\"[^\"]*\"|'[^']*')", re.S)
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"


def markdown_path(article: Article) -> str:
    """Site path of an article's markdown copy: `returns/start/index.html.md`."""
    return article.url + MARKDOWN_SUFFIX


def absolute(urls: Urls, path: str) -> str:
    """The absolute URL of a site path when `site_url` is set, else its root-relative URL."""
    return quote(urls.absolute(path) or urls.page(path), safe=_URL_SAFE)


def markdown_alternates(urls: Urls, article: Article) -> tuple[AlternateView, ...]:
    """The `<link rel="alternate" type="text/markdown">` of an article page (none for drafts)."""
    if not article.listed:
        return ()
    return (
        AlternateView(
            "alternate", "text/markdown", quote(urls.page(markdown_path(article)), safe=_URL_SAFE)
        ),
    )


class LinkRewriter:
    """Rewrites the site links in one article's markdown to absolute URLs."""

    def __init__(self, targets: LinkTargets, urls: Urls):
        self.targets = targets
        self.urls = urls
        self._parser = SiteLinksExtension()

    def url_for(self, article: Article, raw: str) -> str | None:
        """The absolute URL for a link as written in `article`, or None to keep it (external,
        mailto:)."""
        raw = raw.strip()
        if raw.startswith("#"):
            return absolute(self.urls, article.url) + raw
        self._parser.source = article.source
        self._parser.found = []
        if self._parser.marker_for(raw, image=False) is None:
            return None
        kind, target, fragment, _ = self._parser.found[-1]
        path, _ = self.targets.find(Link(kind, target, fragment, raw, None))
        # a broken link keeps its path as written, as on the page (the build warned about it)
        return absolute(self.urls, path if path is not None else target) + (
            f"#{fragment}" if fragment else ""
        )

    def rewrite(self, article: Article) -> str:
        """`article.body` with every site link absolute; code (fences, spans, <pre>) untouched."""
        text = article.body
        code = code_spans(text)
        edits: list[tuple[int, int, str]] = []
        for pattern in (_INLINE, _REFERENCE, _HTML_ATTR):
            for m in pattern.finditer(text):
                start, end = m.span(1)
                if _inside(code, start):
                    continue
                replacement = self._destination(article, m.group(1))
                if replacement is not None:
                    edits.append((start, end, replacement))
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return text

    def _destination(self, article: Article, written: str) -> str | None:
        opener, closer, raw = "", "", written
        if written[:1] in "<\"'" and len(written) >= 2:
            opener, closer, raw = written[0], written[-1], written[1:-1]
        url = self.url_for(article, raw)
        return None if url is None or url == raw else f"{opener}{url}{closer}"


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` is in one of `spans` (sorted, not overlapping, as `code_spans` gives them)."""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and pos < spans[i][1]


def markdown_copy(article: Article, body: str) -> str:
    """The file at `markdown_path`: the title as H1, then the body; no front matter."""
    return f"# {article.title}\n\n{body.strip()}\n"
