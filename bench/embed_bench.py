"""Embedding throughput of a semantic build: articles embedded a second, and CPU seconds.

    python bench/embed_bench.py                     # the shared corpus, three runs
    python bench/embed_bench.py --corpus DIR --runs 3 --threads 2

Loads the corpus as a helpgen project (no site written), makes its search documents, then
times `vectors.write_vectors` with no cache, so every document is embedded: the step a
cold `helpgen build` with the `semantic` extra spends most of its time on. Prints each
run's wall and CPU time (this process and its children) and the median articles/s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "sendgrid-docs" / "content"


def load_docs(corpus: Path, workdir: Path):
    """The search documents of `corpus`, built as a project in `workdir`."""
    from helpgen.builder import load_site
    from helpgen.config import load_project
    from helpgen.render.views import Urls
    from helpgen.search.documents import search_docs

    (workdir / "helpgen.yml").write_text(
        f"site_name: Bench\ncontent_dir: {json.dumps(str(corpus.resolve()))}\n"
        'variables: {root_url: ""}\nsearch: {semantic: true}\n',
        encoding="utf-8",
    )
    project = load_project(workdir)
    loaded = load_site(project, use_cache=False)
    return search_docs(loaded.site, loaded.rendered, Urls(project).base)


def cpu_seconds() -> float:
    own, children = os.times(), os.times()
    return own.user + own.system + children.children_user + children.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    from helpgen.search.model_files import packaged_model
    from helpgen.search.vectors import write_vectors

    with tempfile.TemporaryDirectory() as tmp:
        docs = load_docs(args.corpus, Path(tmp))
        rates = []
        for run in range(args.runs):
            wall, cpu = time.perf_counter(), cpu_seconds()
            folder = Path(tmp) / f"run{run}"
            counts = write_vectors(folder, folder, None, docs, packaged_model(), args.threads)
            wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
            rates.append(counts["embedded"] / wall)
            print(
                f"run {run + 1}: {counts['embedded']} articles in {wall:.2f} s wall, "
                f"{cpu:.2f} s CPU: "
                f"{rates[-1]:.1f} articles/s",
                file=sys.stderr,
            )
        print(f"median {statistics.median(rates):.1f} articles/s ({args.threads} threads)")


if __name__ == "__main__":
    main()
