"""`helpgen mcp`: a Model Context Protocol server over stdio that answers from a built site.

`prepare_site` finds (or builds) the site to serve; `helpgen.mcp.server` has the tools.
"""

from __future__ import annotations

from pathlib import Path

from helpgen.errors import HelpgenError, Problem
from helpgen.mcp.knowledge import ARTICLES, Knowledge, NotFound

__all__ = ["Knowledge", "NotFound", "prepare_site"]


def prepare_site(project, site: Path | None = None, rebuild: bool = False, report=None) -> Path:
    """The built site to serve: `site` as given (it must be built), else the project's output
    folder, built first when it holds no articles.jsonl (or with `rebuild`).

    `report(result)` is called with the BuildResult of a build, to print its problems.
    Raises HelpgenError saying what to run when there is nothing to serve.
    """
    if site is not None:
        site = Path(site).resolve()
        if not (site / ARTICLES).is_file():
            raise HelpgenError(
                Problem(
                    str(site),
                    None,
                    f"no {ARTICLES} here: not a built helpgen site",
                    hint=f"build it first: helpgen build {project.root} --out {site}",
                )
            )
        return site
    out = project.output_dir.resolve()
    if rebuild or not (out / ARTICLES).is_file():
        from helpgen.builder import build

        result = build(project)
        if report:
            report(result)
        if not result.written:
            raise HelpgenError(
                Problem(
                    project.display(project.config_path),
                    None,
                    "the build failed, so there is no site to serve",
                    hint=f"fix the problems above, then run: helpgen build {project.root}",
                )
            )
    return out
