"""articles.jsonl and chunks.jsonl: one JSON object a line, for retrieval pipelines.

The shapes are `helpgen/exports/schemas/{article,chunk}.schema.json` (docs/exports.md).
Ids are stable: an article's is its front matter `id`, else its source path without `.md`;
a chunk's is `<article id>#<heading anchor>:<ordinal within that heading>`, so adding,
removing or editing another article never changes them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from helpgen.content import Article
from helpgen.render.sections import QA, Section, split_words

CHUNK_WORDS = 300
"""Most words in one chunk; a longer section is split between paragraphs."""


@dataclass(frozen=True)
class AgentDoc:
    """One public article with everything the agent exports say about it."""

    article: Article
    url: str
    """Absolute URL of its page (root-relative without `site_url`)."""
    markdown_url: str
    """Absolute URL of its markdown copy."""
    description: str
    category_titles: tuple[str, ...]
    markdown: str
    """Its body with every site link absolute (no title, no front matter)."""
    text: str
    headings: tuple[tuple[int, str, str], ...]
    sections: tuple[Section, ...]
    faq: tuple[QA, ...]

    def anchored(self, anchor: str) -> str:
        return f"{self.url}#{anchor}" if anchor else self.url


def article_record(doc: AgentDoc) -> dict:
    """The articles.jsonl line of one article."""
    a = doc.article
    return {
        "id": a.id,
        "source": a.source,
        "path": a.url,
        "url": doc.url,
        "markdown_url": doc.markdown_url,
        "title": a.title,
        "description": doc.description,
        "category": list(a.category),
        "category_titles": list(doc.category_titles),
        "tags": list(a.tags),
        "keywords": list(a.keywords),
        "lang": a.lang,
        "audience": a.audience,
        "updated": _date(a.updated),
        "valid_from": _date(a.valid_from),
        "valid_until": _date(a.valid_until),
        "markdown": doc.markdown,
        "text": doc.text,
        "headings": [
            {"level": level, "id": hid, "text": text} for level, hid, text in doc.headings
        ],
        "faq": [
            {"question": qa.question, "answer": qa.answer, "url": doc.anchored(qa.anchor)}
            for qa in doc.faq
        ],
    }


def chunk_records(doc: AgentDoc, limit: int = CHUNK_WORDS) -> list[dict]:
    """The chunks.jsonl lines of one article: each heading's text in passages of ≤ `limit` words."""
    a = doc.article
    chunks: list[dict] = []
    seen: dict[str, int] = {}
    for section in doc.sections:
        for passage in split_words(section.lines, limit):
            ordinal = seen[section.anchor] = seen.get(section.anchor, 0) + 1
            chunks.append(
                {
                    "id": f"{a.id}#{section.anchor}:{ordinal}",
                    "article_id": a.id,
                    "ordinal": ordinal,
                    "url": doc.anchored(section.anchor),
                    "anchor": section.anchor,
                    "title": a.title,
                    "heading_path": list(section.path),
                    "text": passage,
                    "words": len(passage.split()),
                    "lang": a.lang,
                    "category": list(a.category),
                    "audience": a.audience,
                }
            )
    return chunks


_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})
"""Characters that some readers (Python's str.splitlines) take for line ends: escaped, so a line is
a record."""


def to_jsonl(records: list[dict]) -> str:
    """One compact JSON object a line, keys sorted, UTF-8 as is: the same records give the same
    bytes."""
    return "".join(
        _one_line(json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":"))) + "\n"
        for r in records
    )


def _one_line(text: str) -> str:
    # str.translate walks every character in Python; these characters are rare, so look first
    return text.translate(_LINE_BREAKS) if any(c in text for c in "\u2028\u2029\x85") else text


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
