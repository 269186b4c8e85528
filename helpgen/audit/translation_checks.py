"""Check of translations: articles of the site's language that another language lacks.

An article's translations share its translation key (`Article.key`, set by the content
stage): its front matter `id` when it sets one, else its path under content_dir without a
language folder (`id/returns.md`) or a language suffix (`returns.id.md`). With articles in
one language there is nothing to report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from helpgen.audit.context import AuditContext
from helpgen.audit.finding import Finding
from helpgen.content import Article


def check_translations(ctx: AuditContext) -> Iterator[Finding]:
    """untranslated: articles of the site's language missing in another language, or translated
    before the original's last update."""
    languages = {a.lang for a in ctx.published} | set(ctx.project.config.languages)
    if len(languages) < 2:
        return
    versions: dict[str, dict[str, Article]] = defaultdict(dict)
    for article in ctx.published:
        versions[article.key][article.lang] = article
    default = ctx.project.config.language
    for by_lang in versions.values():
        original = by_lang.get(default)
        if original is None:
            continue
        missing = sorted(languages - set(by_lang))
        if missing:
            yield Finding(
                "untranslated",
                "warning",
                ctx.shown(original),
                1,
                f"no {', '.join(missing)} version of this article",
                "translate it, with the same file path under the language's folder or the same "
                "front matter `id`",
            )
        yield from _outdated(ctx, original, by_lang)


def _outdated(
    ctx: AuditContext, original: Article, by_lang: dict[str, Article]
) -> Iterator[Finding]:
    for lang, version in sorted(by_lang.items()):
        if (
            version is original
            or not (original.updated and version.updated)
            or version.updated >= original.updated
        ):
            continue
        yield Finding(
            "untranslated",
            "warning",
            ctx.shown(version),
            ctx.key_line(version, "updated") or 1,
            f"the {lang} version was updated {version.updated}, before the original "
            f"({ctx.shown(original)}, {original.updated})",
            "bring the translation up to date with the original, then set its `updated:`",
        )
