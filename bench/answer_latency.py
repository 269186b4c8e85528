"""/api/answer speed over real HTTP on loopback: p50/p95, and the server's CPU a request.

    python bench/answer_latency.py                        # shared corpus + 10,000 synthetic, 3 runs
    python bench/answer_latency.py --sizes --runs 5       # shared corpus only
    python bench/answer_latency.py --workdir /tmp/al      # keep (and reuse) the built corpora

For each corpus (built as bench/search_latency.py builds it: `prepare`, with the semantic
extra when installed) it starts `helpgen serve --no-watch` (one worker) on a free 127.0.0.1
port, warms it with a few questions, then asks `--requests` questions one at a time over one
keep-alive connection (http.client) and times each answer. Every timed question is new to
every question cache: the bench's questions with their letters' case varied
(`new_to_cache`: the same words to the analysis and to the uncased model, another string to
any cache). Shared corpus: bench/answer_questions.yml; synthetic: question forms around 2-4
words of the synthetic vocabulary. Each run reports p50/p95 and the CPU time the server's
processes spent per request (/proc; the machine is shared, so CPU is the steadier figure);
the medians of the runs come last. Targets (#22): p95 ≤ 25 ms shared, ≤ 40 ms at 10,000.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import yaml
from search_latency import corpora_of, new_to_cache, pct, prepare, queries_for, serving

REPO = Path(__file__).resolve().parent.parent
FORMS = ("how do I {}", "can I {}?", "what happens to my {}", "{} help", "why is my {} late")


def questions_for(size: int | None) -> list[str]:
    if size is None:
        items = yaml.safe_load((REPO / "bench" / "answer_questions.yml").read_text("utf-8"))
        return [it["q"] for it in items]
    r = random.Random(11)
    return [r.choice(FORMS).format(words) for words in queries_for(f"synthetic-{size}")]


def cpu_seconds(group: int) -> float:
    """User + system CPU seconds of every live process in process group `group`."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def one_run(project: Path, questions: list[str], requests: int, seed: int) -> dict:
    with serving(project, 1) as (port, group):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

        def ask(q: str) -> float:
            t = time.perf_counter()
            conn.request("GET", f"/api/answer?q={quote(q)}")
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status}: {body[:200]!r}")
            return (time.perf_counter() - t) * 1000

        for q in questions[:20]:
            ask(q)
        cpu = cpu_seconds(group)
        times = [
            ask(new_to_cache(questions[i % len(questions)], seed * requests + i + 1))
            for i in range(requests)
        ]
        cpu = cpu_seconds(group) - cpu
        conn.close()
    return {
        "p50_ms": pct(times, 50),
        "p95_ms": pct(times, 95),
        "cpu_ms_per_request": cpu * 1000 / len(times),
        "n": len(times),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", type=int, nargs="*", default=[10000], help="synthetic sizes")
    ap.add_argument("--no-shared", action="store_true")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    corpora = corpora_of(args.no_shared, args.sizes)
    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        for name, size in corpora:
            project = prepare(name, workdir, size)
            questions = questions_for(size)
            runs = []
            for k in range(args.runs):
                runs.append(one_run(project, questions, args.requests, k))
                print(f"{name} run {k + 1}: " + _fmt(runs[-1]), flush=True)
            median = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
            report[name] = {"runs": runs, "median": median}
            print(f"{name} median of {len(runs)}: " + _fmt(median), flush=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


def _fmt(figures: dict) -> str:
    return "  ".join(f"{k} {v:.1f}" for k, v in figures.items())


if __name__ == "__main__":
    main()
