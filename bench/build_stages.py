#!/usr/bin/env python3
"""CPU of each stage of a cold build, one after another in one process.

    python bench/build_stages.py [PROJECT]     # default: the shared corpus, copied to a temp folder

`helpgen build` spreads these stages over the cores (article workers, then the Whoosh index,
the static index and the agent exports in forked processes while the pages render); here
each runs alone, so their CPU seconds add up to what any schedule on any number of cores
must spend. With `cores` cores, a build cannot take less wall time than the sum divided
by `cores`: the figure to hold a speed target against. For comparison it also times
Python-Markdown alone over the same articles, with helpgen's extensions and with MkDocs'
default set (toc, tables, fenced_code). Run on demand, not in CI.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpora" / "sendgrid-docs" / "content"


def cpu(label: str, fn, figures: dict) -> object:
    """Run `fn`, note its CPU seconds (this process only) under `label`, return its result."""
    start = time.process_time()
    result = fn()
    figures[label] = time.process_time() - start
    return result


def shared_project(workdir: Path) -> Path:
    """A helpgen project over the shared corpus (`variables: {root_url: ""}`)."""
    (workdir / "helpgen.yml").write_text(
        f'site_name: Bench\ncontent_dir: "{SHARED}"\nvariables: {{root_url: ""}}\n',
        encoding="utf-8",
    )
    return workdir


def measure(project_dir: Path, scratch: Path) -> dict[str, float]:
    import markdown

    from helpgen.builder.articles import process_one
    from helpgen.builder.pipeline import _article_page, _site_page_jobs, page_context
    from helpgen.config import load_project
    from helpgen.content import Site, assemble_site, discover, load_article, read_source
    from helpgen.errors import Report
    from helpgen.exports.agents import write_agent_exports
    from helpgen.mkdocs_plugin.bridge import DirectoryWriter
    from helpgen.render.markdown import prepare, render_markdown
    from helpgen.search import build as search_build
    from helpgen.search.documents import search_docs
    from helpgen.search.whoosh_index import write_index

    figures: dict[str, float] = {}
    project = load_project(project_dir)
    sources, category_files, assets = discover(project.content_dir)
    jobs = [(project, s, read_source(project.content_dir, s, s)) for s in sources]
    cpu(
        "lexers and converters (before the workers fork)",
        lambda: prepare([d for _, _, d in jobs]),
        figures,
    )
    processed = cpu(
        "per-article work (front matter, Markdown, sections, search terms)",
        lambda: [process_one(job) for job in jobs],
        figures,
    )
    loaded = [p for p in processed if p.article is not None]
    site: Site = assemble_site(
        project, [p.article for p in loaded], category_files, assets, Report(), "public", None
    )
    rendered = {p.source: p.rendered for p in loaded}
    docs = search_docs(site, rendered, "/")
    terms = {p.source: p.terms for p in loaded if p.terms}
    fresh = {
        d.fingerprint: search_build._analyse(
            search_build._indexing_analyzer(d.lang), d, terms.get(d.source)
        )
        for d in docs
    }
    cpu(
        "Whoosh index",
        lambda: write_index(
            scratch / "index", None, {"format": 1}, docs, lambda d: fresh[d.fingerprint]
        ),
        figures,
    )
    cpu(
        "static browser index",
        lambda: search_build._static_files(
            project.config, docs, "/", None, fresh, scratch / "state.pickle"
        ),
        figures,
    )
    ctx = page_context(project, site, rendered)
    pages = _site_page_jobs(ctx) + [
        (f"{a.url}index.html", partial(_article_page, ctx, a)) for a in site.articles
    ]
    cpu("pages", lambda: [make().html() for _, make in pages], figures)
    cpu(
        "agent exports",
        lambda: write_agent_exports(ctx, DirectoryWriter(scratch / "site")),
        figures,
    )
    total = sum(figures.values())
    articles = [load_article(project, s, d)[0] for _, s, d in jobs]
    cpu(
        "  of the per-article work: Markdown with helpgen's extensions",
        lambda: [render_markdown(a, a.source) for a in articles],
        figures,
    )
    mkdocs_default = markdown.Markdown(extensions=["toc", "tables", "fenced_code"])
    cpu(
        "  for comparison: Markdown with MkDocs' default extensions",
        lambda: [(mkdocs_default.reset(), mkdocs_default.convert(a.body)) for a in articles],
        figures,
    )
    figures["total of the stages"] = total
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "project", nargs="?", type=Path, help="a helpgen project (default: the shared corpus)"
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="helpgen-stages-") as tmp:
        project = args.project or shared_project(Path(tmp))
        scratch = Path(tmp) / "scratch"
        scratch.mkdir()
        figures = measure(project.resolve(), scratch)
    cores = os.cpu_count() or 1
    for label, seconds in figures.items():
        print(f"{seconds:7.2f} s  {label}")
    print(
        f"{figures['total of the stages'] / cores:7.2f} s  "
        f"the least wall time of a cold build on {cores} cores "
        f"(the total over {cores}, with no start-up, forks or waiting)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
