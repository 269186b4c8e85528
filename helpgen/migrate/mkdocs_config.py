"""`helpgen import mkdocs`: a helpgen.yml from an mkdocs.yml, the nav kept as category
files and `order` front matter, and a note for everything that could not be carried over.

content_dir points at MkDocs' docs_dir, so the articles stay where they are; the files
this writes are helpgen.yml (beside mkdocs.yml), a `_category.yml` per nav section folder,
and `order:` in the front matter of pages the nav lists. Nothing existing is overwritten
without `force`; an article's own `order` / `weight` always wins.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from helpgen.config.model import SYSTEM_FONTS, Config
from helpgen.content import discover
from helpgen.errors import ConfigError
from helpgen.migrate import material_palette
from helpgen.migrate.frontmatter_edit import add_front_matter, dump_front_matter
from helpgen.migrate.mkdocs_extensions import map_extensions
from helpgen.migrate.mkdocs_nav import NavPlan, plan_nav
from helpgen.migrate.mkdocs_redirects import PLUGIN as REDIRECTS
from helpgen.migrate.mkdocs_redirects import plan_redirects
from helpgen.migrate.mkdocs_yaml import PythonTag, load_mkdocs_yml
from helpgen.migrate.result import ImportResult
from helpgen.yaml_source import KeyPath, line_of

HANDLED = {
    "site_name",
    "site_url",
    "site_description",
    "docs_dir",
    "site_dir",
    "nav",
    "theme",
    "extra_css",
    "markdown_extensions",
    "extra",
    "plugins",
}
"""Top-level keys read here; every other key is reported as not mapped."""
THEME_HANDLED = {"name", "palette", "logo", "favicon", "language", "locale", "font"}
REASONS = {
    "repo_url": "helpgen pages have no repository or edit link",
    "repo_name": "helpgen pages have no repository or edit link",
    "edit_uri": "helpgen pages have no repository or edit link",
    "copyright": (
        "the footer has links, not free text; override the footer template (docs/theming.md)"
    ),
    "use_directory_urls": "helpgen always uses folder URLs (page/)",
    "extra_javascript": (
        "helpgen adds no scripts of yours to pages; override base.html (docs/theming.md)"
    ),
    "hooks": "helpgen runs no MkDocs hooks",
}
EXTRA_HANDLED = {"social", "analytics", "alternate", "generator"}
EXTRA_REASONS = {
    "analytics": "helpgen makes no third-party requests",
    "alternate": "helpgen's language switcher comes from `languages`, docs/i18n.md",
}
SOURCE_KEYS: dict[str, KeyPath] = {
    "site_url": ("site_url",),
    "description": ("site_description",),
    "language": ("theme", "language"),
    "content_dir": ("docs_dir",),
    "output_dir": ("site_dir",),
    "brand": ("theme",),
    "custom_css": ("extra_css",),
    "footer_links": ("extra", "social"),
    "variables": ("extra",),
    "header_links": ("nav",),
}
"""Where in mkdocs.yml each helpgen.yml key came from, to point a refused value at its line."""
HEADER = "# Written by `helpgen import mkdocs` from {name}; every key: docs/configuration.md\n"


def import_mkdocs(
    mkdocs_yml: Path, out: Path | None = None, force: bool = False, dry_run: bool = False
) -> ImportResult:
    """Write helpgen.yml (default: beside mkdocs.yml) and the nav's categories and order."""
    data, lines = load_mkdocs_yml(mkdocs_yml)
    result = ImportResult()
    shown = mkdocs_yml.name
    out = out or mkdocs_yml.parent / "helpgen.yml"
    if out.exists() and not force:
        raise ConfigError(f"{out}: exists already; nothing was written (hint: --force replaces it)")
    docs_dir = (mkdocs_yml.parent / str(data.get("docs_dir") or "docs")).resolve()
    if not docs_dir.is_dir():
        raise ConfigError(
            f"{shown}: docs_dir '{data.get('docs_dir') or 'docs'}' is not a folder ({docs_dir})"
        )
    mapper = _Mapper(data, lines, shown, result)
    config = mapper.config(_relative(docs_dir, out.parent))
    skipped: list = []  # links out of docs_dir: not read, as in a build
    sources = set(discover(docs_dir, skipped)[0])
    result.notes.extend(link.problem() for link in skipped)
    nav = plan_nav(data.get("nav"), sources, result, shown, lines)
    if "index.md" in sources:
        result.note(
            shown,
            None,
            "index.md becomes the home page, in place of helpgen's overview of categories",
            hint="rename it (e.g. to welcome.md) to keep helpgen's home page",
        )
    if nav.links:
        config["header_links"] = [{"title": t, "url": u} for t, u in nav.links]
    config = _validated(config, result, shown, lines)
    text = HEADER.format(name=shown) + dump_front_matter(config)
    _write(out, text, result, dry_run, out.parent)
    _write_nav(docs_dir, nav, result, dry_run)
    _write_redirects(
        docs_dir, plan_redirects(data.get("plugins"), sources, mapper.note), result, dry_run
    )
    return result


