"""Fill a topic's template with a store's values into a helpgen article, and write it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from helpgen.config import Project
from helpgen.errors import ConfigError, HelpgenError
from helpgen.faq.schema import Topic, Variable, load_category
from helpgen.resources import shipped
from helpgen.symlinks import escape

ASSUMED_KEY = "assumed"
"""Front matter key listing the defaults a page states that nobody gave (name: value).

Front matter because it never reaches shoppers (pages, markdown copies and exports leave
unknown keys out) while `helpgen audit` and a reviewer can read it in the file."""


def render_topic(
    topic: Topic, lang: str, values: dict[str, Any], assumed: Sequence[Variable] = ()
) -> str:
    """The article's markdown (front matter included) for checked `values`.

    `assumed` (from `assumed_defaults`) is written into the front matter as `assumed:`.
    """
    if lang not in topic.languages:
        raise ConfigError(
            f"the FAQ topic '{topic.id}' has no '{lang}' version "
            f"(languages: {', '.join(topic.languages)})"
        )
    text = _environment().get_template(f"{lang}/{topic.id}.md.j2").render(**values)
    return _mark_assumed(text, assumed) if assumed else text


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # one environment, so each template is compiled once per process
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(shipped("faq_templates"))),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _mark_assumed(text: str, assumed: Sequence[Variable]) -> str:
    """Add `assumed: {name: default}` as the front matter's last key."""
    marked = {ASSUMED_KEY: {var.name: var.default for var in assumed}}
    block = (
        "# Defaults nobody gave, stated on this page: check them (helpgen faq new --set ...)\n"
        + yaml.safe_dump(marked, sort_keys=False, allow_unicode=True)
    )
    head, sep, body = text[4:].partition("\n---\n")
    return f"---\n{head}\n{block}---\n{body}"


def output_path(project: Project, topic: Topic, lang: str) -> Path:
    """Where `helpgen faq new` writes: content/faq/<topic>.md, or content/<lang>/faq/<topic>.md."""
    folder = project.content_dir if lang == project.config.language else project.content_dir / lang
    return folder / "faq" / f"{topic.id}.md"


def check_output(project: Project, path: Path) -> None:
    """Refuse to write `path` through a symbolic link (to it or to a folder above it) that
    leads out of content_dir: `helpgen faq new --force` would overwrite a file elsewhere."""
    out = escape(path, project.content_dir)
    if out is not None:
        raise HelpgenError(out.problem(project.display, writing=True, severity="error"))


def write_article(
    project: Project, path: Path, text: str, lang: str, force: bool = False
) -> list[Path]:
    """Write the article at `path`, and `_category.yml` for its folder if this creates it.

    All of `helpgen faq new`'s writes go through here. Returns the files written.
    """
    check_output(project, path)
    check_output(project, path.parent / "_category.yml")
    if path.exists() and not force:
        raise HelpgenError(
            f"{project.display(path)} exists already; nothing was written "
            "(hint: --force replaces it)"
        )
    written = []
    if not path.parent.exists():
        path.parent.mkdir(parents=True)
        category = path.parent / "_category.yml"
        category.write_text(
            yaml.safe_dump(load_category(lang), sort_keys=False, allow_unicode=True, width=200),
            encoding="utf-8",
        )
        written.append(category)
    path.write_text(text, encoding="utf-8")
    return [path, *written]
