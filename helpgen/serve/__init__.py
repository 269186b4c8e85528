"""`helpgen serve`: build, then serve the site and the API; in watch mode, rebuild and live-reload.

`--no-watch` is the production server: one build at start, then static files with
validators, gzip and long-lived caching of fingerprinted assets, plus /api/. With
`--workers N` uvicorn runs N processes, each opening the same store (SQLite in WAL mode
takes writes from all of them; PostgreSQL from any number of replicas). The store's schema
is upgraded at start, under its migration lock, before any request is taken.

Semantic search never delays the pages: the server's builds leave the vectors the cache
lacks to a background thread (`helpgen.search.deferred`), which swaps them into the index
when they are made; until then /api/search answers lexically and says so (`mode`).
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

from helpgen.build import build, load_site
from helpgen.config import Project, load_project
from helpgen.errors import ConfigError, HelpgenError, Problem
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
    return Problem("", None, f"cannot listen on {host}:{port}: {reason}",
                   hint="--host 127.0.0.1, or an address of this machine")


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
    result = build(project, defer_vectors=True)
    report(result)
    if not result.written and not (project.output_dir / "index.html").is_file():
        raise HelpgenError(Problem("", None, "the site did not build and there is no earlier build to serve",
                                   hint="fix the problems above, then run helpgen serve again"))
    pending = result.pending_vectors.start() if result.pending_vectors else None
    if pending:
        from helpgen.cli_output import err

        count = len(pending.plan.todo)
        err.print(f"semantic search: embedding {count} articles in the background; "
                  "search answers by words only until then", markup=False)
    if workers > 1 and not watch:
        os.environ[PROJECT_ENV] = str(project.config_path)
        uvicorn.run("helpgen.serve:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", server_header=False, timeout_graceful_shutdown=GRACE, http=PROTOCOL)
        return
    state = make_state(project, result.site, watch)
    state.pending_vectors = pending
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
                state.project = load_project(state.project.config_path)  # the config may have changed
                state.registry, state.articles = data["registry"]
                if not reloaded:  # a first build of the output, or a config change: no early reload
                    broadcaster.publish("reload", {"pages": data["pages"]})
            # errors, or the warnings of a build that went through; none closes the overlay
            broadcaster.publish("problems", data["problems"])

    builder.rebuild(on_event)
