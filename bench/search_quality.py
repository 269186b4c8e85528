"""Search quality on customer-style questions: MRR@10 and Recall@5 of both engines.

    python bench/search_quality.py                    # shared corpus, both engines
    python bench/search_quality.py --misses           # also list questions answered late or never
    python bench/search_quality.py --workdir /tmp/sq  # keep (and reuse) the built site

Builds the shared corpus (../shared/corpora/sendgrid-docs/content) as a helpgen project
with `variables: {root_url: ""}` (and `search.semantic` from --semantic: the API matches by
meaning too when the semantic extra is installed), then asks every question of
bench/search_questions.yml

- of the API engine: `helpgen.search.open_index(...).search(q, limit=10)`, the function
  behind `helpgen search`, `/api/search` and the MCP server;
- of the browser engine: themes/default/static/search.js run by node over the static
  index in the built site (bench/search_static_eval.js), as submitted ("prefix": false)
  and as typed (the last word also taken as a prefix, as the search box does).

MRR@10: mean over questions of 1/rank of the first answering article in the top 10 (0
if none). Recall@5: share of questions with an answering article in the top 5 ("any"),
and mean share of a question's listed answers found in the top 5 ("all").
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "sendgrid-docs" / "content"


def build_corpus(corpus: Path, workdir: Path, semantic: str = "auto"):
    from helpgen.builder import build
    from helpgen.config import load_project

    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "helpgen.yml").write_text(
        f"site_name: Bench\ncontent_dir: {json.dumps(str(corpus.resolve()))}\noutput_dir: site\n"
        'variables: {root_url: ""}\n'
        f"search: {{semantic: {semantic}}}\n",
        encoding="utf-8",
    )
    project = load_project(workdir)
    start = time.perf_counter()
    result = build(project)
    if not result.written:
        sys.exit("build failed:\n" + "\n".join(str(p) for p in result.report.errors[:20]))
    print(
        f"built {len(result.site.articles)} articles in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return project, result


def metrics(ranked: list[list[str]], answers: list[list[str]]) -> dict:
    rr, any5, all5 = [], [], []
    for got, want in zip(ranked, answers, strict=True):
        ranks = [i + 1 for i, doc in enumerate(got[:10]) if doc in want]
        rr.append(1 / ranks[0] if ranks else 0.0)
        top5 = set(got[:5])
        any5.append(1.0 if top5 & set(want) else 0.0)
        all5.append(len(top5 & set(want)) / len(want))
    n = len(ranked) or 1
    return {
        "mrr@10": sum(rr) / n,
        "recall@5": sum(any5) / n,
        "recall@5_all": sum(all5) / n,
        "found@10": sum(1 for r in rr if r > 0),
        "questions": len(ranked),
        "rr": rr,
    }


def run_api(index_dir: Path, questions: list[str]) -> list[list[str]]:
    from helpgen.search import open_index

    index = open_index(index_dir)
    return [[h.id for h in index.search(q, limit=10).results] for q in questions]


def run_static(
    site: Path, base: str, questions: list[str], url_to_id: dict[str, str], prefix: bool
) -> list[list[str]]:
    payload = {"site": str(site), "base": base, "queries": questions, "limit": 10, "prefix": prefix}
    out = subprocess.run(
        ["node", str(REPO / "bench" / "search_static_eval.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
    )
    return [[url_to_id.get(u, u) for u in urls] for urls in json.loads(out.stdout)["results"]]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--questions", type=Path, default=REPO / "bench" / "search_questions.yml")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--misses", action="store_true", help="list questions not answered first")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument(
        "--semantic",
        choices=["auto", "true", "false"],
        default="auto",
        help="search.semantic of the build (default auto: on when the semantic extra is installed)",
    )
    args = ap.parse_args()

    items = yaml.safe_load(args.questions.read_text(encoding="utf-8"))
    questions = [it["q"] for it in items]
    answers = [list(it["answers"]) for it in items]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        project, result = build_corpus(args.corpus, workdir, args.semantic)
        from helpgen.render.views import Urls
        from helpgen.search import index_dir_for

        base = Urls(project).base
        url_to_id = {base + a.url: a.id for a in result.site.articles}
        known = set(url_to_id.values())
        for q, want in zip(questions, answers, strict=True):
            missing = [a for a in want if a not in known]
            if missing:
                print(f"warning: {q!r} lists unknown articles {missing}", file=sys.stderr)
        runs = {
            "api": run_api(index_dir_for(result.out), questions),
            "browser": run_static(result.out, base, questions, url_to_id, prefix=False),
            "browser_as_typed": run_static(result.out, base, questions, url_to_id, prefix=True),
        }
    figures = {name: metrics(ranked, answers) for name, ranked in runs.items()}
    print(f"{len(questions)} questions, corpus {args.corpus}")
    for name, m in figures.items():
        print(
            f"{name:18} MRR@10 {m['mrr@10']:.3f}   Recall@5 {m['recall@5']:.3f} "
            f"(all answers {m['recall@5_all']:.3f})"
            f"   answered in top 10: {m['found@10']}/{m['questions']}"
        )
    if args.misses:
        for name, ranked in runs.items():
            print(f"\n{name}: questions not answered first")
            for q, want, got, rr in zip(
                questions, answers, ranked, figures[name]["rr"], strict=True
            ):
                if rr < 1:
                    print(
                        f"  rr={rr:.2f} {q!r}\n"
                        f"      want {want[0]}{' …' if len(want) > 1 else ''}\n"
                        f"      got  {got[:3]}"
                    )
    if args.json:
        for m in figures.values():
            m.pop("rr")
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
