"""Checks of an article's body: images without alt text, walls of text, the house terminology."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from helpgen.audit.context import AuditContext
from helpgen.audit.finding import Finding
from helpgen.content import Article
from helpgen.content.variables import code_spans
from helpgen.render.extensions import MARKER
from helpgen.render.markdown import lines_of


def check_image_alt(ctx: AuditContext) -> Iterator[Finding]:
    """image-alt: images with no alt text, which screen readers announce as a file name or not at
    all."""
    for article in ctx.published:
        rendered = ctx.rendered[article.source]
        written = {
            link.target: link.raw for link in rendered.links if link.kind in ("asset", "src")
        }
        # as written in the markdown: an internal image's src is a marker by now
        srcs = [
            written.get(src.split(":", 2)[2], src) if src.startswith(MARKER) else src
            for src, _ in rendered.images
        ]
        for src, (_, alt), line in zip(srcs, rendered.images, lines_of(article, srcs), strict=True):
            if not alt.strip():
                yield Finding(
                    "image-alt",
                    "warning",
                    ctx.shown(article),
                    line,
                    f"image '{src}' has no alt text",
                    "describe what it shows in the brackets: ![Order page with the Track "
                    "button](...)",
                )


def check_headings(ctx: AuditContext) -> Iterator[Finding]:
    """headings: articles longer than `audit.long_article_words` words without a single heading."""
    limit = ctx.audit.long_article_words
    for article in ctx.published:
        rendered = ctx.rendered[article.source]
        if rendered.words > limit and not rendered.headings:
            yield Finding(
                "headings",
                "warning",
                ctx.shown(article),
                article.body_line,
                f"{rendered.words} words and no headings: readers cannot scan it or jump to their "
                "part",
                "split it with `##` headings that say what each part answers",
            )


def check_terminology(ctx: AuditContext) -> Iterator[Finding]:
    """terminology: variants of a `glossary` term in titles and prose (code is left alone)."""
    patterns = glossary_patterns(ctx.project.config.glossary)
    if not patterns:
        return
    for article in ctx.published:
        yield from _terms_in(ctx, article, patterns)


def glossary_patterns(glossary: dict[str, list[str]]) -> list[tuple[str, re.Pattern]]:
    """(preferred term, pattern of one variant), a whole-word match. A variant that differs from the
    preferred term only in case (Sendgrid for SendGrid) matches case-sensitively, the others in
    any case."""
    out = []
    for preferred, variants in glossary.items():
        seen = set()
        for variant in variants:
            exact = variant.casefold() == preferred.casefold()
            key = variant if exact else variant.casefold()
            if not variant.strip() or key in seen:
                continue
            seen.add(key)
            flags = 0 if exact else re.IGNORECASE
            out.append(
                (preferred, re.compile(rf"(?<![\w/.#-]){re.escape(variant)}(?![\w-])", flags))
            )
    return out


def _terms_in(ctx: AuditContext, article: Article, patterns) -> Iterator[Finding]:
    code = code_spans(article.body)
    starts = [s for s, _ in code]
    for preferred, pattern in patterns:
        lines, words = [], set()
        if pattern.search(article.title):
            lines.append(ctx.key_line(article, "title") or 1)
            words.add(pattern.search(article.title).group(0))
        for m in pattern.finditer(article.body):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < code[i][1]:
                continue  # code shows what a screen or API literally says
            lines.append(article.body_line + article.body.count("\n", 0, m.start()))
            words.add(m.group(0))
        if lines:
            times = (
                f"{len(lines)} times, lines {', '.join(map(str, sorted(set(lines))))}"
                if len(lines) > 1
                else "once"
            )
            yield Finding(
                "terminology",
                "warning",
                ctx.shown(article),
                min(lines),
                f"'{', '.join(sorted(words))}' ({times}): the glossary says '{preferred}'",
                f"write '{preferred}' (glossary in helpgen.yml)",
            )
