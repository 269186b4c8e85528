"""Checks of what search engines and result lists show: titles, descriptions, FAQ questions."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from helpgen.audit.context import AuditContext
from helpgen.audit.finding import Finding, name_some, plural
from helpgen.content import Article
from helpgen.render.sections import faq_page_pairs, question_pairs
from helpgen.render.views import description_of

_NOT_WORD = re.compile(r"[\W_]+")


def check_titles(ctx: AuditContext) -> Iterator[Finding]:
    """title: articles without a title of their own, or with one longer than `audit.title_max`."""
    limit = ctx.audit.title_max
    for article in ctx.published:
        line = ctx.key_line(article, "title") or 1
        if article.untitled:
            yield Finding(
                "title",
                "warning",
                ctx.shown(article),
                1,
                f"no title: the page is titled '{article.title}' after its file name",
                "add `title:` to the front matter, or start the article with a `# Heading`",
            )
        elif len(article.title) > limit:
            yield Finding(
                "title",
                "warning",
                ctx.shown(article),
                line,
                f"title is {len(article.title)} characters long (over {limit}): search results cut "
                "it off",
                "shorten it to the words a customer would search for; details go in the "
                "description",
            )


def check_descriptions(ctx: AuditContext) -> Iterator[Finding]:
    """description: the meta description (front matter, else the first paragraph) missing or outside
    `audit.description_min`–`audit.description_max` characters."""
    low, high = ctx.audit.description_min, ctx.audit.description_max
    for article in ctx.published:
        text = description_of(article, ctx.rendered[article.source])
        own = bool(article.description)
        line = ctx.key_line(article, "description") or 1
        if not text:
            yield Finding(
                "description",
                "warning",
                ctx.shown(article),
                1,
                "no description, and no first paragraph to take one from",
                f"add `description:` ({low}–{high} characters) saying what the article answers",
            )
        elif not low <= len(text) <= high:
            which = "description" if own else "description (taken from the first paragraph)"
            yield Finding(
                "description",
                "warning",
                ctx.shown(article),
                line,
                f"{which} is {plural(len(text), 'character')} long, outside {low}–{high}",
                f"write a `description:` of {low}–{high} characters: search results show it under "
                "the title",
            )


def check_duplicate_titles(ctx: AuditContext) -> Iterator[Finding]:
    """duplicate-title: articles of one language sharing a title; readers cannot tell them apart."""
    groups: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in ctx.published:
        groups[(article.lang, _normalized(article.title))].append(article)
    for same in groups.values():
        for article in same if len(same) > 1 else ():
            others = name_some([ctx.shown(o) for o in same if o is not article])
            yield Finding(
                "duplicate-title",
                "warning",
                ctx.shown(article),
                ctx.key_line(article, "title") or 1,
                f"title '{article.title}' is also the title of {others}",
                "make each title say what is different; search results and tabs show only the "
                "title",
            )


def check_duplicate_questions(ctx: AuditContext) -> Iterator[Finding]:
    """duplicate-question: one FAQ question answered in two places, whose answers drift apart."""
    asked: dict[tuple[str, str], list[tuple[Article, str]]] = defaultdict(list)
    for article in ctx.published:
        for question in questions_of(ctx, article):
            asked[(article.lang, _normalized(question))].append((article, question))
    for places in asked.values():
        for i, (article, question) in enumerate(places if len(places) > 1 else ()):
            others = name_some([ctx.shown(a) for j, (a, _) in enumerate(places) if j != i])
            yield Finding(
                "duplicate-question",
                "warning",
                ctx.shown(article),
                ctx.body_line(article, question),
                f"question '{question}' is also answered in {others}",
                "answer it in one place and link there from the others",
            )


def questions_of(ctx: AuditContext, article: Article) -> list[str]:
    """The questions an article answers, as the FAQ exports and search read them."""
    rendered = ctx.rendered[article.source]
    sections = list(rendered.sections)
    pairs = (
        faq_page_pairs(sections)
        if article.type == "faq"
        else question_pairs(sections, list(rendered.details_questions))
    )
    return [qa.question for qa in pairs]


def _normalized(text: str) -> str:
    return _NOT_WORD.sub(" ", text.casefold()).strip()
