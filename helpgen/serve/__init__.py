"""`helpgen serve`: build, then serve the site and the API; in watch mode, rebuild and live-reload.

`--no-watch` is the production server: one build at start, then static files with
validators, gzip and long-lived caching of fingerprinted assets, plus /api/. With
`--workers N` uvicorn runs N processes, each opening the same store (SQLite in WAL mode
takes writes from all of them; PostgreSQL from any number of replicas). The store's schema
is upgraded at start, under its migration lock, before any request is taken. `--no-build`
serves the output folder as a build wrote it (in CI, say), from its build record: replicas
need no sources.

Semantic search never delays the pages: the server's builds leave the vectors the cache
lacks to a background thread (`helpgen.search.deferred`), which swaps them into the index
when they are made; until then /api/search answers lexically and says so (`mode`).
"""

from __future__ import annotations

import errno
import os
import signal
import socket
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from helpgen.config import Project, load_project
from helpgen.errors import ConfigError, HelpgenError, Problem
from helpgen.exports.artifact import read_build_record
from helpgen.serve.artifact import open_artifact
from helpgen.serve.metrics import prepare_workers
from helpgen.serve.protocol import PROTOCOL
from helpgen.serve.state import ServerState, registry_of
from helpgen.store import open_store, project_location

PROJECT_ENV = "HELPGEN_SERVE_PROJECT"
GRACE = 2
"""Seconds open connections (a live-reload stream never ends by itself) get on Ctrl+C."""


def check_port(host: str, port: int) -> None:
    """Fail with one line (exit 2) when `host:port` cannot be listened on, before any build.

    Binds as uvicorn will (SO_REUSEADDR, IPv6 for an address with a colon) and lets go at
    once: a port in use is reported in seconds, not after a build and as uvicorn's log line."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ConfigError(_bind_problem(host, port, exc)) from None


def _bind_problem(host: str, port: int, exc: OSError) -> Problem:
    if exc.errno == errno.EADDRINUSE:
        other = port + 1 if port < 65535 else port - 1
        return Problem("", None, f"port {port} is in use", hint=f"--port {other}")
    if exc.errno == errno.EACCES:
        return Problem("", None, f"port {port} needs privileges to listen on", hint="--port 8000")
    reason = exc.strerror or str(exc)
    return Problem(
        "",
        None,
        f"cannot listen on {host}:{port}: {reason}",
        hint="--host 127.0.0.1, or an address of this machine",
    )


def make_state(project: Project, articles, watch: bool) -> ServerState:
    """The state of a server of `articles` (the built site's, as in its build record)."""
    registry, by_id = registry_of(articles)
    return ServerState(project, project.output_dir, registry, by_id, watch=watch)


def app_from_env():
    """uvicorn factory for worker processes: the main process built (or checked) the site."""
    project = load_project(os.environ[PROJECT_ENV], sources=False)
    from helpgen.serve.app import create_app

    return create_app(
        make_state(project, read_build_record(project.output_dir).articles, watch=False)
    )


def serve(
    target: str | Path,
    host: str,
    port: int,
    watch: bool,
    workers: int,
    report,
    build_site: bool = True,
) -> None:
    """Build (unless `build_site` is false) and serve until interrupted. `report(result)`
    prints a build's problems."""
    import uvicorn

    project = load_project(target, sources=build_site)
    if not watch:  # the live preview creates no store until someone votes
        open_store(project_location(project)).close()
    pending = _build(project, report) if build_site else None
    articles = open_artifact(project.output_dir).articles
    options: dict[str, Any] = dict(
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
        timeout_graceful_shutdown=GRACE,
        http=PROTOCOL,
    )
    if workers > 1 and not watch:
        os.environ[PROJECT_ENV] = str(project.config_path)
        prepare_workers()
        app, options = (
            "helpgen.serve:app_from_env",
            {**options, "factory": True, "workers": workers},
        )
    else:
        app = _single_process_app(project, articles, watch, pending)
    with _sigterm_is_a_normal_stop():
        uvicorn.run(app, **options)


def _single_process_app(project: Project, articles, watch: bool, pending):
    """The app of a one-process server; in watch mode, with the watcher and live reload."""
    from helpgen.serve.app import create_app

    state = make_state(project, articles, watch)
    state.pending_vectors = pending
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


def _build(project: Project, report):
    """The build at start (an earlier build is served when this one fails); the vectors it
    left to the background, started, or None."""
    from helpgen.builder import build

    result = build(project, defer_vectors=True)
    report(result)
    if not result.written and not (project.output_dir / "index.html").is_file():
        raise HelpgenError(
            Problem(
                "",
                None,
                "the site did not build and there is no earlier build to serve",
                hint="fix the problems above, then run helpgen serve again",
            )
        )
    pending = result.pending_vectors.start() if result.pending_vectors else None
    if pending:
        from helpgen.cli_output import err

        count = len(pending.plan.todo)
        err.print(
            f"semantic search: embedding {count} articles in the background; "
            "search answers by words only until then",
            markup=False,
        )
    return pending


def _rebuild(state: ServerState, broadcaster, builder) -> None:
    """One rebuild in watch mode, in the builder process: reload tabs as soon as pages are ready."""
    reloaded = False
    if state.pending_vectors is not None:  # the first build's: the builder's builds take over
        state.pending_vectors.stop()
        state.pending_vectors = None

    def on_event(kind: str, data) -> None:
        nonlocal reloaded
        if kind == "ready":
            broadcaster.publish("reload", {"pages": data})
            reloaded = True
        elif kind == "failed":
            broadcaster.publish("problems", data)
        else:
            if data["written"]:
                state.project = load_project(
                    state.project.config_path
                )  # the config may have changed
                state.update_site(data["articles"])
                if not reloaded:  # a first build of the output, or a config change: no early reload
                    broadcaster.publish("reload", {"pages": data["pages"]})
            # errors, or the warnings of a build that went through; none closes the overlay
            broadcaster.publish("problems", data["problems"])

    builder.rebuild(on_event)
