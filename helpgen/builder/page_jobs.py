"""Render and stage pages, in parallel over the cores for large sites.

A job is a site path and a function returning its `Page`. Workers are forked after the
whole page context exists, so they share it without pickling; each one renders its
pages, stages the changed ones into the writer's staging folder, and hands back only
(path, key, changed) for the writer's bookkeeping.

A rebuild first makes, in this process, the key of every page (cheap: no template runs,
see `helpgen.render.pages.Page.key`), then renders only the pages whose key changed, in
parallel only when there are many: after one edit that is a handful, and forking workers
would cost more than rendering them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from helpgen.builder.writer import SiteWriter
from helpgen.render.pages import Page
from helpgen.workers import Workers

PageJob = tuple[str, Callable[[], Page]]
PARALLEL_FROM = 200
"""Below this many pages to render, forking workers costs more than it saves."""


def write_pages(jobs: list[PageJob], writer: SiteWriter, workers: Workers) -> None:
    """Render every job whose page changed since the last build, and stage it."""
    if writer.incremental:
        jobs = _changed_only(jobs, writer)
    if len(jobs) < PARALLEL_FROM:
        workers = Workers(1)
    for done in workers.map(partial(_stage, writer), jobs):
        writer.record(*done)


def _changed_only(jobs: list[PageJob], writer: SiteWriter) -> list[PageJob]:
    """Record the pages that are already right; the jobs of the others, their page made once."""
    todo: list[PageJob] = []
    for path, make in jobs:
        page = make()
        if writer.needs(path, page.key):
            todo.append((path, _made(page)))
        else:
            writer.record(path, page.key, False)
    return todo


def _made(page: Page) -> Callable[[], Page]:
    """A job for a page already made."""
    return lambda: page


def _stage(writer: SiteWriter, job: PageJob) -> tuple[str, str, bool]:
    """Make one page and stage it if it changed: (path, key, changed) for the writer's books."""
    path, make = job
    page = make()
    changed = writer.needs(path, page.key)
    if changed:
        writer.stage(path, page.html())
    return path, page.key, changed
