"""Write the exports for AI agents: markdown copies, llms.txt, llms-full.txt, articles.jsonl,
chunks.jsonl, policies.json and the JSON Schemas under `_schemas/`.

They cover the articles of the build's audience that are listed (not drafts): a public build
never holds an internal article; `--audience internal` makes the same files with them (the
agent knowledge pack).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from helpgen.errors import HelpgenError, Problem
from helpgen.exports.llms import plan_sections, render_llms_full, render_llms_txt
from helpgen.exports.markdown import LinkRewriter, absolute, markdown_copy, markdown_path
from helpgen.exports.policies import render_policies
from helpgen.exports.records import AgentDoc, article_record, chunk_records, to_jsonl
from helpgen.render.pages import PageContext
from helpgen.render.sections import faq_page_pairs, question_pairs

if TYPE_CHECKING:  # for the annotation only: exports do not depend on the build
    from helpgen.builder.cache import ArticleCache

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = ("article.schema.json", "chunk.schema.json", "policies.schema.json")
"""Shipped with helpgen, written into the site under `_schemas/`."""
FORMAT = 1
"""Of the cached `Exported` entries (the cache's code fingerprint covers changes to this module
too)."""


@dataclass(frozen=True)
class Exported:
    """What the exports hold of one article: its AgentDoc and its lines of the two JSONL files."""

    doc: AgentDoc
    article_line: str
    chunk_lines: str


@dataclass
class ExportMemo:
    """Each article's `Exported`, kept in the build's cache between builds. An entry is keyed by the
    article's content key and by everything else it depends on: the site's URLs (as links resolve
    against them), the article's category titles and the project's URLs."""

    cache: ArticleCache
    """The build's cache: `get_many(keys)` and `put(key, value)`."""
    keys: dict[str, str]
    """Each article's content key, by source path."""
    made: dict[str, str | None] = field(default_factory=dict, repr=False)
    """Entry keys made so far, by source path: `known` makes them, `new_entries` (in the forked
    exports process) uses them again."""

    def key(self, ctx: PageContext, article) -> str | None:
        if article.source not in self.made:
            content = self.keys.get(article.source)
            site = (
                ctx.targets.fingerprint,
                ctx.urls.absolute(""),
                ctx.urls.base,
                _category_titles(ctx, article),
                FORMAT,
            )
            self.made[article.source] = (
                "export:" + hashlib.sha256(f"{content}\0{site!r}".encode()).hexdigest()
                if content
                else None
            )
        return self.made[article.source]

    def known(self, ctx: PageContext) -> dict[str, Exported]:
        """The entries the cache has for this site's listed articles, by source path."""
        keys = {article.source: self.key(ctx, article) for article in ctx.site.listed}
        entries = self.cache.get_many([key for key in keys.values() if key])
        return {
            source: entry
            for source, key in keys.items()
            if key and isinstance(entry := entries.get(key), Exported)
        }

    def new_entries(
        self, ctx: PageContext, exported: dict[str, Exported], known: dict[str, Exported]
    ) -> dict:
        """The entries to add to the cache, pickled (`ArticleCache.put_pickled`): those not
        `known`."""
        entries = {}
        for article in ctx.site.listed:
            key = self.key(ctx, article)
            if key and article.source not in known:
                entries[key] = pickle.dumps(
                    exported[article.source], protocol=pickle.HIGHEST_PROTOCOL
                )
        return entries


def agent_docs(ctx: PageContext, known: dict[str, Exported] | None = None) -> dict[str, Exported]:
    """What the exports hold of each listed article, by source path: from `known` (the memo's
    entries) where it has the article. Raises HelpgenError on duplicate ids."""
    check_ids(ctx)
    rewriter = LinkRewriter(ctx.targets, ctx.urls)
    known = known or {}
    return {
        a.source: known.get(a.source) or _exported(_agent_doc(ctx, rewriter, a))
        for a in ctx.site.listed
    }


def _agent_doc(ctx: PageContext, rewriter: LinkRewriter, article) -> AgentDoc:
    rendered = ctx.rendered[article.source]
    sections, details = list(rendered.sections), list(rendered.details_questions)
    return AgentDoc(
        article=article,
        url=absolute(ctx.urls, article.url),
        markdown_url=absolute(ctx.urls, markdown_path(article)),
        description=ctx.descriptions[article.source],
        category_titles=_category_titles(ctx, article),
        markdown=rewriter.rewrite(article).strip(),
        text=rendered.text,
        headings=rendered.headings,
        sections=tuple(sections),
        # on an FAQ page every ## heading is a question, phrased with "?" or not
        faq=tuple(
            faq_page_pairs(sections) + details
            if article.type == "faq"
            else question_pairs(sections, details)
        ),
    )


def _category_titles(ctx: PageContext, article) -> tuple[str, ...]:
    path = article.category
    return tuple(ctx.site.categories[path[:i]].title for i in range(1, len(path) + 1))


def _exported(doc: AgentDoc) -> Exported:
    return Exported(doc, to_jsonl([article_record(doc)]), to_jsonl(chunk_records(doc)))


def write_agent_exports(
    ctx: PageContext, writer, known: dict[str, Exported] | None = None
) -> dict[str, Exported]:
    """Write every agent export through `writer` (a SiteWriter): same input, same bytes.
    `known`: entries of an ExportMemo (`known()`); returns every article's entry, by source."""
    exported = agent_docs(ctx, known)
    docs = {source: e.doc for source, e in exported.items()}
    by_id = sorted(exported.values(), key=lambda e: e.doc.article.id)
    for e in by_id:
        writer.write(markdown_path(e.doc.article), markdown_copy(e.doc.article, e.doc.markdown))
    sections = plan_sections(ctx.project, ctx.site, docs)
    writer.write(
        "llms.txt",
        render_llms_txt(ctx.project, sections, len(docs), absolute(ctx.urls, "llms-full.txt")),
    )
    writer.write("llms-full.txt", render_llms_full(ctx.project, sections, len(docs)))
    writer.write("articles.jsonl", "".join(e.article_line for e in by_id))
    writer.write("chunks.jsonl", "".join(e.chunk_lines for e in by_id))
    writer.write("policies.json", render_policies(ctx.project))
    for name in SCHEMA_FILES:
        writer.write(f"_schemas/{name}", (SCHEMAS / name).read_bytes())
    return exported


def check_ids(ctx: PageContext) -> None:
    """HelpgenError when two listed articles have the same id."""
    seen: dict[str, str] = {}
    problems = []
    for article in ctx.site.listed:
        other = seen.setdefault(article.id, article.source)
        if other != article.source:
            problems.append(
                Problem(
                    ctx.project.display(ctx.project.content_dir / article.source),
                    None,
                    f"duplicate id '{article.id}': {other} has it too",
                    code="duplicate-id",
                    hint="ids must be unique: change the `id` in one front matter",
                )
            )
    if problems:
        raise HelpgenError(problems)