class _Mapper:
    """Reads mkdocs.yml key by key into helpgen.yml's shape, noting what has no place."""

    def __init__(self, data: dict, lines: dict[KeyPath, int], shown: str, result: ImportResult):
        self.data, self.lines, self.shown, self.result = data, lines, shown, result

    def note(self, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.result.note(self.shown, line_of(self.lines, path), message, hint)

    def config(self, content_dir: str) -> dict[str, Any]:
        d = self.data
        config: dict[str, Any] = {"site_name": d.get("site_name") or "Help Center"}
        if not d.get("site_name"):
            self.note(("site_name",), "site_name: missing; wrote 'Help Center'")
        for ours, theirs in (("site_url", "site_url"), ("description", "site_description")):
            if d.get(theirs):
                config[ours] = str(d[theirs])
        theme = d.get("theme")
        if not isinstance(theme, dict):
            theme = {"name": theme}
        language = theme.get("language") or theme.get("locale")
        if language:
            config["language"] = str(language)
        config["content_dir"] = content_dir
        config["output_dir"] = str(d.get("site_dir") or "site")
        brand = self.brand(theme)
        if brand:
            config["brand"] = brand
        self.custom_css(config)
        self.extra(config)
        map_extensions(d.get("markdown_extensions"), self.note)
        self.plugins()
        self.leftovers(theme)
        return config

    def brand(self, theme: dict) -> dict[str, str]:
        brand = {key: str(theme[key]) for key in ("logo", "favicon") if theme.get(key)}
        palette = theme.get("palette")
        scheme = (
            next((p for p in palette if isinstance(p, dict)), {})
            if isinstance(palette, list)
            else palette
        )
        if isinstance(scheme, dict):
            for ours, theirs, table in (
                ("primary_color", "primary", material_palette.PRIMARY),
                ("accent_color", "accent", material_palette.ACCENT),
            ):
                value = scheme.get(theirs)
                hex_value = material_palette.color(table, value) or (
                    value if _is_hex(value) else None
                )
                if hex_value:
                    brand[ours] = hex_value
                elif value is not None:
                    self.note(
                        ("theme", "palette"),
                        f"theme.palette.{theirs}: '{value}' is not a colour helpgen knows",
                        hint=f"set brand.{ours} to a hex colour like #1d4ed8",
                    )
            if isinstance(palette, list) and len(palette) > 1:
                self.note(
                    ("theme", "palette"),
                    "theme.palette: only the first colour scheme was used; "
                    "helpgen's theme follows the reader's light or dark setting by itself",
                )
        font = theme.get("font")
        if isinstance(font, dict) and font.get("text"):
            brand["font_family"] = f'"{font["text"]}", {SYSTEM_FONTS}'
            self.note(
                ("theme", "font"),
                f"theme.font: '{font['text']}' is used only where it is installed; "
                "helpgen loads no web fonts",
                hint="serve the font files yourself from custom_css if you need it",
            )
        return brand

    def custom_css(self, config: dict) -> None:
        css = self.data.get("extra_css") or []
        css = [css] if isinstance(css, str) else [c for c in css if isinstance(c, str)]
        local = [c for c in css if "://" not in c]
        if local:
            config["custom_css"] = f"{config['content_dir'].rstrip('/')}/{local[0]}".removeprefix(
                "./"
            )
            self.note(
                ("extra_css",),
                f"extra_css: '{local[0]}' became custom_css; it was written for the MkDocs "
                "theme's markup, so check its selectors against helpgen's pages",
            )
        for other in css:
            if other != (local[0] if local else None):
                self.note(
                    ("extra_css",),
                    f"extra_css: '{other}' not mapped (helpgen takes one custom_css file "
                    "and loads nothing from other hosts)",
                    hint="merge it into the custom_css file",
                )

    def extra(self, config: dict) -> None:
        extra = self.data.get("extra")
        if not isinstance(extra, dict):
            return
        social = extra.get("social")
        if isinstance(social, list):
            links = [
                {"title": str(s.get("name") or _host(s["link"])), "url": str(s["link"])}
                for s in social
                if isinstance(s, dict) and s.get("link")
            ]
            if links:
                config["footer_links"] = links
        variables = {k: v for k, v in extra.items() if k not in EXTRA_HANDLED and _scalar(v)}
        if variables:
            config["variables"] = variables
        for key in extra:
            if key in EXTRA_REASONS or (key not in EXTRA_HANDLED and key not in variables):
                why = EXTRA_REASONS.get(key, "only plain values become variables")
                self.note(("extra", key), f"extra.{key}: not mapped ({why})")

    def plugins(self) -> None:
        plugins = self.data.get("plugins") or []
        names = (
            list(plugins)
            if isinstance(plugins, dict)
            else [next(iter(p)) if isinstance(p, dict) else p for p in plugins]
        )
        for index, name in enumerate(names):
            if name in ("search", "helpgen", REDIRECTS):
                # helpgen has its own search; the helpgen plugin is us; redirects: see below
                continue
            key = ("plugins", name) if isinstance(plugins, dict) else ("plugins", index)
            self.note(key, f"plugins: '{name}' not mapped (helpgen runs no MkDocs plugins)")

    def leftovers(self, theme: dict) -> None:
        for key in self.data:
            if key not in HANDLED:
                self.note(
                    (key,), f"{key}: not mapped" + (f" ({REASONS[key]})" if key in REASONS else "")
                )
        if theme.get("name") not in (None, "material", "mkdocs", "readthedocs"):
            self.note(
                ("theme", "name"), f"theme: '{theme['name']}' not mapped; helpgen has its own theme"
            )
        for key in theme:
            if key not in THEME_HANDLED:
                self.note(
                    ("theme", key), f"theme.{key}: not mapped (a feature of the MkDocs theme)"
                )


def _validated(config: dict, result: ImportResult, shown: str, lines) -> dict:
    """Drop (and note) any value helpgen's config would refuse, so the file always loads."""
    for _ in range(len(config) + 5):
        try:
            Config.model_validate(config)
            return config
        except ValidationError as exc:
            error = exc.errors()[0]
            loc = [
                p for p in error["loc"] if isinstance(p, (str, int)) and not str(p)[:1].isupper()
            ]
            _drop(config, loc)
            result.note(
                shown,
                line_of(lines, SOURCE_KEYS.get(str(loc[0]), ()) if loc else ()),
                f"{'.'.join(map(str, loc))}: {error['msg'].removeprefix('Value error, ')}; "
                "left out of helpgen.yml",
            )
    return config


def _drop(config: dict, loc: list) -> None:
    target = config
    for part in loc[:-1]:
        if not isinstance(target, (dict, list)):
            return
        target = target[part]
    if isinstance(target, dict):
        target.pop(loc[-1], None)
    elif isinstance(target, list):
        del target[loc[-1]]


def _write(path: Path, text: str, result: ImportResult, dry_run: bool, root: Path) -> None:
    if result.leads_out(path, root):
        return
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result.written.append(path)


def _write_nav(docs_dir: Path, nav: NavPlan, result: ImportResult, dry_run: bool) -> None:
    for folder, (title, order) in sorted(nav.categories.items()):
        path = docs_dir.joinpath(*folder, "_category.yml")
        if path.exists():
            result.note(
                str(path),
                None,
                "_category.yml exists already; left as it is (nav title and order not set)",
            )
            continue
        _write(path, dump_front_matter({"title": title, "order": order}), result, dry_run, docs_dir)
    for source, order in sorted(nav.orders.items()):
        path = docs_dir / source
        if add_front_matter(path, {"order": order}, write=not dry_run):
            result.written.append(path)


def _write_redirects(
    docs_dir: Path, redirects: dict[str, list[str]], result: ImportResult, dry_run: bool
) -> None:
    for source, olds in sorted(redirects.items()):
        path = docs_dir / source
        if add_front_matter(path, {"redirect_from": olds}, write=not dry_run):
            if path not in result.written:
                result.written.append(path)
        else:
            result.note(
                str(path), None, f"has redirect_from already; add {', '.join(olds)} to it by hand"
            )


def _relative(path: Path, start: Path) -> str:
    try:
        return path.relative_to(start.resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _is_hex(value: object) -> bool:
    return isinstance(value, str) and value.startswith("#") and len(value) in (4, 7)


def _scalar(value: object) -> bool:
    if isinstance(value, list):
        return all(_scalar(v) for v in value)
    return isinstance(value, (str, int, float, bool)) and not isinstance(value, PythonTag)


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
