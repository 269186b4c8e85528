"""`helpgen serve`: build, then serve the site and the API; in watch mode, rebuild and live-reload.

`--no-watch` is the production server: one build at start, then static files with
validators, gzip and long-lived caching of fingerprinted assets, plus /api/. With
`--workers N` uvicorn runs N processes, each opening the same feedback store (SQLite in
WAL mode takes writes from all of them).
"""

from __future__ import annotations

import os
from pathlib import Path

from helpgen.build import build, load_site
from helpgen.config import Project, load_project
from helpgen.errors import HelpgenError, Problem
from helpgen.serve.state import ServerState, registry_of

PROJECT_ENV = "HELPGEN_SERVE_PROJECT"
GRACE = 2
"""Seconds open connections (a live-reload stream never ends by itself) get on Ctrl+C."""


def make_state(project: Project, site, watch: bool) -> ServerState:
    from helpgen.render.views import Urls

    registry, articles = registry_of(site, Urls(project).base)
    return ServerState(project, project.output_dir, registry, articles, watch=watch)


def app_from_env():
    """uvicorn factory for worker processes: the main process built the site already."""
    project = load_project(os.environ[PROJECT_ENV])
    from helpgen.serve.app import create_app

    return create_app(make_state(project, load_site(project).site, watch=False))


def serve(target: str | Path, host: str, port: int, watch: bool, workers: int, report) -> None:
    """Build and serve until interrupted. `report(result)` prints a build's problems."""
    import uvicorn

    from helpgen.serve.app import create_app

    project = load_project(target)
    result = build(project)
    report(result)
    if not result.written and not (project.output_dir / "index.html").is_file():
        raise HelpgenError(Problem("", None, "the site did not build and there is no earlier build to serve",
                                   hint="fix the problems above, then run helpgen serve again"))
    if workers > 1 and not watch:
        os.environ[PROJECT_ENV] = str(project.config_path)
        uvicorn.run("helpgen.serve:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", server_header=False, timeout_graceful_shutdown=GRACE)
        return
    state = make_state(project, result.site, watch)
    broadcaster = None
    if watch:
        from helpgen.serve.livereload import Broadcaster
        from helpgen.serve.watch import Watcher

        broadcaster = Broadcaster()
        Watcher(project, lambda: _rebuild(state, broadcaster, report)).start()
    uvicorn.run(create_app(state, broadcaster), host=host, port=port, log_level="warning", server_header=False,
                timeout_graceful_shutdown=GRACE)


def _rebuild(state: ServerState, broadcaster, report) -> None:
    """One rebuild in watch mode: reload the config (it may have changed), build, tell the tabs."""
    from helpgen.render.views import Urls

    try:
        project = load_project(state.project.config_path)
        result = build(project, out=state.out)
    except HelpgenError as exc:
        report(None, exc.problems)
        broadcaster.publish("problems", [str(p) for p in exc.problems])
        return
    except Exception as exc:  # a bug must not end watch mode: say it, keep the last good site
        problem = Problem("", None, f"the rebuild failed: {exc.__class__.__name__}: {exc}",
                          hint="run `helpgen --debug build` for the traceback and report it")
        report(None, [problem])
        broadcaster.publish("problems", [str(problem)])
        return
    report(result)
    if result.written:
        state.project = project
        state.update_site(result.site, Urls(project).base)
        broadcaster.publish("reload", {"pages": result.pages_changed})
    else:
        broadcaster.publish("problems", [str(p) for p in result.report.sorted() if p.severity == "error"] or
                            [str(p) for p in result.report.warnings])
