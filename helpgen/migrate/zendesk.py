"""`helpgen import zendesk`: a Help Center export becomes markdown articles of a project.

Layout (helpgen has one language per content tree for now, issue #8): articles of the
default locale go to `content/<category>/<section>/<title-slug>.md`; a translation goes
to `content/<locale>/<category>/<section>/<same slug>.md` with `lang: <locale>` and a
`slug` starting with `/`, so its URL is `/<locale>/<category>/<section>/<slug>/` and its
folder mirrors the default one. Folders are slugs of the default locale's names; each
gets a `_category.yml` with its own locale's title and Zendesk's position as order.

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
from urllib.parse import unquote, urlsplit

from markdownify import MarkdownConverter

from helpgen.config import load_project
from helpgen.config.load import find_config
from helpgen.content.urls import slugify
from helpgen.errors import ConfigError
from helpgen.migrate.frontmatter_edit import dump_front_matter
from helpgen.migrate.result import ImportResult
from helpgen.migrate.zendesk_export import ZdExport, ZdItem, read_export

_ARTICLE_URL = re.compile(r"/hc/(?:(?P<locale>[a-z]{2,3}(?:-[a-z0-9]+)*)/)?articles/(?P<id>\d+)", re.I)
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
"""Link schemes kept from an article body; any other link becomes its text."""
UNSORTED = "articles"
"""Folder of articles whose section the export does not have."""


def import_zendesk(export: Path, project_dir: Path, locale: str | None = None, force: bool = False,
                   dry_run: bool = False) -> ImportResult:
    """Write every article of `export` into the project at `project_dir` (helpgen.yml made if missing)."""
    data = read_export(export)
    if not data.articles:
        raise ConfigError(f"{export}: the export has no articles")
    result = ImportResult()
    counts = Counter(a.locale for a in data.articles)
    default = (locale or counts.most_common(1)[0][0]).lower()
    if default not in counts:
        raise ConfigError(f"--locale {locale}: no article of {export.name} is in that locale "
                          f"(hint: it has {', '.join(sorted(counts))})")
    content_dir = _content_dir(project_dir, data, default, result, dry_run)
    plan = _Plan(data, default)
    for item in data.articles:
        target = content_dir / plan.source(item)
        if target.exists() and not force:
            result.note(str(target), None, "exists already; not overwritten", hint="--force replaces it")
            continue
        _write(target, _article_text(item, plan, default), result, dry_run)
    for folder, (title, order) in sorted(plan.folders.items()):
        _write(content_dir / folder / "_category.yml", dump_front_matter({"title": title, "order": order}),
               result, dry_run, replace=force)
    for old, folder in sorted(plan.moved.items()):
        result.note(str(export), None, f"{old}: no redirect (helpgen redirects articles only); it is now /{folder}/",
                    hint="redirect it in your web server if other sites link to it")
    _note_assets(data, export, result)
    return result


class _Plan:
    """Where each record goes: folders from category and section slugs, files from title slugs."""

    def __init__(self, data: ZdExport, default: str):
        self.data, self.default = data, default
        self.folders: dict[str, tuple[str, int]] = {}
        """`_category.yml` content by folder under content_dir: (title, order)."""
        self.moved: dict[str, str] = {}
        """Old URL path of each section and category -> its new folder (they get no redirect page)."""
        self.slugs: dict[int, str] = {}
        self._taken: set[str] = set()

    def named(self, table: dict, item_id: int, locale: str) -> ZdItem | None:
        """The record in `locale`, else in the default locale, else in any."""
        return table.get((item_id, locale)) or table.get((item_id, self.default)) or next(
            (v for (i, _), v in sorted(table.items()) if i == item_id), None)

    def folder(self, section_id: int | None, locale: str) -> PurePosixPath:
        """Category/section(/sub-section) folder of a section, its `_category.yml` noted."""
        section = self.named(self.data.sections, section_id, locale) if section_id is not None else None
        if section is None:
            return self._category(None, locale) / UNSORTED
        parent = self.folder(section.parent_section, locale) if section.parent_section else \
            self._category(section.parent, locale)
        return self._noted(parent / self._slug_of(self.data.sections, section), section)

    def _category(self, category_id: int | None, locale: str) -> PurePosixPath:
        category = self.named(self.data.categories, category_id, locale) if category_id is not None else None
        prefix = PurePosixPath(locale) if locale != self.default else PurePosixPath()
        if locale != self.default:  # the translations' own top folder, after the default's categories
            self.folders.setdefault(locale, (locale, 1000))
        if category is None:
            return prefix
        return self._noted(prefix / self._slug_of(self.data.categories, category), category)

    def _slug_of(self, table: dict, item: ZdItem) -> str:
        base = self.named(table, item.id, self.default) or item
        return slugify(base.title) or str(item.id)

    def _noted(self, folder: PurePosixPath, item: ZdItem) -> PurePosixPath:
        self.folders.setdefault(folder.as_posix(), (item.title, item.position))
        if item.html_url:
            self.moved.setdefault(unquote(urlsplit(item.html_url).path), folder.as_posix())
        return folder

    def slug(self, item: ZdItem) -> str:
        """One slug per article id, from its default-locale title, unique within its folder."""
        if item.id not in self.slugs:
            base = next((a for a in self.data.articles if a.id == item.id and a.locale == self.default), item)
            slug = slugify(base.title) or str(item.id)
            folder = self.folder(base.parent, self.default).as_posix()
            if f"{folder}/{slug}" in self._taken:
                slug = f"{slug}-{item.id}"
            self._taken.add(f"{folder}/{slug}")
            self.slugs[item.id] = slug
        return self.slugs[item.id]

    def source(self, item: ZdItem) -> str:
        return (self.folder(item.parent, item.locale) / f"{self.slug(item)}.md").as_posix()

    def source_for(self, article_id: int, locale: str) -> str | None:
        """The new source of an article in `locale` (else the default locale), for links."""
        match = next((a for a in self.data.articles if a.id == article_id and a.locale == locale), None) or next(
            (a for a in self.data.articles if a.id == article_id and a.locale == self.default), None)
        return self.source(match) if match else None


def _article_text(item: ZdItem, plan: _Plan, default: str) -> str:
    values: dict = {"title": item.title}
    if item.locale != default:
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
    """The article's old URL path, and its id-only form: `/hc/en-us/articles/1-Title`, `/hc/en-us/articles/1`."""
    # decoded: a server looks up `/f%C3%BCr` as the folder `für`
    path = unquote(urlsplit(html_url).path).rstrip("/")
    if not path:
        return []
    match = _ARTICLE_URL.search(path)
    short = path[: match.end()] if match else None
    return [path] + ([short] if short and short != path else [])


