"""Fill a topic's template with a store's values into a helpgen article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from helpgen.config import Project
from helpgen.errors import ConfigError, HelpgenError
from helpgen.faq.schema import Topic
from helpgen.resources import shipped
from helpgen.symlinks import escape


def render_topic(topic: Topic, lang: str, values: dict[str, Any]) -> str:
    """The article's markdown (front matter included) for checked `values`."""
    if lang not in topic.languages:
        raise ConfigError(f"the FAQ topic '{topic.id}' has no '{lang}' version (languages: {', '.join(topic.languages)})")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(shipped("faq_templates"))),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    return env.get_template(f"{lang}/{topic.id}.md.j2").render(**values)


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
