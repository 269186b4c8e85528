#!/usr/bin/env python3
"""Search quality of the API for a grid of field weights: is a weight a lever worth tuning?

    python bench/search_weights.py '{"title": [4, 8, 12], "description": [1, 2, 4]}'

For each combination it sets `helpgen.search.documents.FIELD_WEIGHTS` (the rest as they
are), builds the shared corpus from scratch (weights are applied when indexing) and asks
bench/search_questions.yml of the query function, as `search_quality.py` does. Besides
MRR@10 and Recall@5 over all questions it prints MRR@10 over the odd and the even
questions: a change that helps one half only is noise of this question set, not a better
ranking. Run on demand, not in CI; about 5 s per combination on 2 cores.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path

import yaml
from search_quality import DEFAULT_CORPUS, REPO, metrics, run_api


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("grid", help='JSON: field -> weights to try, e.g. {"title": [4, 8]}')
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--questions", type=Path, default=REPO / "bench" / "search_questions.yml")
    args = ap.parse_args(argv)

    from helpgen.builder import build
    from helpgen.config import load_project
    from helpgen.search import index_dir_for
    from helpgen.search.documents import FIELD_WEIGHTS

    grid = json.loads(args.grid)
    unknown = set(grid) - set(FIELD_WEIGHTS)
    if unknown:
        sys.exit(f"unknown fields {sorted(unknown)}; the fields are {list(FIELD_WEIGHTS)}")
    items = yaml.safe_load(args.questions.read_text(encoding="utf-8"))
    questions, answers = [it["q"] for it in items], [list(it["answers"]) for it in items]
    defaults = dict(FIELD_WEIGHTS)
    with tempfile.TemporaryDirectory(prefix="helpgen-weights-") as tmp:
        (Path(tmp) / "helpgen.yml").write_text(
            f"site_name: Bench\ncontent_dir: {json.dumps(str(args.corpus.resolve()))}\n"
            "output_dir: site\n"
            'variables: {root_url: ""}\n',
            encoding="utf-8",
        )
        project = load_project(Path(tmp))
        for combo in itertools.product(*grid.values()):
            weights = dict(zip(grid, combo, strict=True))
            FIELD_WEIGHTS.update({**defaults, **weights})  # read when each document is weighed
            result = build(project, use_cache=False)
            m = metrics(run_api(index_dir_for(result.out), questions), answers)
            halves = [sum(m["rr"][i::2]) / len(m["rr"][i::2]) for i in (0, 1)]
            print(
                f"{weights}  MRR@10 {m['mrr@10']:.3f}  Recall@5 {m['recall@5']:.3f}  "
                f"odd/even MRR@10 {halves[0]:.3f}/{halves[1]:.3f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
