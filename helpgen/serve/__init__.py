"""`helpgen serve`: build, then serve the site and the API; in watch mode, rebuild and live-reload.

`--no-watch` is the production server: one build at start, then static files with
validators, gzip and long-lived caching of fingerprinted assets, plus /api/. With
`--workers N` uvicorn runs N processes, each opening the same store (SQLite in WAL mode
takes writes from all of them; PostgreSQL from any number of replicas). The store's schema
is upgraded at start, under its migration lock, before any request is taken.
"""

from __future__ import annotations

import os
from pathlib import Path

from helpgen.build import build, load_site
from helpgen.config import Project, load_project
from helpgen.errors import HelpgenError, Problem
from helpgen.serve.protocol import PROTOCOL
from helpgen.serve.state import ServerState, registry_of
from helpgen.store import open_store, project_location

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
    if not watch:  # the live preview creates no store until someone votes
        open_store(project_location(project)).close()
    result = build(project)
    report(result)
    if not result.written and not (project.output_dir / "index.html").is_file():
        raise HelpgenError(Problem("", None, "the site did not build and there is no earlier build to serve",
                                   hint="fix the problems above, then run helpgen serve again"))
    if workers > 1 and not watch:
        os.environ[PROJECT_ENV] = str(project.config_path)
        uvicorn.run("helpgen.serve:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", server_header=False, timeout_graceful_shutdown=GRACE, http=PROTOCOL)
        return
    state = make_state(project, result.site, watch)
    broadcaster = None
    if watch:
        from helpgen.serve.builder import BuilderProcess
        from helpgen.serve.livereload import Broadcaster
        from helpgen.serve.watch import Watcher

        broadcaster = Broadcaster()
        builder = BuilderProcess(project.config_path, state.out)
        Watcher(project, lambda: _rebuild(state, broadcaster, builder)).start()
    uvicorn.run(create_app(state, broadcaster), host=host, port=port, log_level="warning", server_header=False,
                timeout_graceful_shutdown=GRACE, http=PROTOCOL)


def _rebuild(state: ServerState, broadcaster, builder) -> None:
    """One rebuild in watch mode, in the builder process: reload tabs as soon as pages are ready."""
    reloaded = False

    def on_event(kind: str, data) -> None:
        nonlocal reloaded
        if kind == "ready":
            broadcaster.publish("reload", {"pages": data})
            reloaded = True
        elif kind == "failed":
            broadcaster.publish("problems", data)
        elif data["written"]:
            state.project = load_project(state.project.config_path)  # the config may have changed
            state.registry, state.articles = data["registry"]
            if not reloaded:  # a first build of the output, or a config change: no early reload
                broadcaster.publish("reload", {"pages": data["pages"]})
        else:
            broadcaster.publish("problems", data["problems"])

    builder.rebuild(on_event)
