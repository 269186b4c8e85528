"""Find and load a project's helpgen.yml into a `Project` with resolved paths."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel, ValidationError

from helpgen.config.model import Config, Feedback
from helpgen.errors import ConfigError, HelpgenError, Problem
from helpgen.symlinks import HINT, escape
from helpgen.yaml_source import line_of, load_yaml

CONFIG_NAMES = ("helpgen.yml", "helpgen.yaml")
_COMMENTED_VALUE = re.compile(r"^\s*(?:-\s+)?(?P<key>[^\s#:][^:#]*?):[ \t]+(?P<value>#.*?)\s*$")
"""`key: #...`: a value YAML took for a comment (an unquoted `#` after a space starts one)."""
CACHE_FOLDER = ".helpgen"
"""Under the project folder: what builds keep between runs (internal articles included)."""
STORE_ENV = "HELPGEN_STORE_URL"


@dataclass(frozen=True)
class Project:
    """A loaded project: its config and the absolute paths the other stages use."""

    config: Config
    config_path: Path
    root: Path
    """The folder holding helpgen.yml; relative paths in the config start here."""
    content_dir: Path
    output_dir: Path
    theme_dir: Path | None

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_FOLDER

    @property
    def feedback(self) -> Feedback:
        fb = self.config.feedback
        return fb if isinstance(fb, Feedback) else Feedback() if fb else Feedback(endpoint=False)

    @property
    def feedback_endpoint(self) -> str | None:
        """Where the feedback widget posts, or None when feedback is switched off."""
        endpoint = self.feedback.endpoint
        return endpoint if isinstance(endpoint, str) and endpoint else None

    @property
    def events_endpoint(self) -> str | None:
        """Where pages send statistics events, or None when statistics are off."""
        analytics = self.config.analytics
        return (analytics.endpoint or "/api/event") if analytics.enabled else None

    @property
    def feedback_store(self) -> Path:
        """The SQLite file of the deprecated `feedback.store` key (or its default)."""
        return (self.root / self.feedback.store).resolve()

    @property
    def store_setting(self) -> tuple[str, str]:
        """(where it was set, the store's path or URL): HELPGEN_STORE_URL, else `store.url`, else
        the deprecated `feedback.store`, else `.helpgen/feedback.sqlite`. helpgen.store parses
        it."""
        if os.environ.get(STORE_ENV):
            return STORE_ENV, os.environ[STORE_ENV]
        if self.config.store.url:
            return "store.url", self.config.store.url
        return "feedback.store", self.feedback.store

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the project when inside it."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def find_config(target: Path) -> Path:
    """The helpgen.yml for a project directory (or the file itself)."""
    if target.is_file():
        return target
    if not target.exists():
        raise ConfigError(
            f"{target}: no such project directory (hint: run `helpgen init {target}` to create one)"
        )
    for name in CONFIG_NAMES:
        if (target / name).is_file():
            return target / name
    raise ConfigError(
        f"{target}: no helpgen.yml here "
        f"(hint: run `helpgen init {target}`, or pass the project folder)"
    )


def load_project(target: str | Path = ".", sources: bool = True) -> Project:
    """Load and validate the project at `target`; raise ConfigError listing every problem.

    `sources=False` (serving a site built elsewhere): the content and theme folders and the
    custom CSS need not exist, as a server of a built artifact reads none of them."""
    config_path = find_config(Path(target)).resolve()
    shown = config_path.name
    try:
        text = config_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read it: {exc.strerror}") from None
    try:
        data, lines = load_yaml(text, shown, "config")
    except HelpgenError as exc:
        raise ConfigError(exc.problems) from None
    if not isinstance(data, dict):
        raise ConfigError(
            Problem(shown, 1, "config: expected `key: value` lines, starting with site_name: ...")
        )
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        errors = [dict(e) for e in exc.errors()]
        raise ConfigError(_problems(errors, shown, lines, text.split("\n"))) from None
    return _resolve(config, config_path, sources)


def _resolve(config: Config, config_path: Path, sources: bool = True) -> Project:
    root = config_path.parent
    content_dir = (root / config.content_dir).resolve()
    theme_dir = (root / config.theme_dir).resolve() if config.theme_dir else None
    if sources:
        _check_sources(config, config_path, content_dir, theme_dir)
    project = Project(
        config, config_path, root, content_dir, (root / config.output_dir).resolve(), theme_dir
    )
    check_output_dir(project, project.output_dir, f"{config_path.name}: output_dir")
    return project


def _check_sources(
    config: Config, config_path: Path, content_dir: Path, theme_dir: Path | None
) -> None:
    """The folders and files a build reads exist."""
    root = config_path.parent
    if not content_dir.is_dir():
        raise ConfigError(
            f"{config_path.name}: content_dir '{config.content_dir}' does not exist "
            f"(hint: create {content_dir} or fix content_dir)"
        )
    if theme_dir is not None and not theme_dir.is_dir():
        raise ConfigError(f"{config_path.name}: theme_dir '{config.theme_dir}' does not exist")
    if config.custom_css and not (root / config.custom_css).is_file():
        raise ConfigError(
            f"{config_path.name}: custom_css '{config.custom_css}' is not a file "
            "(hint: the path is relative to the project folder)"
        )
    _check_inside(config_path, "custom_css", config.custom_css)


def _check_inside(config_path: Path, key: str, value: str | None) -> None:
    """Refuse a file the config names whose real path leaves the project (or is its cache)."""
    root = config_path.parent
    out = escape(root / value, root, lambda name: name == CACHE_FOLDER) if value else None
    if out is not None:
        raise ConfigError(
            f"{config_path.name}: {key} '{value}' leads to {out.target}, "
            f"outside the project; not read (hint: {HINT})"
        )


def check_output_dir(project: Project, out: Path, what: str) -> None:
    """Refuse an output folder whose replacement would delete the project, its content or theme.

    A build replaces the whole output folder, so it must not be, or contain, anything
    the project needs, nor sit inside the content it reads.
    """
    out = out.resolve()
    needed = {
        "the project": project.root,
        "content_dir": project.content_dir,
        "theme_dir": project.theme_dir,
    }
    for name, folder in needed.items():
        if folder is not None and (
            out == folder
            or folder.is_relative_to(out)
            or (name == "content_dir" and out.is_relative_to(folder))
        ):
            raise ConfigError(
                f"{what} '{out}' would overwrite {name} ({folder}); nothing was written "
                "(hint: choose a separate folder such as site/)"
            )


def _problems(errors: list[dict], shown: str, lines: dict, source: list[str]) -> list[Problem]:
    """One problem per config key: a union's failed alternatives merge into one message.
    `source`: the lines of the file, to see what a null value was written as."""
    by_path: dict[tuple, list[dict]] = {}
    for err in errors:
        by_path.setdefault(
            _key_path(tuple(err["loc"]), lines, err["type"] == "missing"), []
        ).append(err)
    # an error on `feedback` when `feedback.endpoint` has one too is the same mistake
    paths = [p for p in by_path if not any(q != p and q[: len(p)] == p for q in by_path)]
    return [
        _with_quote_hint(_problem(p, by_path[p], shown, lines), p, by_path[p][0], source)
        for p in paths
    ]


def _with_quote_hint(problem: Problem, key_path: tuple, err: dict, source: list[str]) -> Problem:
    """A value that YAML read as null because an unquoted `#` made the rest of its line a comment
    (`primary_color: #1d4ed8`): the hint says to quote it."""
    null = err.get("input", ...) is None
    line = problem.line or 0
    if not key_path or not null or not 0 < line <= len(source):
        return problem
    written = _COMMENTED_VALUE.match(source[line - 1])
    if not written or written.group("key").strip("'\"") != str(key_path[-1]):
        return problem
    key, value = written.group("key"), written.group("value")
    hint = (
        "YAML reads an unquoted # as the start of a comment, so the value is empty: "
        f'quote it, as in {key}: "{value}"'
    )
    return replace(problem, hint=hint)


def _problem(key_path: tuple, errs: list[dict], shown: str, lines: dict) -> Problem:
    err = errs[0]
    dotted = ".".join(str(p) for p in key_path) or "(top level)"
    line = line_of(lines, key_path)
    if err["type"] == "extra_forbidden":
        return Problem(shown, line, f"config: unknown key '{dotted}'", hint=_suggest(key_path))
    if err["type"] == "missing":
        return Problem(
            shown, line, f"config: '{dotted}' is required", hint=f"add `{key_path[-1]}: ...`"
        )
    message = err["msg"].removeprefix("Value error, ")
    if len(errs) > 1:
        kinds = [
            e["msg"].removeprefix("Input should be a valid ").split(",")[0]
            for e in errs
            if e["msg"].startswith("Input should be a valid ")
        ]
        message = "expected " + (" or ".join(dict.fromkeys(kinds)) if kinds else message)
    return Problem(shown, line, f"config: '{dotted}': {message}")


def _key_path(loc: tuple, lines: dict, missing: bool) -> tuple:
    """Drop the union-member tags pydantic puts in locations ('str', 'Feedback', ...)."""
    path: tuple = ()
    for i, part in enumerate(loc):
        if path + (part,) in lines or (missing and i == len(loc) - 1):
            path += (part,)
    return path


def _suggest(key_path: tuple) -> str:
    parent: type[BaseModel] = Config
    for part in key_path[:-1]:
        if isinstance(part, int):
            continue
        field = parent.model_fields.get(part)
        sub = (
            [
                a
                for a in getattr(field.annotation, "__args__", ()) + (field.annotation,)
                if isinstance(a, type) and issubclass(a, BaseModel)
            ]
            if field
            else []
        )
        if not sub:
            break
        parent = sub[0]
    known = sorted(parent.model_fields)
    close = difflib.get_close_matches(str(key_path[-1]), known, n=1)
    prefix = f"did you mean '{close[0]}'? " if close else ""
    return prefix + "known keys: " + ", ".join(known)
