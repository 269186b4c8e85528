"""The content model: plain data about articles and categories, no HTML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Audience = Literal["public", "internal"]


@dataclass(frozen=True)
class Article:
    """One markdown file, its front matter understood and its variables resolved."""

    source: str
    """Path under content_dir, POSIX style: `returns/refund-policy.md`. Also the cache key."""
    id: str
    """Stable identifier: front matter `id`, else the source path without `.md`."""
    url: str
    """Root-relative URL path without the site's base path: `returns/refund-policy/`."""
    lang: str
    title: str
    body: str
    """Markdown to render: variables resolved, the H1 removed when it gave the title."""
    body_line: int
    """Line of the file where `body` starts, to map render problems back to the file."""
    category: tuple[str, ...]
    """Folder names from content_dir down to the article's folder."""
    description: str = ""
    """From front matter; empty means the renderer derives one from the first paragraph."""
    order: int | None = None
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    updated: dt.date | None = None
    draft: bool = False
    audience: Audience = "public"
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    redirect_from: tuple[str, ...] = ()
    type: str = "article"
    """`faq`: the `##` headings are questions, shown as an accordion with FAQPage data."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Front matter keys helpgen does not know, for templates."""
    line_count: int = 0
    untitled: bool = False
    """Neither the front matter nor a leading H1 gave a title: `title` was made from the file
    name."""
    key: str = ""
    """Translation key, the same for an article and its translations: front matter `id`, else
    the path inside its language's tree without `.md` (`content/id/returns/x.md` -> `returns/x`)."""
    fallback_of: str | None = None
    """On the stand-in page of an article missing in `lang`: the original's source
    (docs/i18n.md)."""

    @property
    def internal(self) -> bool:
        return self.audience == "internal"

    def season(self, day: dt.date) -> str:
        """`before`, `in` or `after` its valid_from / valid_until window on `day`."""
        if self.valid_from and day < self.valid_from:
            return "before"
        if self.valid_until and day > self.valid_until:
            return "after"
        return "in"

    @property
    def listed(self) -> bool:
        """Whether it appears in listings, the sitemap, search and exports."""
        return not self.draft


@dataclass(frozen=True)
class Category:
    """A folder of articles, described by its optional `_category.yml`."""

    path: tuple[str, ...]
    """Folder names from content_dir; () is the root."""
    url: str
    title: str
    description: str = ""
    icon: str | None = None
    order: int | None = None
    source: str = ""
    """The `_category.yml` path under content_dir, or the folder when there is none."""
