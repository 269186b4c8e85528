"""Write the exports for AI agents: markdown copies, llms.txt, llms-full.txt, articles.jsonl,
chunks.jsonl, policies.json and the JSON Schemas under `_schemas/`.

They cover the articles of the build's audience that are listed (not drafts): a public build
never holds an internal article; `--audience internal` makes the same files with them (the
agent knowledge pack).
"""

from __future__ import annotations

from pathlib import Path

from helpgen.errors import HelpgenError, Problem
from helpgen.exports.llms import plan_sections, render_llms_full, render_llms_txt
from helpgen.exports.markdown import LinkRewriter, absolute, markdown_copy, markdown_path
from helpgen.exports.policies import render_policies
from helpgen.exports.records import AgentDoc, article_record, chunk_records, to_jsonl
from helpgen.render.sections import faq_page_pairs, question_pairs
from helpgen.render.pages import PageContext

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = ("article.schema.json", "chunk.schema.json", "policies.schema.json")
"""Shipped with helpgen, written into the site under `_schemas/`."""


def agent_docs(ctx: PageContext) -> dict[str, AgentDoc]:
    """An AgentDoc for each listed article, by source path. Raises HelpgenError on duplicate ids."""
    _check_ids(ctx)
    rewriter = LinkRewriter(ctx.targets, ctx.urls)
    docs = {}
    for article in ctx.site.listed:
        rendered = ctx.rendered[article.source]
        sections, details = list(rendered.sections), list(rendered.details_questions)
        path = article.category
        docs[article.source] = AgentDoc(
            article=article, url=absolute(ctx.urls, article.url),
            markdown_url=absolute(ctx.urls, markdown_path(article)), description=ctx.descriptions[article.source],
            category_titles=tuple(ctx.site.categories[path[:i]].title for i in range(1, len(path) + 1)),
            markdown=rewriter.rewrite(article).strip(), text=rendered.text, headings=rendered.headings,
            sections=tuple(sections),
            # on an FAQ page every ## heading is a question, phrased with "?" or not
            faq=tuple(faq_page_pairs(sections) + details if article.type == "faq" else question_pairs(sections, details)),
        )
    return docs


def write_agent_exports(ctx: PageContext, writer) -> None:
    """Write every agent export through `writer` (a SiteWriter): same input, same bytes."""
    docs = agent_docs(ctx)
    by_id = sorted(docs.values(), key=lambda d: d.article.id)
    for doc in by_id:
        writer.write(markdown_path(doc.article), markdown_copy(doc.article, doc.markdown))
    sections = plan_sections(ctx.project, ctx.site, docs)
    writer.write("llms.txt", render_llms_txt(ctx.project, sections, len(docs), absolute(ctx.urls, "llms-full.txt")))
    writer.write("llms-full.txt", render_llms_full(ctx.project, sections, len(docs)))
    writer.write("articles.jsonl", to_jsonl([article_record(d) for d in by_id]))
    writer.write("chunks.jsonl", to_jsonl([c for d in by_id for c in chunk_records(d)]))
    writer.write("policies.json", render_policies(ctx.project))
    for name in SCHEMA_FILES:
        writer.write(f"_schemas/{name}", (SCHEMAS / name).read_bytes())


def _check_ids(ctx: PageContext) -> None:
    seen: dict[str, str] = {}
    problems = []
    for article in ctx.site.listed:
        other = seen.setdefault(article.id, article.source)
        if other != article.source:
            problems.append(Problem(ctx.project.display(ctx.project.content_dir / article.source), None,
                                    f"duplicate id '{article.id}': {other} has it too", code="duplicate-id",
                                    hint="ids must be unique: change the `id` in one front matter"))
    if problems:
        raise HelpgenError(problems)
