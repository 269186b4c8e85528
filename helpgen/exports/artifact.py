"""The build record: which helpgen wrote a site, and the articles a server may count votes for.

`helpgen build` writes it into every site (`_helpgen/build.json`); `helpgen serve
--no-build` reads it instead of the content folder, so that replicas serve an artifact
built once in CI without the sources. It holds only what public pages already show (ids,
URLs and titles of listed articles), plus the version, so that a server refuses an
output it cannot read rather than failing on the first request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from helpgen import __version__
from helpgen.content import Site
from helpgen.errors import ConfigError, Problem

BUILD_RECORD = "_helpgen/build.json"
FORMAT = 1
"""Bumped when the record or anything else a server reads from an output changes shape:
a server refuses a record of another format (see docs/versioning.md)."""


@dataclass(frozen=True)
class BuiltArticle:
    id: str
    url: str
    """Root-relative, with the site's base path."""
    title: str


@dataclass(frozen=True)
class BuildRecord:
    version: str
    audience: str
    articles: tuple[BuiltArticle, ...]


def built_articles(site: Site, base: str) -> list[BuiltArticle]:
    """The articles of `site` a server counts votes and views for: the listed ones, URLs under
    `base`."""
    return [BuiltArticle(a.id, base + a.url, a.title) for a in site.articles if a.listed]


def render_build_record(site: Site, base: str) -> str:
    """The record of `site` (URLs under `base`): deterministic, so that rebuilds keep the file."""
    articles = [{"id": a.id, "url": a.url, "title": a.title} for a in built_articles(site, base)]
    record = {
        "generator": "helpgen",
        "version": __version__,
        "format": FORMAT,
        "audience": site.audience,
        "articles": articles,
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def read_build_record(out: Path) -> BuildRecord:
    """The record of the site in `out`; ConfigError (one line, exit 2) when it is missing,
    unreadable or written by a helpgen whose output this one cannot serve."""
    path = out / BUILD_RECORD
    hint = "run helpgen build with this helpgen version, then serve its output"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _refuse(
            out, f"{out} holds no site built by helpgen ({BUILD_RECORD} is missing)", hint
        ) from None
    except (OSError, ValueError) as exc:
        raise _refuse(out, f"{path} is unreadable: {exc}", hint) from None
    if not isinstance(data, dict) or data.get("generator") != "helpgen":
        raise _refuse(out, f"{path} was not written by helpgen", hint)
    if data.get("format") != FORMAT:
        raise _refuse(
            out,
            f"{out} was built by helpgen {data.get('version', '(unknown)')!s}, whose output "
            f"helpgen {__version__} cannot serve (output format {data.get('format')!r}, "
            f"expected {FORMAT})",
            hint,
        )
    try:
        articles = tuple(
            BuiltArticle(str(a["id"]), str(a["url"]), str(a["title"])) for a in data["articles"]
        )
    except (KeyError, TypeError):
        raise _refuse(
            out, f"{path} is damaged (its article list is not as helpgen writes it)", hint
        ) from None
    return BuildRecord(str(data.get("version", "")), str(data.get("audience", "public")), articles)


def _refuse(out: Path, message: str, hint: str) -> ConfigError:
    return ConfigError(Problem(str(out), None, message, hint=hint))
