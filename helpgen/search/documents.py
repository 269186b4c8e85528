"""What search knows of an article: its searchable fields and what a hit shows.

Only listed (non-draft) articles become documents, and internal (agent-only) ones only
in the index of an internal build (`--audience internal`, the agents' knowledge pack),
which lives beside that build's own output: public search never holds them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from functools import cached_property

from helpgen.content import Article, Site
from helpgen.render.rendered import Rendered
from helpgen.render.sections import faq_page_pairs

FIELD_WEIGHTS = {
    "title": 8.0,
    "keywords": 3.0,
    "headings": 1.5,
    "description": 2.0,
    "category": 1.5,
    "body": 1.0,
}
"""How much a term counts in each field, relative to the body. The same in both engines."""
FIELDS = tuple(FIELD_WEIGHTS)
SNIPPET_SOURCE_CHARS = 20000
"""Snippets are cut from the first this many characters of the body text."""


@dataclass(frozen=True)
class SearchDoc:
    """One searchable article."""

    id: str
    url: str
    """Root-relative, with the site's base path: `/help/returns/start/`."""
    source: str
    """The article's path under content_dir."""
    lang: str
    title: str
    category: str
    """Category folder path, `/`-joined (`orders/shipping`); empty at the root."""
    category_title: str
    summary: str
    """Shown when no body passage matches: the description or first paragraph."""
    fields: dict[str, str]
    """Text of each field in FIELDS."""
    text: str
    """The body as plain text, where snippets come from."""
    part: int = 0
    """Its place on its page: 0 for an article, 1, 2… for an FAQ page's questions."""

    @property
    def order(self) -> str:
        """Sorts documents in the site's order (by source, then place on the page): ties in
        ranking are broken by it, so they do not depend on the order documents were indexed in."""
        return f"{self.source}\0{self.part:06d}"

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever anything indexed or shown changes."""
        data = {k: v for k, v in self.__dict__.items() if k != "fingerprint"}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:24]


def searchable(article: Article, audience: str = "public") -> bool:
    return article.listed and (audience == "internal" or not article.internal)


def search_docs(site: Site, rendered: dict[str, Rendered], base: str = "/") -> list[SearchDoc]:
    """A document for every listed article this site's audience may see, in the site's order;
    an FAQ page (`type: faq`) gives one document per question, which links to its anchor."""
    docs = []
    for article in site.articles:
        if searchable(article, site.audience):
            doc = to_doc(site, article, rendered[article.source], base)
            docs += (
                faq_docs(doc, article, rendered[article.source]) if article.type == "faq" else [doc]
            )
    return docs


def faq_docs(page: SearchDoc, article: Article, rendered: Rendered) -> list[SearchDoc]:
    """The questions of an FAQ page as documents of their own: a hit opens the question."""
    docs: list[SearchDoc] = []
    for qa in faq_page_pairs(list(rendered.sections)):
        if not qa.anchor:
            continue
        part = len(docs) + 1
        fields = {
            **page.fields,
            "title": qa.question,
            "headings": "",
            "description": qa.answer[:300],
            "body": qa.answer,
        }
        docs.append(
            replace(
                page,
                id=f"{article.id}#{qa.anchor}",
                url=f"{page.url}#{qa.anchor}",
                title=qa.question,
                summary=qa.answer[:300],
                fields=fields,
                text=qa.answer[:SNIPPET_SOURCE_CHARS],
                part=part,
            )
        )
    return docs or [page]


def article_fields(article: Article, rendered: Rendered) -> dict[str, str]:
    """The text of every field but `category`: what the article alone decides (its category's
    title is the site's), so the build's article workers can analyse it (`prepare_terms`)."""
    return {
        "title": article.title,
        "keywords": "\n".join((*article.keywords, *article.tags)),
        "headings": "\n".join(text for level, _, text in rendered.headings if level >= 2),
        "description": (article.description or rendered.summary).strip(),
        "body": rendered.text,
    }


def to_doc(site: Site, article: Article, rendered: Rendered, base: str = "/") -> SearchDoc:
    crumbs = [
        site.categories[article.category[:i]]
        for i in range(1, len(article.category) + 1)
        if article.category[:i] in site.categories
    ]
    fields = {**article_fields(article, rendered), "category": "\n".join(c.title for c in crumbs)}
    summary = fields["description"]
    return SearchDoc(
        id=article.id,
        url=base + article.url,
        source=article.source,
        lang=article.lang,
        title=article.title,
        category="/".join(article.category),
        category_title=crumbs[-1].title if crumbs else "",
        summary=summary[:300],
        fields=fields,
        text=rendered.text[:SNIPPET_SOURCE_CHARS],
    )
