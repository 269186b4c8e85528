"""`helpgen serve`: build, then serve the site and the API; in watch mode, rebuild and live-reload.

`--no-watch` is the production server: one build at start, then static files with
validators, gzip and long-lived caching of fingerprinted assets, plus /api/. With
`--workers N` uvicorn runs N processes, each opening the same feedback store (SQLite in
WAL mode takes writes from all of them). `--no-build` serves the output folder as a
build wrote it (in CI, say), from its build record: replicas need no sources.
"""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from pathlib import Path

from helpgen.config import Project, load_project
from helpgen.errors import HelpgenError, Problem
from helpgen.exports.artifact import read_build_record
from helpgen.serve.artifact import open_artifact
from helpgen.serve.metrics import prepare_workers
from helpgen.serve.protocol import PROTOCOL
from helpgen.serve.state import ServerState, registry_of

PROJECT_ENV = "HELPGEN_SERVE_PROJECT"
GRACE = 2
"""Seconds open connections (a live-reload stream never ends by itself) get on Ctrl+C."""


def make_state(project: Project, articles, watch: bool) -> ServerState:
    """The state of a server of `articles` (the built site's, as in its build record)."""
    registry, by_id = registry_of(articles)
    return ServerState(project, project.output_dir, registry, by_id, watch=watch)


def app_from_env():
    """uvicorn factory for worker processes: the main process built (or checked) the site already."""
    project = load_project(os.environ[PROJECT_ENV], sources=False)
    from helpgen.serve.app import create_app

    return create_app(make_state(project, read_build_record(project.output_dir).articles, watch=False))


def serve(target: str | Path, host: str, port: int, watch: bool, workers: int, report,
          build_site: bool = True) -> None:
    """Build (unless `build_site` is false) and serve until interrupted. `report(result)`
    prints a build's problems."""
    import uvicorn

    project = load_project(target, sources=build_site)
    if build_site:
        _build(project, report)
    articles = open_artifact(project.output_dir).articles
    options = dict(host=host, port=port, log_level="warning", server_header=False, timeout_graceful_shutdown=GRACE,
                   http=PROTOCOL)
    if workers > 1 and not watch:
        os.environ[PROJECT_ENV] = str(project.config_path)
        prepare_workers()
        app, options = "helpgen.serve:app_from_env", {**options, "factory": True, "workers": workers}
    else:
        app = _single_process_app(project, articles, watch)
    with _sigterm_is_a_normal_stop():
        uvicorn.run(app, **options)


def _single_process_app(project: Project, articles, watch: bool):
    """The app of a one-process server; in watch mode, with the watcher and live reload."""
    from helpgen.serve.app import create_app

    state = make_state(project, articles, watch)
    broadcaster = None
    if watch:
        from helpgen.serve.builder import BuilderProcess
        from helpgen.serve.livereload import Broadcaster
        from helpgen.serve.watch import Watcher

        broadcaster = Broadcaster()
        builder = BuilderProcess(project.config_path, state.out)
        Watcher(project, lambda: _rebuild(state, broadcaster, builder)).start()
    return create_app(state, broadcaster)


@contextmanager
def _sigterm_is_a_normal_stop():
    """uvicorn drains on SIGTERM (requests in flight answered, the store flushed at shutdown),
    then raises the signal again so that the process dies of it (exit -15). SIGTERM is how
    systemd, Kubernetes and `docker stop` stop a server: one that drained has succeeded, so
    the signal raised again is ignored here and the command exits 0."""
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _build(project: Project, report) -> None:
    """The build at start; an earlier build is served when this one fails."""
    from helpgen.build import build

    result = build(project)
    report(result)
    if not result.written and not (project.output_dir / "index.html").is_file():
        raise HelpgenError(Problem("", None, "the site did not build and there is no earlier build to serve",
                                   hint="fix the problems above, then run helpgen serve again"))


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
            state.update_site(data["articles"])
            if not reloaded:  # a first build of the output, or a config change: no early reload
                broadcaster.publish("reload", {"pages": data["pages"]})
        else:
            broadcaster.publish("problems", data["problems"])

    builder.rebuild(on_event)
