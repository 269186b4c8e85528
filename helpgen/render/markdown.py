"""Markdown to HTML for one article: Python-Markdown with a chosen set of extensions.

One `Markdown` instance per process, `reset()` between articles: building one costs far
more than converting a short article, and reset clears all per-document state.
"""

from __future__ import annotations

import html as htmllib
import re
from functools import lru_cache
from typing import Any

import markdown

from helpgen.content import Article
from helpgen.errors import Problem
from helpgen.render.body import BodyFactsExtension
from helpgen.render.extensions import SiteLinksExtension, TagSafeAttrListExtension
from helpgen.render.highlight import HelpgenHighlightExtension
from helpgen.render.rendered import Link, Rendered, TocEntry

EXTENSIONS = [
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "footnotes",
    "def_list",
    "sane_lists",
    "abbr",
    "toc",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.details",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.mark",
    "pymdownx.tilde",
]
OPTIONAL = {
    "abbr": r"\*\[",
    "def_list": r"^[ \t>]*:[ \t]",
    "footnotes": r"\[\^",
    "admonition": r"^[ \t>]*!!!",
    "pymdownx.details": r"^[ \t>]*\?\?\?",
    "pymdownx.tabbed": r"^[ \t>]*===",
    "pymdownx.inlinehilite": r"`[ \t]*(?:#!|:::)",
    "pymdownx.tasklist": r"\[[ xX]\]",
    "pymdownx.mark": r"==",
    "pymdownx.tilde": r"~",
}
"""Extensions whose syntax needs these characters: a body with none of them is converted
without them, and comes out the same. Block syntax may be indented (in a list item) or
quoted (`> `), so any spaces, tabs and `>` may come first. Each one costs time on every text
of every article (inline patterns are tried at every position), together most of what the
extensions cost; few articles use any of them."""
_USES_OPTIONAL = re.compile("|".join(f"(?:{pattern})" for pattern in OPTIONAL.values()), re.M)
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": "#", "permalink_title": "Link to this section", "toc_depth": "2-6"},
    "pymdownx.highlight": {
        "use_pygments": True,
        "css_class": "highlight",
        "guess_lang": False,
        "pygments_lang_class": True,
    },
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.tasklist": {"custom_checkbox": False},
    "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
}


_H1_TAG = re.compile(r"<(/?)h1\b", re.I)
_FENCE_LANG = re.compile(rb"^[ \t]*(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?([\w+#-]+)", re.M)


def prepare(sources: list[bytes]) -> None:
    """Make the converter and compile the lexers of the languages these sources' code fences
    name, before the build forks its workers: they inherit them instead of each compiling
    its own (Pygments compiles a lexer's rules at its first use, per process)."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    _converter(full=True)
    _converter(full=False)
    for name in sorted(
        {
            m.decode("ascii", "replace").lower()
            for data in sources
            for m in _FENCE_LANG.findall(data)
        }
    ):
        try:
            get_lexer_by_name(name)
        except ClassNotFound:
            pass


@lru_cache(maxsize=2)
def _converter(
    full: bool = True,
) -> tuple[markdown.Markdown, SiteLinksExtension, BodyFactsExtension]:
    """The process's converter with every extension, or (`full=False`) without the OPTIONAL ones."""
    links, body = SiteLinksExtension(), BodyFactsExtension()
    # pymdownx.highlight's options, in our extension that keeps its speed-ups to this instance
    highlight = HelpgenHighlightExtension(**EXTENSION_CONFIGS["pymdownx.highlight"])
    extensions = [
        highlight if name == "pymdownx.highlight" else name
        for name in EXTENSIONS
        if full or name not in OPTIONAL
    ]
    md = markdown.Markdown(
        extensions=[*extensions, TagSafeAttrListExtension(), links, body],
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )
    return md, links, body


def render_markdown(article: Article, shown: str) -> tuple[Rendered, list[Problem]]:
    """Convert an article's body; a failure is reported for its file, never raised."""
    md, links, body = _converter(full=_USES_OPTIONAL.search(article.body) is not None)
    md.reset()
    links.source = article.source
    links.faq = article.type == "faq"
    try:
        html = md.convert(article.body)
    except Exception as exc:  # a bug in an extension must not stop the other 999 articles
        problem = Problem(
            shown,
            article.body_line,
            f"markdown could not be rendered: {exc.__class__.__name__}: {exc}",
            hint="simplify the markup around this point, and report it if it is valid markdown",
        )
        return Rendered("", (), frozenset(), (), "", "", ()), [problem]
    html = _H1_TAG.sub(r"<\1h2", html)  # the page's title is its only <h1>
    lines = lines_of(article, [raw for _, _, _, raw in links.found])
    found = tuple(
        Link(kind, target, frag, raw, line)
        for (kind, target, frag, raw), line in zip(links.found, lines, strict=True)
    )
    facts = body.facts
    return Rendered(
        html=html,
        toc=tuple(_toc(t) for t in md.toc_tokens),  # type: ignore[attr-defined]  # set by toc
        anchors=facts.ids,
        links=found,
        summary=links.summary,
        text=facts.text,
        headings=facts.headings,
        images=facts.images,
        sections=facts.sections,
        details_questions=facts.details,
        has_code=facts.has_code,
        words=len(facts.text.split()),
    ), []


def _toc(token: dict) -> TocEntry:
    # toc gives names HTML-escaped; views hold plain text and templates escape it once
    return TocEntry(
        token["id"],
        htmllib.unescape(token["name"]),
        token["level"],
        tuple(_toc(c) for c in token["children"]),
    )


def lines_of(article: Article, raws: list[str]) -> list[int | None]:
    """The line of each link, in document order: a link written twice gets the line of each use."""
    after: dict[str, int] = {}
    lines: list[int | None] = []
    for raw in raws:
        pos = article.body.find(raw, after.get(raw, 0))
        if pos < 0:  # written differently than the first time (escapes): fall back to the first use
            pos = article.body.find(raw)
        after[raw] = pos + len(raw) if pos >= 0 else 0
        lines.append(None if pos < 0 else article.body_line + article.body.count("\n", 0, pos))
    return lines
