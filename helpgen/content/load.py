"""Find the articles and categories under content_dir and load them into a `Site`."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath

from helpgen.config import Project
from helpgen.content import frontmatter, variables
from helpgen.content.article import Article, Category
from helpgen.content.site import Site
from helpgen.content.translations import (
    link_translations,
    mirror_titles,
    stand_ins,
    translation_path,
)
from helpgen.content.urls import (
    FOLDER_PAGE_NAMES,
    article_url,
    category_url,
    language_prefix,
    split_language,
)
from helpgen.errors import HelpgenError, Problem, Report
from helpgen.symlinks import Escape, walk
from helpgen.yaml_source import load_yaml

# a leading H1, ATX (`# Title`) or setext (`Title` over `=====`)
_H1 = re.compile(
    r"\A\s*(?:#[ \t]+(?P<atx>.+?)[ \t#]*|(?P<setext>[^\n]*\S[^\n]*)\n=+[ \t]*"
    r"|<h1\b[^>]*>(?P<html>.*?)</h1\s*>[ \t]*)(?:\n|\Z)",
    re.S | re.I,
)
_TAGS = re.compile(r"<[^>]+>")
_INLINE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|(\*{1,3}|_{1,3}|`+|~~)(.+?)\2")
_SKIP = re.compile(r"^[._]")


def discover(
    content_dir: Path, skipped: list[Escape] | None = None
) -> tuple[list[str], list[str], list[str]]:
    """Markdown sources, `_category.yml` files and other files (assets), POSIX paths, sorted.

    Nothing whose real path leaves content_dir (or lies in a part never published) is
    listed; such links are added to `skipped`, each once, for the caller to warn about.
    """
    markdown, categories, assets = [], [], []
    files, escapes = walk(content_dir, unpublished)
    if skipped is not None:
        skipped.extend(escapes)
    for path in files:
        rel = path.relative_to(content_dir).as_posix()
        if path.name == "_category.yml":
            categories.append(rel)
        elif path.suffix.lower() in (".md", ".markdown"):
            markdown.append(rel)
        else:
            assets.append(rel)
    return markdown, categories, assets


def unpublished(name: str) -> bool:
    """Whether a file or folder of content_dir is left out: `.git/`, `_drafts/`, `_partial.md`."""
    return bool(_SKIP.match(name)) and name != "_category.yml"


def read_source(content_dir: Path, source: str, shown: str) -> bytes:
    """The raw bytes of a source file, or a HelpgenError saying why it cannot be read."""
    try:
        return (content_dir / source).read_bytes()
    except OSError as exc:
        raise HelpgenError(
            Problem(
                shown,
                None,
                f"cannot read file: {exc.strerror}",
                hint="check the file's permissions",
                code="unreadable",
            )
        ) from None


def content_hash(data: bytes, salt: str) -> str:
    """Cache key of a source: its bytes plus everything in the config that changes its output."""
    return hashlib.sha256(salt.encode() + b"\0" + data).hexdigest()


def load_article(project: Project, source: str, data: bytes) -> tuple[Article, list[Problem]]:
    """Build the Article for one source file from its bytes. Raises HelpgenError if unusable."""
    shown = project.display(project.content_dir / source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise HelpgenError(
            Problem(
                shown,
                line,
                f"not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x})",
                hint="save the file as UTF-8",
                code="encoding",
            )
        ) from None
    text = text.replace("\r\n", "\n")
    fm = frontmatter.read(text, shown)
    values, config = fm.values, project.config
    body, problems = variables.resolve(fm.body, config.variables, shown, fm.body_line)
    for name in ("title", "description"):  # shown on the page, so they take variables too
        if name in values:
            values[name], more = variables.resolve(
                values[name], config.variables, shown, fm.lines[name]
            )
            problems += more
    body_line = fm.body_line
    title = values.get("title")
    h1 = _H1.match(body)
    if h1:  # the page template shows the title as the one H1
        heading = (
            h1.group("atx")
            or h1.group("setext")
            or html.unescape(_TAGS.sub("", h1.group("html") or ""))
        )
        title = title or plain_title(heading)
        body_line += body[: h1.end()].count("\n")
        body = body[h1.end() :]
    tree, inner = split_language(source, config.site_languages, config.language)
    if tree and values.get("lang", tree) != tree:
        problems.append(
            Problem(
                shown,
                fm.lines.get("lang"),
                f"front matter: lang '{values['lang']}' in the '{tree}' folder; the folder decides",
                hint=f"remove `lang` or move the file out of {tree}/",
                severity="warning",
                code="front-matter",
            )
        )
    lang = tree or values.get("lang", config.language)
    own_id = values.get("id")
    article = Article(
        source=source,
        id=(f"{tree}/{own_id}" if tree else own_id) if own_id else source.rsplit(".", 1)[0],
        key=own_id or translation_path(inner, lang),
        url=article_url(
            inner, values.get("slug"), lang, config.language, config.default_language_at_root
        ),
        lang=lang,
        title=title or _title_from_name(source),
        body=body,
        body_line=body_line,
        category=tuple(source.split("/")[:-1]),
        meta=fm.extra,
        line_count=text.count("\n") + 1,
        untitled=not title,
        **{
            k: values[k]
            for k in (
                "description",
                "order",
                "tags",
                "keywords",
                "updated",
                "draft",
                "audience",
                "valid_from",
                "valid_until",
                "redirect_from",
                "type",
            )
            if k in values
        },
    )
    return article, fm.problems + problems


def plain_title(markdown: str) -> str:
    """A heading's text without inline markup: `Track *your* [order](x.md)` -> `Track your
    order`."""
    previous = None
    while previous != markdown:  # nested markup, e.g. **[a](b)**
        previous = markdown
        markdown = _INLINE_MARKUP.sub(
            lambda m: m.group(1) if m.group(1) is not None else m.group(3), markdown
        )
    return markdown.strip()


def _title_from_name(source: str) -> str:
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else stem


def _in_site(project: Project, article: Article, day: dt.date | None) -> bool:
    season = article.season(day) if day else "in"
    return season == "in" or (season == "after" and project.config.seasonal.expired == "notice")


def load_category(
    project: Project, source: str | None, path: tuple[str, ...], report: Report
) -> Category:
    """A category from its folder and optional `_category.yml` (title, description, icon, order)."""
    config = project.config
    title = re.sub(r"[-_]+", " ", path[-1]).strip().capitalize() if path else config.site_name
    if len(path) == 1 and path[0] in config.site_languages[1:]:
        title = config.site_name  # a language's tree: its home
    tree = bool(path) and path[0] in config.site_languages[1:]
    prefix = (
        ""
        if tree
        else language_prefix(config.language, config.language, config.default_language_at_root)
    )
    category = Category(
        path=path, url=category_url(path, prefix), title=title, source=source or "/".join(path)
    )
    if source is None:
        return category
    shown = project.display(project.content_dir / source)
    try:
        data, lines = load_yaml(
            (project.content_dir / source).read_text(encoding="utf-8"), shown, "category"
        )
    except (HelpgenError, UnicodeDecodeError, OSError) as exc:
        report.extend(
            exc.problems
            if isinstance(exc, HelpgenError)
            else [Problem(shown, None, f"cannot read: {exc}")]
        )
        return category
    data = data or {}
    unknown = (
        sorted(set(data) - {"title", "description", "icon", "order"})
        if isinstance(data, dict)
        else ["(not a mapping)"]
    )
    for key in unknown:
        report.warning(
            shown,
            lines.get((key,)),
            f"category: unknown key '{key}'",
            hint="known keys: title, description, icon, order",
        )
    if not isinstance(data, dict):
        return category
    order = data.get("order")
    if order is not None and (isinstance(order, bool) or not isinstance(order, int)):
        report.warning(
            shown,
            lines.get(("order",)),
            f"category: 'order' must be a whole number, got '{order}'",
            code="category",
        )
        order = None
    return replace(
        category,
        title=str(data.get("title") or title),
        description=str(data.get("description") or ""),
        icon=data.get("icon"),
        order=order,
    )


def assemble_site(
    project: Project,
    articles: list[Article],
    category_sources: list[str],
    assets: list[str],
    report: Report,
    audience: str = "public",
    day: dt.date | None = None,
) -> Site:
    """Put loaded articles into a Site: drop what this audience may not see and what is out of
    season on `day` (not yet valid; expired unless seasonal.expired is `notice`), check URLs are
    unique."""
    kept = [
        a
        for a in articles
        if (audience == "internal" or not a.internal) and _in_site(project, a, day)
    ]
    kept = link_translations(project, kept)
    by_url: dict[str, Article] = {}
    for article in kept:
        other = by_url.setdefault(article.url, article)
        if other is not article:
            report.error(
                project.display(project.content_dir / article.source),
                None,
                f"duplicate URL /{article.url}: {other.source} has it too",
                hint="give one of them a different `slug` in its front matter",
                code="duplicate-url",
            )
    fallbacks = stand_ins(project, list(by_url.values()), set(by_url))
    folders = {a.category[:i] for a in kept + fallbacks for i in range(len(a.category) + 1)}
    sources = {tuple(s.split("/")[:-1]): s for s in category_sources}
    categories = {
        path: load_category(project, sources.get(path), path, report) for path in sorted(folders)
    }
    categories = mirror_titles(
        project, categories, {path for path in categories if path not in sources}
    )
    site = Site(
        project=project,
        articles=sorted(by_url.values(), key=lambda a: a.source),
        categories=categories,
        assets=assets,
        audience=audience,
        day=day,
        fallbacks=sorted(fallbacks, key=lambda a: a.source),
    )
    _warn_folder_pages(site, report)
    return site


def _warn_folder_pages(site: Site, report: Report) -> None:
    """`index.md` is its folder's page by design (as in MkDocs). Any other article whose URL is a
    folder's (a `slug`, or `faq.md` beside a `faq/` folder) replaces the home page's overview or a
    category's list of articles too, most likely by accident: a warning says so."""
    homes = {site.home(lang): "the home page" for lang in site.languages}
    pages = {
        c.url: f"the page of the category '{c.title}' (its list of articles)"
        for c in site.categories.values()
    }
    for article in site.articles:
        if PurePosixPath(article.source).stem in FOLDER_PAGE_NAMES:
            continue
        replaced = homes.get(article.url) or pages.get(article.url)
        if replaced:
            report.warning(
                site.project.display(site.project.content_dir / article.source),
                None,
                f"this article is the page at /{article.url}, in place of {replaced}",
                hint="give it another `slug` to keep that page, "
                "or name it index.md if it is meant to replace it",
                code="folder-page",
            )
