"""Translations: which articles are the same article in another language, and what stands in
for one a language lacks (docs/i18n.md). Plain data, like the rest of the content stage."""

from __future__ import annotations

from dataclasses import replace

from helpgen.config import Project
from helpgen.content.article import Article, Category
from helpgen.content.urls import language_prefix


def translation_path(source: str, lang: str) -> str:
    """The path an article shares with its translations when no front matter `id` links them:
    without `.md`, a leading folder named after its language (`id/returns.md`, outside a
    configured language's tree) or a language suffix (`returns.id.md`) -> `returns`."""
    stem = source.rsplit(".", 1)[0]
    if stem.startswith(f"{lang}/"):
        stem = stem[len(lang) + 1 :]
    return stem[: -len(lang) - 1] if stem.endswith(f".{lang}") else stem


def link_translations(project: Project, articles: list[Article]) -> list[Article]:
    """A translation without a front matter `id` takes the key of the default-language article
    at the same path, so that either link (shared `id`, same path) makes them one article."""
    config = project.config
    if len(config.site_languages) < 2:
        return articles
    by_path = {a.source.rsplit(".", 1)[0]: a.key for a in articles if a.lang == config.language}
    return [
        replace(a, key=by_path[a.key])
        if a.lang != config.language and a.key in by_path and a.id == a.source.rsplit(".", 1)[0]
        else a
        for a in articles
    ]


def stand_ins(project: Project, articles: list[Article], taken: set[str]) -> list[Article]:
    """For each other language, a stand-in page of every listed default-language article it
    lacks: the original's text under that language's URL and categories (docs/i18n.md)."""
    config = project.config
    default = config.language
    present = {(a.lang, a.key) for a in articles}
    skip = len(language_prefix(default, default, config.default_language_at_root))
    out = []
    for lang in config.site_languages[1:]:
        prefix = language_prefix(lang, default, config.default_language_at_root)
        for a in articles:
            url = prefix + a.url[skip:]
            if a.lang != default or not a.listed or (lang, a.key) in present or url in taken:
                continue
            out.append(
                replace(
                    a,
                    source=f"{lang}/{a.source}",
                    id=f"{lang}/{a.key}",
                    url=url,
                    lang=lang,
                    category=(lang, *a.category),
                    redirect_from=(),
                    fallback_of=a.source,
                )
            )
    return out


def mirror_titles(
    project: Project, categories: dict[tuple[str, ...], Category], untitled: set[tuple[str, ...]]
) -> dict[tuple[str, ...], Category]:
    """A folder of another language's tree without its own `_category.yml` shows the default
    language's category: its title, description, icon and order."""
    others = set(project.config.site_languages[1:])
    out = dict(categories)
    for path, category in categories.items():
        original = categories.get(path[1:])
        if (
            path in untitled
            and path[:1]
            and path[0] in others
            and original is not None
            and path[1:]
        ):
            out[path] = replace(
                category,
                title=original.title,
                description=original.description,
                icon=original.icon,
                order=original.order,
            )
    return out
