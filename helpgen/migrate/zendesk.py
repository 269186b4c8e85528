"""`helpgen import zendesk`: a Help Center export becomes markdown articles of a project.

Where files go is `zendesk_layout`: the default locale at the top, each other locale under
`<locale>/` with the same file names, which is how helpgen links translations (docs/i18n.md);
a helpgen.yml written here lists every locale in `languages`. In a project whose
`languages` lack a locale, its articles carry `lang: <locale>` and a `slug` from the root,
so that their URL is still `/<locale>/<category>/<section>/<slug>/`.

Each article's front matter keeps its title, labels (as tags), last edit date, draft
state and Zendesk id, and lists its old URLs in `redirect_from`: the `html_url` path
(`/hc/en-us/articles/360001234-How-to-return`) and its id-only form, so every link to the
old help center lands on the new article. Links between articles are rewritten to the
new files (helpgen then checks them). Articles restricted to a user segment in Zendesk
become `audience: internal`: what was not public stays out of public output.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from helpgen.config import load_project
from helpgen.config.load import find_config
from helpgen.errors import ConfigError
from helpgen.migrate.frontmatter_edit import dump_front_matter
from helpgen.migrate.html_markdown import html_to_markdown
from helpgen.migrate.result import ImportResult
from helpgen.migrate.zendesk_export import ZdExport, ZdItem, read_export
from helpgen.migrate.zendesk_layout import UNSORTED, Layout
from helpgen.symlinks import escape

_ARTICLE_URL = re.compile(
    r"/hc/(?:(?P<locale>[a-z]{2,3}(?:-[a-z0-9]+)*)/)?articles/(?P<id>\d+)", re.I
)


def import_zendesk(
    export: Path,
    project_dir: Path,
    locale: str | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Write every article of `export` into the project at `project_dir` (helpgen.yml made if
    missing)."""
    data = read_export(export)
    if not data.articles:
        raise ConfigError(f"{export}: the export has no articles")
    result = ImportResult()
    counts = Counter(a.locale for a in data.articles)
    default = (locale or counts.most_common(1)[0][0]).lower()
    if default not in counts:
        raise ConfigError(
            f"--locale {locale}: no article of {export.name} is in that locale "
            f"(hint: it has {', '.join(sorted(counts))})"
        )
    content_dir, trees = _content_dir(project_dir, data, default, result, dry_run)
    plan = Layout(data, default, trees)
    for item in data.articles:
        target = content_dir / plan.source(item)
        if target.exists() and not force:
            result.note(
                str(target), None, "exists already; not overwritten", hint="--force replaces it"
            )
            continue
        _write(target, _article_text(item, plan, default, trees), result, dry_run, content_dir)
    for folder, (title, order) in sorted(plan.folders.items()):
        _write(
            content_dir / folder / "_category.yml",
            dump_front_matter({"title": title, "order": order}),
            result,
            dry_run,
            content_dir,
            replace=force,
        )
    for old, folder in sorted(plan.moved.items()):
        result.note(
            str(export),
            None,
            f"{old}: no redirect (helpgen redirects articles only); it is now /{folder}/",
            hint="redirect it in your web server if other sites link to it",
        )
    _note_assets(data, export, result)
    return result


def _article_text(item: ZdItem, plan: Layout, default: str, trees: set[str]) -> str:
    """The article file: front matter, then the body as markdown. A translation outside the
    site's `languages` says its language and URL itself (`lang`, and a `slug` from the root)."""
    values: dict = {"title": item.title}
    if item.locale != default and item.locale not in trees:
        source = PurePosixPath(plan.source(item))
        values["lang"] = item.locale
        values["slug"] = "/" + "/".join(source.with_suffix("").parts[1:])
    if item.labels:
        values["tags"] = list(item.labels)
    if item.updated:
        values["updated"] = item.updated
    if item.draft:
        values["draft"] = True
    if item.restricted:
        values["audience"] = "internal"
    redirects = old_paths(item.html_url, item.id)
    if redirects:
        values["redirect_from"] = redirects
    values["zendesk_id"] = item.id
    body = html_to_markdown(item.body, lambda href: _link(href, item, plan))
    return f"---\n{dump_front_matter(values)}---\n\n{body}\n"


