"""What rendering one article's markdown produces, independent of every other article.

Internal links are left as `helpgen:` markers so this result can be cached by the
article's content hash; `helpgen.render.links.resolve_links` fills them in at assembly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TocEntry:
    id: str
    name: str
    level: int
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Link:
    """A link or image source that points inside the site."""

    kind: str
    """`src` (a markdown file under content_dir), `url` (a site path) or `asset`."""
    target: str
    """Resolved path: `returns/start-a-return.md`, `glossary/spam/`, `images/logo.svg`."""
    fragment: str
    raw: str
    """The href as written, to find its line and to show in messages."""
    line: int | None


@dataclass(frozen=True)
class Rendered:
    """An article body as HTML, with what the page, search and checks need from it."""

    html: str
    toc: tuple[TocEntry, ...]
    anchors: frozenset[str]
    """Every id in the body, for checking `page#anchor` links."""
    links: tuple[Link, ...]
    summary: str
    """The first paragraph as plain text: the description when the front matter has none."""
    text: str
    """The whole body as plain text, for search and reading time."""
    headings: tuple[tuple[int, str, str], ...]
    """(level, id, text) of every heading, in order."""
    images: tuple[tuple[str, str], ...] = ()
    """(src, alt) of every image."""
    sections: tuple = ()
    """The body as heading sections of plain text (`helpgen.render.sections.Section`)."""
    details_questions: tuple = ()
    """The `??? question` blocks as question/answer pairs (`helpgen.render.sections.QA`)."""
    has_code: bool = False
    """The body holds Pygments-highlighted code (a block, or inline `#!lang code`)."""
    words: int = 0
    """Words of `text`, counted once with the rest: every rebuild reads it for every page."""