class _Converter(MarkdownConverter):
    """markdownify with a hook on every link, to point links between articles at the new files."""

    def __init__(self, rewrite, **options):
        super().__init__(**options)
        self.rewrite = rewrite

    def convert_a(self, el, *args, **kwargs):
        href = el.get("href")
        if href and urlsplit(href.strip()).scheme.lower() not in SAFE_SCHEMES:
            del el["href"]  # javascript:, data:...: the text stays, the link goes
        elif href:
            el["href"] = self.rewrite(href)
        return super().convert_a(el, *args, **kwargs)


def html_to_markdown(html: str, rewrite=lambda href: href) -> str:
    """Markdown from a Zendesk article body; `rewrite(href)` may point a link elsewhere."""
    converter = _Converter(rewrite, heading_style="ATX", bullets="-", escape_underscores=False,
                           code_language_callback=_code_language)
    return re.sub(r"\n{3,}", "\n\n", converter.convert(html)).strip()


def _code_language(element) -> str:
    """`<pre><code class="language-js">` (or the class on <pre>) -> `js` for the fence."""
    code = element.find("code")
    classes = (element.get("class") or []) + ((code.get("class") or []) if code else [])
    return next((c.removeprefix("language-") for c in classes if c.startswith("language-")), "")


def _link(href: str, item: ZdItem, plan: _Plan) -> str:
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


def _content_dir(project_dir: Path, data: ZdExport, default: str, result: ImportResult, dry_run: bool) -> Path:
    """The project's content folder; a helpgen.yml is written first when there is none."""
    try:
        find_config(project_dir)
    except ConfigError:
        name = _site_name(data)
        text = dump_front_matter({"site_name": name, "language": default, "content_dir": "content"})
        _write(project_dir / "helpgen.yml", f"# Written by `helpgen import zendesk`\n{text}", result, dry_run)
        if not dry_run:
            (project_dir / "content").mkdir(parents=True, exist_ok=True)
        return project_dir / "content"
    project = load_project(project_dir)
    if project.config.language.lower() != default:
        result.note(project.display(project.config_path), None,
                    f"language is '{project.config.language}' but the articles' default locale is '{default}'",
                    hint=f"set language: {default}, or pass --locale {project.config.language}")
    return project.content_dir


def _site_name(data: ZdExport) -> str:
    host = next((urlsplit(a.html_url).hostname for a in data.articles if a.html_url), None) or ""
    brand = host.split(".")[0] if host else ""
    return f"{brand.replace('-', ' ').title()} Help Center" if brand else "Help Center"


def _write(path: Path, text: str, result: ImportResult, dry_run: bool, replace: bool = True) -> None:
    if path.exists() and not replace:
        return
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result.written.append(path)


def _note_assets(data: ZdExport, export: Path, result: ImportResult) -> None:
    hosted = sorted({a.locale for a in data.articles if "/article_attachments/" in a.body})
    if hosted:
        result.note(str(export), None, "images and attachments still point at the Zendesk servers "
                    f"(articles in {', '.join(hosted)}); they stop working when the account closes",
                    hint="download them into content/ and update the links")
    if any(a.restricted for a in data.articles):
        result.note(str(export), None, "articles restricted to a user segment became `audience: internal` "
                    "(left out of the public site)", hint="set audience: public in those you want published")
    if not data.sections:
        result.note(str(export), None, f"the export has no sections; articles went to {UNSORTED}/",
                    hint="export with ?include=sections,categories to keep the structure")
