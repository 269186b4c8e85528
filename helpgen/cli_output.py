"""How commands talk to people: problems, a progress bar on a terminal, plain lines in CI."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from helpgen.errors import Problem, fold

FOLD_AFTER = 20
"""Problems of one kind shown before the rest are counted instead (--verbose shows all)."""

err = Console(stderr=True, highlight=False, soft_wrap=True)


def interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def print_problems(problems: list[Problem], verbose: bool = False) -> None:
    """Print problems one per line, errors in red; repeats of one kind folded unless verbose."""
    shown, folded = (problems, {}) if verbose else fold(problems, FOLD_AFTER)
    for p in shown:
        style = "red" if p.severity == "error" else "yellow"
        err.print(f"[{style}]{p.severity}[/{style}]: ", end="")
        err.print(str(p), markup=False)
    for code, count in sorted(folded.items()):
        err.print(
            f"... and {count} more '{code}' warnings (use --verbose to list them all)", markup=False
        )


class BuildProgress:
    """A progress bar over articles on a terminal; nothing in CI (the summary line says it all)."""

    def __init__(self):
        self._bar = (
            Progress(
                TextColumn("rendering"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
                # no refresh thread: the build forks its workers meanwhile, and a fork while
                # another thread holds a lock (the console's) can leave the child stuck
                auto_refresh=False,
            )
            if interactive()
            else None
        )
        self._task = None

    def start(self, total: int) -> None:
        if self._bar:
            self._bar.start()
            self._task = self._bar.add_task("articles", total=total)

    def advance(self, n: int) -> None:
        if self._bar and self._task is not None:
            self._bar.advance(self._task, n)
            self._bar.refresh()

    def stop(self) -> None:
        if self._bar:
            self._bar.stop()


def print_steps(result) -> None:
    """One plain line per build step with its time, for CI logs (a terminal has the bar)."""
    if interactive():
        return
    notes = {
        "articles": f"{result.cached} of {result.sources} from cache",
        "pages": f"{result.pages_changed} written",
    }
    if result.embedded is not None:  # embedding is most of a first semantic build's time: say so
        notes["search"] = (
            f"{result.embedded} article{'' if result.embedded == 1 else 's'} "
            "embedded for semantic search"
        )
    for step, seconds in result.timings.items():
        note = f" ({notes[step]})" if step in notes else ""
        err.print(f"helpgen: {step} {seconds:.2f} s{note}", markup=False, highlight=False)


def print_summary(result, seconds: float | None = None) -> None:
    """The build's last line: counts, problems, time, and whether the site was written."""
    site = result.site
    counts = (
        f"{len(site.articles)} articles, {sum(1 for c in site.categories if c)} categories"
        if site
        else "nothing"
    )
    outcome = (
        f"wrote {_shown(result.out)}"
        if result.written
        else "site NOT written (the previous one is kept)"
    )
    seconds = sum(result.timings.values()) if seconds is None else seconds
    err.print(
        f"{counts}, {len(result.report.errors)} errors, {len(result.report.warnings)} warnings, "
        f"{seconds:.2f} s: {outcome}",
        markup=False,
        highlight=False,
    )


def print_import(result, dry_run: bool) -> None:
    """What an importer could not map (one warning a line), then each file it wrote, then a
    count."""
    print_problems(result.notes, verbose=True)
    verb = "would write" if dry_run else "wrote"
    for path in result.written:
        err.print(f"{verb} {_shown(path)}", markup=False)
    err.print(
        f"{verb} {len(result.written)} files; {len(result.notes)} things not mapped (listed above)",
        markup=False,
    )


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