def old_paths(html_url: str, article_id: int) -> list[str]:
    """The article's old URL path, and its id-only form: `/hc/en-us/articles/1-Title`,
    `/hc/en-us/articles/1`."""
    # decoded: a server looks up `/f%C3%BCr` as the folder `für`
    path = unquote(urlsplit(html_url).path).rstrip("/")
    if not path:
        return []
    match = _ARTICLE_URL.search(path)
    short = path[: match.end()] if match else None
    return [path] + ([short] if short and short != path else [])


def _link(href: str, item: ZdItem, plan: Layout) -> str:
    """A link to another article of the old help center -> a relative link to its new file."""
    parts = urlsplit(href)
    match = _ARTICLE_URL.search(parts.path)
    if not match:
        return href
    target = plan.source_for(int(match["id"]), (match["locale"] or item.locale).lower())
    if target is None:
        return href
    relative = posixpath.relpath(target, PurePosixPath(plan.source(item)).parent.as_posix())
    return relative + (f"#{parts.fragment}" if parts.fragment else "")


def _content_dir(
    project_dir: Path, data: ZdExport, default: str, result: ImportResult, dry_run: bool
) -> tuple[Path, set[str]]:
    """The project's content folder and the locales that are language trees of the site
    (`languages` in helpgen.yml, docs/i18n.md). A helpgen.yml is written when there is none."""
    locales = sorted({a.locale for a in data.articles} - {default})
    try:
        find_config(project_dir)
    except ConfigError:
        config: dict[str, Any] = {
            "site_name": _site_name(data),
            "language": default,
            "content_dir": "content",
        }
        if locales:
            config["languages"] = [default, *locales]
        text = dump_front_matter(config)
        out = escape(project_dir / "content", project_dir)
        if out is not None:  # every article would be written outside the project
            raise ConfigError(out.problem(writing=True, severity="error")) from None
        text = f"# Written by `helpgen import zendesk`\n{text}"
        _write(project_dir / "helpgen.yml", text, result, dry_run, project_dir)
        if not dry_run:
            (project_dir / "content").mkdir(parents=True, exist_ok=True)
        return project_dir / "content", set(locales)
    project = load_project(project_dir)
    shown = project.display(project.config_path)
    if project.config.language.lower() != default:
        result.note(
            shown,
            None,
            f"language is '{project.config.language}' but the articles' default locale is "
            f"'{default}'",
            hint=f"set language: {default}, or pass --locale {project.config.language}",
        )
    trees = {lang.lower() for lang in project.config.languages} - {default}
    for missing in sorted(set(locales) - trees):
        result.note(
            shown,
            None,
            f"'{missing}' is not in `languages`: its articles carry `lang` and a `slug`",
            hint=f"add {missing} to languages (docs/i18n.md) and import again with --force",
        )
    return project.content_dir, trees


def _site_name(data: ZdExport) -> str:
    host = next((urlsplit(a.html_url).hostname for a in data.articles if a.html_url), None) or ""
    brand = host.split(".")[0] if host else ""
    return f"{brand.replace('-', ' ').title()} Help Center" if brand else "Help Center"


def _write(
    path: Path, text: str, result: ImportResult, dry_run: bool, root: Path, replace: bool = True
) -> None:
    """Write `path` (unless it exists and not `replace`), never through a link out of `root`."""
    if path.exists() and not replace or result.leads_out(path, root):
        return
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result.written.append(path)


def _note_assets(data: ZdExport, export: Path, result: ImportResult) -> None:
    hosted = sorted({a.locale for a in data.articles if "/article_attachments/" in a.body})
    if hosted:
        result.note(
            str(export),
            None,
            "images and attachments still point at the Zendesk servers "
            f"(articles in {', '.join(hosted)}); they stop working when the account closes",
            hint="download them into content/ and update the links",
        )
    if any(a.restricted for a in data.articles):
        result.note(
            str(export),
            None,
            "articles restricted to a user segment became `audience: internal` "
            "(left out of the public site)",
            hint="set audience: public in those you want published",
        )
    if not data.sections:
        result.note(
            str(export),
            None,
            f"the export has no sections; articles went to {UNSORTED}/",
            hint="export with ?include=sections,categories to keep the structure",
        )
