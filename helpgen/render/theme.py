"""The theme: Jinja2 templates, UI strings and static assets, with project overrides.

A project's `theme_dir` may hold templates/, static/ and i18n/ files; each one replaces
the default theme's file of the same name. The stylesheet the pages load is composed at
build time (brand variables + theme CSS + Pygments CSS + custom_css) and fingerprinted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
import rcssmin
import rjsmin
import yaml
from pygments.formatters import HtmlFormatter

from helpgen.config import Project
from helpgen.errors import ConfigError, HelpgenError, Problem
from helpgen.render.colors import DARK_SURFACE, LIGHT_SURFACE, readable_on, with_contrast
from helpgen.render.locale import display_number, plural_form
from helpgen.resources import default_theme
from helpgen.symlinks import Escape, inside, walk

ASSET_PREFIX = "_helpgen/"
STABLE_ASSETS = frozenset({"widget.js"})
"""Assets other sites embed by a URL that must not change: never fingerprinted
(`_helpgen/widget.js`)."""
PYGMENTS_LIGHT, PYGMENTS_DARK = "xcode", "monokai"  # both keep every token at 4.5:1 or more


def _bytecode_cache(folder: Path | None) -> jinja2.FileSystemBytecodeCache | None:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # an unwritable cache folder costs speed, never a build
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


class MissingString(HelpgenError):
    """A template asked for a UI string the theme's i18n file does not have."""


@dataclass(frozen=True)
class Asset:
    name: str
    """The name templates use: `helpgen.css`."""
    path: str
    """Where it is written, under the site: `_helpgen/helpgen.3f9a1c2e.css`."""
    data: bytes

    @property
    def fingerprinted(self) -> bool:
        """Whether `path` carries a digest of `data` (then a page names exactly this version)."""
        return self.path != ASSET_PREFIX + self.name


