"""Watch-mode rebuilds in a separate, long-lived process.

A rebuild is CPU-bound Python; run in the server's process it would hold the GIL while
the tabs it just told to reload ask for their pages, and every request would wait. The
builder process is started once (imports paid once, warm afterwards), takes "build"
requests over a pipe and answers with events:

- ("ready", pages_changed): the edited pages are in place (exports still to come);
- ("done", summary): the build ended; `summary` says whether the site was written, its
  problems (errors and warnings, see `overlay_problems`), and the article registry for
  feedback validation;
- ("failed", problems): the project could not be built at all (bad config, a crash).

It prints each build's problems and summary to the terminal itself.
"""

from __future__ import annotations

import atexit
import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from helpgen.errors import Problem

if TYPE_CHECKING:
    from helpgen.search.deferred import Pending


class BuilderProcess:
    """The parent's handle; `rebuild(on_event)` blocks until that build is done."""

    def __init__(self, config_path: Path, out: Path):
        self.config_path, self.out = config_path, out
        self._start()

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork: the server has threads
        self.conn, child = ctx.Pipe()
        # not a daemon: a build forks worker processes, which daemons may not; it ends when
        # the pipe closes (the server exited, however it exited) or at exit below
        self.proc = ctx.Process(
            target=serve_builds,
            args=(str(self.config_path), str(self.out), child),
            name="helpgen-builder",
        )
        self.proc.start()
        child.close()
        atexit.register(self.stop)

    def rebuild(self, on_event: Callable[[str, object], None]) -> None:
        try:
            self.conn.send("build")
            while True:
                kind, data = self.conn.recv()
                on_event(kind, data)
                if kind in ("done", "failed"):
                    return
        except (EOFError, OSError, BrokenPipeError):  # the builder died: say so, start a new one
            stopped = Problem(
                "", None, "the builder process stopped unexpectedly; it has been restarted"
            )
            on_event("failed", overlay_problems([stopped]))
            self._start()

    def stop(self) -> None:
        self.proc.kill()


def overlay_problems(problems: list[Problem]) -> list[dict[str, str]]:
    """What the tabs show (livereload.js): errors first, then warnings, each with its
    severity and its text as the terminal prints it; repeats folded as the terminal does."""
    from helpgen.cli_output import FOLD_AFTER
    from helpgen.errors import fold

    ordered = sorted(problems, key=lambda p: p.severity != "error")  # stable: keeps file order
    shown, folded = fold(ordered, FOLD_AFTER)
    lines = [{"severity": p.severity, "text": str(p)} for p in shown]
    for code, count in sorted(folded.items()):
        more = f"... and {count} more '{code}' warnings (`helpgen build --verbose` lists them all)"
        lines.append({"severity": "warning", "text": more})
    return lines


def serve_builds(config_path: str, out: str, conn) -> None:
    """The builder process: one build per request, until the pipe closes. Each build's new
    vectors are embedded in a thread here afterwards, stopped when the next build starts."""
    pending: list[Pending] = []

    def ready(pages: int) -> None:
        conn.send(("ready", pages))

    while True:
        try:
            conn.recv()
        except (EOFError, OSError):
            return
        for late in pending:
            late.stop()
        pending.clear()
        conn.send(build_once(Path(config_path), Path(out), ready, pending.append))


def publish_early(ready: Callable[[int], None]):
    """The build's pages hook for watch mode: on a rebuild, move the edited pages into place
    before the slower indexes and exports are done, and tell the browser (`ready(n)`, n pages
    changed). A first build swaps its whole folder in at the end, so it waits."""

    def hook(writer, result) -> None:
        if writer.incremental:
            writer.publish()
            ready(result.pages_changed)

    return hook


def build_once(
    config_path: Path,
    out: Path,
    ready: Callable[[int], None],
    started: Callable[[Pending], None] = lambda pending: None,
) -> tuple[str, object]:
    """Build, print what happened, and return the closing event; `started(pending)` gets the
    embedding of the build's new vectors, begun in the background."""
    from helpgen.builder import build
    from helpgen.cli_output import err, print_problems, print_summary
    from helpgen.config import load_project
    from helpgen.errors import HelpgenError
    from helpgen.exports.artifact import built_articles
    from helpgen.render.views import Urls

    try:
        project = load_project(config_path)
        result = build(
            project,
            out=out,
            on_pages=publish_early(ready),
            defer_vectors=True,
        )
    except HelpgenError as exc:
        problems = exc.problems
    except Exception as exc:  # noqa: BLE001 - a bug must not end watch mode
        problems = [
            Problem(
                "",
                None,
                f"the rebuild failed: {exc.__class__.__name__}: {exc}",
                hint="run `helpgen --debug build` for the traceback and report it",
            )
        ]
    else:
        if result.pending_vectors is not None:
            started(result.pending_vectors.start())
        print_problems(result.report.sorted())
        print_summary(result)
        site = result.site if result.written else None
        articles = built_articles(site, Urls(project).base) if site else None
        return "done", {
            "written": result.written,
            "pages": result.pages_changed,
            "problems": overlay_problems(result.report.sorted()),
            "articles": articles,
        }
    print_problems(problems)
    err.print("build failed; still serving the last good build", markup=False)
    return "failed", overlay_problems(problems)
