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

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from helpgen.builder.writer import SiteWriter
from helpgen.render.pages import Page

PageJob = tuple[str, Callable[[], Page]]
PARALLEL_FROM = 200
"""Below this many pages to render, forking workers costs more than it saves."""

_jobs: list[PageJob] = []
_writer: SiteWriter | None = None


def write_pages(jobs: list[PageJob], writer: SiteWriter) -> None:
    """Render every job whose page changed since the last build, and stage it."""
    if writer.incremental:
        jobs = _changed_only(jobs, writer)
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2 or not hasattr(os, "fork"):
        for done in _run_range(jobs, writer, 0, len(jobs)):
            writer.record(*done)
        return
    global _jobs, _writer
    _jobs, _writer = jobs, writer
    try:
        step = -(-len(jobs) // (workers * 4))
        ranges = [(i, min(i + step, len(jobs))) for i in range(0, len(jobs), step)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for chunk in pool.map(_worker, ranges):
                for done in chunk:
                    writer.record(*done)
    finally:
        _jobs, _writer = [], None


def _changed_only(jobs: list[PageJob], writer: SiteWriter) -> list[PageJob]:
    """Record the pages that are already right; the jobs of the others, their page made once."""
    todo: list[PageJob] = []
    for path, make in jobs:
        page = make()
        if writer.needs(path, page.key):
            todo.append((path, lambda page=page: page))
        else:
            writer.record(path, page.key, False)
    return todo


def _worker(bounds: tuple[int, int]) -> list[tuple[str, str, bool]]:
    return list(_run_range(_jobs, _writer, *bounds))


def _run_range(jobs: list[PageJob], writer: SiteWriter, start: int, end: int):
    for path, make in jobs[start:end]:
        page = make()
        key = page.key
        changed = writer.needs(path, key)
        if changed:
            writer.stage(path, page.html())
        yield path, key, changed
