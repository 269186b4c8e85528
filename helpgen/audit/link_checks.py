"""Checks of the links between articles: broken links and anchors, and articles nothing links to."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from helpgen.audit.context import AuditContext
from helpgen.audit.finding import Finding, from_problem
from helpgen.errors import Problem
from helpgen.render.links import check_links
from helpgen.render.rendered import Link, Rendered

ANCHOR_HINT = (
    "link to the id of one of the target's headings (its table of contents shows them), "
    "or drop the #part"
)


def check_broken_links(ctx: AuditContext) -> Iterator[Finding]:
    """broken-link, broken-anchor: the build's own link check over every page of the site."""
    for article in ctx.site.articles:
        rendered = ctx.rendered[article.source]
        for problem in check_links(article, rendered, ctx.targets, ctx.shown(article)):
            if problem.code == "broken-anchor":
                yield from_problem(
                    problem, "broken-anchor", "warning", _anchor_hint(ctx, rendered, problem)
                )
            else:
                yield from_problem(problem, "broken-link", "error")


def _anchor_hint(ctx: AuditContext, rendered: Rendered, problem: Problem) -> str:
    """The generic advice, led by the target's id closest to the one written, when one is close."""
    link = next(
        (k for k in rendered.links if k.line == problem.line and f"'{k.raw}'" in problem.message),
        None,
    )
    if link is None:
        return ANCHOR_HINT
    target = ctx.targets.find(link)[1] if link.kind != "anchor" else None
    ids = (
        rendered.anchors
        if link.kind == "anchor"
        else ctx.targets.anchors.get(target.source, ())
        if target
        else ()
    )
    by_folded = {i.casefold(): i for i in ids}
    close = difflib.get_close_matches(
        link.fragment.casefold().strip("-/"), list(by_folded), n=1, cutoff=0.75
    )
    return f"did you mean '#{by_folded[close[0]]}'? {ANCHOR_HINT}" if close else ANCHOR_HINT


def check_orphans(ctx: AuditContext) -> Iterator[Finding]:
    """orphan: published articles no other article links to and the home page does not feature.

    Category pages list every article, so they do not count: an orphan is reachable only by
    browsing its category or by search.
    """
    linked = linked_sources(ctx)
    for article in ctx.published:
        if article.source not in linked:
            yield Finding(
                "orphan",
                "info",
                ctx.shown(article),
                1,
                "no other article links here and the home page does not feature it",
                "link to it from the articles a reader sees before needing it, or add it to "
                "`featured`",
            )


def linked_sources(ctx: AuditContext) -> set[str]:
    """Sources of the articles that another published article links to, or that the config features
    or links to from every page (header and footer links, the announcement)."""
    config = ctx.project.config
    linked = {f"{path}.md" for path in config.featured}
    if config.announcement and config.announcement.article:
        linked.add(f"{config.announcement.article}.md")
    urls = [link.url for link in config.header_links + config.footer_links]
    urls += [config.announcement.url] if config.announcement and config.announcement.url else []
    for url in urls:
        if url.startswith("/") and not url.startswith(
            "//"
        ):  # a path of this site, not another one's
            target = ctx.targets.find(Link("url", url, "", url, None))[1]
            linked.update([target.source] if target else [])
    for article in ctx.published:
        for link in ctx.rendered[article.source].links:
            if link.kind == "anchor":
                continue
            _, target = ctx.targets.find(link)
            if target is not None and target.source != article.source:
                linked.add(target.source)
    return linked