class Theme:
    """Templates, strings and assets of the default theme overlaid with the project's."""

    def __init__(self, project: Project, bytecode_dir: Path | None = None):
        """`bytecode_dir`: where Jinja keeps templates compiled (keyed by their source), so a
        build does not compile them again: a tenth of a second in every process that renders."""
        self.project = project
        self.dirs = [d for d in (project.theme_dir, default_theme()) if d is not None]
        walked = [walk(d) for d in self.dirs]
        self.files: dict[Path, dict[str, Path]] = {
            d: {path.relative_to(d).as_posix(): path for path in found}
            for d, (found, _) in zip(self.dirs, walked, strict=True)
        }
        """Each theme folder's readable files, by path under it (none through a link out of it)."""
        self.skipped: list[Escape] = [link for _, escapes in walked for link in escapes]
        """Links that lead out of a theme folder: not read; the build warns about each."""
        # "default/x.html" always names the default theme's template, so an override of
        # x.html can extend the one it replaces
        loader = jinja2.ChoiceLoader(
            [
                *(_ConfinedLoader(d) for d in self.dirs),
                jinja2.PrefixLoader({"default": _ConfinedLoader(default_theme())}),
            ]
        )
        self.env = jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_bytecode_cache(bytecode_dir),
        )
        self.env.globals.update(asset=self.asset_url, **self._page_helpers())
        self.base_path = "/"
        self._strings: dict[str, dict[str, str]] = {}

    def _page_helpers(self) -> dict:
        """`t`, `tn` and `number` for templates, in the language of the page being rendered
        (its `site.lang`; the site's language for a template given no `site`)."""

        def lang_of(context) -> str:
            return getattr(context.get("site"), "lang", None) or self.project.config.language

        @jinja2.pass_context
        def t(context, key: str, **values) -> str:
            return self.t(key, lang=lang_of(context), **values)

        @jinja2.pass_context
        def tn(context, key: str, count: int) -> str:
            """`key_one`, `key_other`… by the language's plural rules, with {count} filled in."""
            lang = lang_of(context)
            strings = self.strings_for(lang)
            form = f"{key}_{plural_form(count, lang)}"
            return self.t(
                form if form in strings else f"{key}_other",
                lang=lang,
                count=display_number(count, lang),
            )

        @jinja2.pass_context
        def number(context, value) -> str:
            return display_number(value, lang_of(context))

        return {"t": t, "tn": tn, "number": number}

    @cached_property
    def strings(self) -> dict[str, str]:
        """UI strings for the site's language, falling back to English key by key."""
        return self.strings_for(self.project.config.language)

    def strings_for(self, lang: str) -> dict[str, str]:
        """UI strings for `lang` (the widget carries one set per language of the site), English key
        by key."""
        if lang not in self._strings:
            strings: dict[str, str] = {}
            for code in dict.fromkeys(("en", lang.split("-")[0], lang)):
                for folder in reversed(self.dirs):
                    strings.update(_flatten(_read_yaml(self.files[folder].get(f"i18n/{code}.yml"))))
            self._strings[lang] = strings
        return self._strings[lang]

    def t(self, key: str, lang: str | None = None, **values) -> str:
        """The UI string `key` in `lang` (default: the site's language), with `values` filled in."""
        lang = lang or self.project.config.language
        try:
            text = self.strings_for(lang)[key]
        except KeyError:
            raise MissingString(
                Problem(
                    "theme",
                    None,
                    f"no UI string '{key}' in i18n/{lang}.yml",
                    hint="add it to the theme's i18n file",
                )
            ) from None
        return text.format(**values) if values else text

    @cached_property
    def assets(self) -> dict[str, Asset]:
        """Every static file of the theme, by name; CSS and JS are fingerprinted."""
        files: dict[str, bytes] = {}
        for folder in reversed(self.dirs):
            for name, path in self.files[folder].items():
                if name.startswith("static/"):
                    files[name.removeprefix("static/")] = path.read_bytes()
        if "helpgen.css" in files:
            files["helpgen.css"] = self._stylesheet(files["helpgen.css"])
            files.setdefault("highlight.css", _pygments_css().encode("utf-8"))
        return {name: _asset(name, _minified(name, data)) for name, data in sorted(files.items())}

    def asset_url(self, name: str) -> str:
        try:
            return self.base_path + self.assets[name].path
        except KeyError:
            raise HelpgenError(
                Problem("theme", None, f"no static file '{name}' in the theme")
            ) from None

    def _stylesheet(self, theme_css: bytes) -> bytes:
        parts = [brand_variables(self.project.config.brand), theme_css.decode("utf-8")]
        if self.project.config.custom_css:
            path = self.project.root / self.project.config.custom_css
            try:
                parts.append(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(
                    f"helpgen.yml: custom_css '{self.project.config.custom_css}' "
                    f"cannot be read: {exc}"
                ) from None
        return "\n".join(parts).encode("utf-8")

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever a template, string or asset changes: part of the page cache key."""
        digest = hashlib.sha256()
        for folder in self.dirs:
            for name, path in self.files[folder].items():
                digest.update(name.encode() + b"\0" + path.read_bytes())
        digest.update(b"".join(a.path.encode() for a in self.assets.values()))
        return digest.hexdigest()

    def render(self, template: str, **context) -> str:
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise HelpgenError(
                Problem(exc.filename or template, exc.lineno, f"template: {exc.message}")
            ) from None
        except jinja2.UndefinedError as exc:
            raise HelpgenError(
                Problem(
                    f"templates/{template}",
                    None,
                    f"template: {exc.message}",
                    hint="see docs/theming.md for the variables each template gets",
                )
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise HelpgenError(
                Problem(
                    f"templates/{template}",
                    None,
                    f"template: no template named '{exc.name}'",
                    hint="check the name in {% include %} or {% extends %}",
                )
            ) from None
        except jinja2.TemplateError as exc:
            raise HelpgenError(Problem(f"templates/{template}", None, f"template: {exc}")) from None


def brand_variables(brand) -> str:
    """The `:root` rule with the brand's colours, and variants that keep text readable (WCAG AA)."""
    on_primary = readable_on(brand.primary_color)
    values = {
        "--hg-primary": brand.primary_color,
        "--hg-accent": brand.accent_color,
        "--hg-font": brand.font_family,
        "--hg-on-primary": on_primary,
        "--hg-primary-text": with_contrast(brand.primary_color, LIGHT_SURFACE),
        "--hg-primary-dark": with_contrast(brand.primary_color, DARK_SURFACE),
    }
    values["--hg-on-primary-dark"] = readable_on(values["--hg-primary-dark"])
    return ":root{" + ";".join(f"{k}:{v}" for k, v in values.items()) + "}\n"


def _asset(name: str, data: bytes) -> Asset:
    if name.endswith((".css", ".js")) and "/" not in name and name not in STABLE_ASSETS:
        stem, ext = name.rsplit(".", 1)
        return Asset(
            name, f"{ASSET_PREFIX}{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}", data
        )
    return Asset(name, ASSET_PREFIX + name, data)


def _minified(name: str, data: bytes) -> bytes:
    """CSS and JS as served: comments and spaces out (rcssmin, rjsmin). The theme's files stay
    readable; pages load a third less."""
    if name.endswith(".css"):
        return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")
    if name.endswith(".js"):
        return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8")
    return data


def _pygments_css() -> str:
    """Code highlighting (light and dark), a stylesheet of its own: only pages with code load it."""
    light = HtmlFormatter(style=PYGMENTS_LIGHT).get_style_defs(".highlight")
    dark = HtmlFormatter(style=PYGMENTS_DARK).get_style_defs(".highlight")
    return f"{light}\n@media (prefers-color-scheme: dark){{\n{dark}\n}}\n"


class _ConfinedLoader(jinja2.FileSystemLoader):
    """The templates of one theme folder, none through a link that leads out of it."""

    def __init__(self, folder: Path):
        super().__init__(str(folder / "templates"))
        self.folder = folder

    def get_source(self, environment, template):
        # checked before reading: a link to /dev/zero must not even be opened
        path = self.folder.joinpath("templates", *jinja2.loaders.split_template_path(template))
        if not inside(path, self.folder):
            raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


def _read_yaml(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return data if isinstance(data, dict) else {}


def _flatten(data: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat
