"""Search speed: the query function, /api/search over loopback, and the browser's static index.

    python bench/search_latency.py                          # shared + 1,000 + 10,000 synthetic
    python bench/search_latency.py --sizes 1000 --no-http   # quicker
    python bench/search_latency.py --workdir /tmp/sl        # keep (and reuse) the built corpora
    python bench/search_latency.py --chromium               # also keystroke latency in Chromium

For each corpus it reports
- the query function (`SearchIndex.search`, limit 10): p50/p95 latency and queries/s, one thread;
- `GET /api/search` of `helpgen serve --no-watch --workers W` over 127.0.0.1 with a real HTTP client
  (http.client, keep-alive; bounded in count and time): latency with one connection at a time,
  throughput with C concurrent connections (the client shares the machine's 2 cores);
- the static index: bytes a fresh page fetches (gzipped, as a server sends them) before it
  shows the first results of each query: search.js + search.css + manifest + the shards of
  the query's words + the chunks of the shown titles; and the engine's time per query under node;
- with --chromium: per keystroke, the time from the input event to the results on screen, typing
  each query letter by letter into the header box of a page served by a static HTTP server.

Queries: bench/search_questions.yml for the shared corpus; for synthetic corpora, 2–4 words of
their vocabulary (a fixed seed). Every request loop stops by itself. Timings on a shared
2-core machine are noisy: compare runs from the same session.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.client
import http.server
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpora" / "sendgrid-docs" / "content"
SYNTH = REPO.parent / "shared" / "tools" / "synth_corpus.py"
SYNTH_WORDS = (
    "order shipping return refund exchange package carrier tracking delivery address payment "
    "card paypal invoice discount code coupon gift subscription cancel account password email "
    "size fit warranty damaged item store pickup international customs duty holiday sale stock "
    "restock preorder wholesale loyalty points reward review product care wash material battery "
    "charger install app checkout"
).split()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def prepare(name: str, workdir: Path, size: int | None) -> Path:
    """A built project in workdir/name: written the first time, then rebuilt (incrementally)
    on every run, so that the index is the current code's."""
    from helpgen.builder import build
    from helpgen.config import load_project

    project = workdir / name
    project.mkdir(parents=True, exist_ok=True)
    if size is None:
        content = SHARED.resolve()
    else:
        content = project / "content"
        if not content.is_dir():
            subprocess.run([sys.executable, str(SYNTH), str(content), str(size)], check=True)
    (project / "helpgen.yml").write_text(
        f"site_name: Bench\ncontent_dir: {json.dumps(str(content))}\n"
        'output_dir: site\nvariables: {root_url: ""}\n',
        encoding="utf-8",
    )
    start = time.perf_counter()
    result = build(load_project(project))
    if not result.written:
        sys.exit(f"{name}: build failed")
    print(f"{name}: built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return project


def corpora_of(no_shared: bool, sizes: list[int]) -> list[tuple[str, int | None]]:
    """(name, synthetic size or None for the shared corpus) of each corpus to measure."""
    return ([] if no_shared else [("shared", None)]) + [(f"synthetic-{n}", n) for n in sizes]


def queries_for(name: str, n: int = 200) -> list[str]:
    if name == "shared":
        items = yaml.safe_load(
            (REPO / "bench" / "search_questions.yml").read_text(encoding="utf-8")
        )
        return [it["q"] for it in items]
    r = random.Random(7)
    return [" ".join(r.choice(SYNTH_WORDS) for _ in range(r.randint(2, 4))) for _ in range(n)]


def new_to_cache(query: str, n: int) -> str:
    """`query` with some letters upper-cased, a pattern for each `n`: the same words to the
    analysis and to the (uncased) model, but a question semantic search's cache has not seen."""
    letters = [i for i, c in enumerate(query) if c.isalpha()]
    out = list(query)
    for j, i in enumerate(letters):
        if (n >> (j % 20)) & 1:
            out[i] = out[i].upper()
    return "".join(out)


def bench_function(project: Path, queries: list[str], rounds: int, query_cache: bool) -> dict:
    from helpgen.search import index_dir_for, open_index, semantic
    from helpgen.search.model_files import packaged_model

    index = open_index(index_dir_for(project / "site"))
    for q in queries[:20]:
        index.search(q)
    times = []
    start = time.perf_counter()
    for _ in range(rounds):
        for q in queries:
            if not query_cache and semantic.shared_encoder.cache_info().currsize:
                semantic.shared_encoder(packaged_model()).query.cache_clear()
            t = time.perf_counter()
            index.search(q, limit=10)
            times.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - start
    return {
        "p50_ms": pct(times, 50),
        "p95_ms": pct(times, 95),
        "qps": len(times) / total,
        "n": len(times),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(project: Path, workers: int = 1) -> Iterator[tuple[int, int]]:
    """`helpgen serve PROJECT --no-watch` on a free 127.0.0.1 port, answering: (its port, its
    process group); stopped (the whole group) on the way out. Output in serve-bench.log."""
    port = free_port()
    log = open(project / "serve-bench.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpgen", "serve", str(project), "--no-watch"]
        + ["--port", str(port), "--workers", str(workers)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/api/search?q=warmup")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("helpgen serve did not start; see serve-bench.log")
        yield port, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def bench_http(
    project: Path,
    queries: list[str],
    workers: int,
    concurrency: int,
    requests: int,
    max_seconds: float,
    query_cache: bool,
) -> dict | None:
    if not (REPO / "helpgen" / "serve").is_dir():
        return None
    with serving(project, workers) as (port, _):
        from urllib.parse import quote

        stop_at = time.monotonic() + max_seconds
        per_worker = requests // concurrency

        def client(k: int, count: int = per_worker, timed: bool = True) -> list[float]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            out = []
            for i in range(count):
                if time.monotonic() > stop_at:
                    break
                t = time.perf_counter()
                q = queries[(k * 7919 + i) % len(queries)]
                if timed and not query_cache:  # the warm-up asked each query as it is
                    q = new_to_cache(q, k * count + i + 1)
                conn.request("GET", f"/api/search?q={quote(q)}&limit=10")
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"HTTP {resp.status}")
                out.append((time.perf_counter() - t) * 1000)
            conn.close()
            return out

        # Warm up: every connection asks every query once. Which worker serves a connection is
        # the kernel's choice, so only this way has each worker read the postings of every
        # query's terms before the timed run: it measures a server in its steady state.
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(lambda k: client(k, len(queries), False), range(concurrency)))
        start = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            times = [t for part in pool.map(client, range(concurrency)) for t in part]
        total = time.perf_counter() - start
        return {
            "p50_ms": pct(times, 50),
            "p95_ms": pct(times, 95),
            "rps": len(times) / total,
            "n": len(times),
            "workers": workers,
            "concurrency": concurrency,
        }


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6, mtime=0))


def bench_static(project: Path, queries: list[str], prefix: bool) -> dict:
    site = project / "site"
    payload = {"site": str(site), "base": "/", "queries": queries, "limit": 8, "prefix": prefix}
    out = json.loads(
        subprocess.run(
            ["node", str(REPO / "bench" / "search_static_eval.js")],
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assets = site / "_helpgen"
    script = sum(gz(p) for p in assets.glob("search.*.js")) + sum(
        gz(p) for p in assets.glob("search.*.css")
    )
    sizes = {}
    per_query = []
    for files in out["files"]:
        total = script
        for rel in files:
            if rel not in sizes:
                sizes[rel] = gz(site / rel)
            total += sizes[rel]
        per_query.append(total / 1024)
    index_total = sum(gz(p) for p in (site / "_helpgen" / "search").glob("*.json")) / 1024
    return {
        "payload_kb_p50": pct(per_query, 50),
        "payload_kb_p95": pct(per_query, 95),
        "payload_kb_max": max(per_query),
        "node_ms_p50": pct(out["ms"], 50),
        "node_ms_p95": pct(out["ms"], 95),
        "script_kb": script / 1024,
        "whole_index_kb": index_total,
    }


def bench_chromium(project: Path, queries: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    site = project / "site"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    manifest = json.loads(
        (site / "_helpgen" / "search" / "manifest.json").read_text(encoding="utf-8")
    )
    first_doc = json.loads(
        (site / "_helpgen" / "search" / manifest["chunks"][0]).read_text(encoding="utf-8")
    )[0]
    url = f"http://127.0.0.1:{server.server_address[1]}/{first_doc[1]}"
    form_sel = "form[data-hg-search]"
    first, rest = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                ],
            )
            page = browser.new_page()
            for q in queries[:30]:
                page.goto(url)
                box = page.locator(form_sel + " input[type=search]").first
                box.click()
                for i, ch in enumerate(q):
                    page.evaluate(
                        "f => document.querySelector(f).setAttribute('data-hg-ms', '')", form_sel
                    )
                    box.type(ch)
                    if not q[: i + 1].strip():
                        continue
                    page.wait_for_function(
                        "f => document.querySelector(f).getAttribute('data-hg-ms')",
                        arg=form_sel,
                        timeout=10_000,
                    )
                    ms = float(page.locator(form_sel).first.get_attribute("data-hg-ms"))
                    (first if i == 0 else rest).append(ms)
            browser.close()
    finally:
        server.shutdown()
    all_ms = first + rest
    return {
        "keystroke_ms_p50": pct(all_ms, 50),
        "keystroke_ms_p95": pct(all_ms, 95),
        "keystroke_ms_max": max(all_ms),
        "first_keystroke_ms_p95": pct(first, 95) if first else None,
        "keystrokes": len(all_ms),
        "over_50_ms": sum(ms > 50 for ms in all_ms),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--sizes", type=int, nargs="*", default=[1000, 10000], help="synthetic corpus sizes"
    )
    ap.add_argument("--no-shared", action="store_true")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-http", action="store_true")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--max-seconds", type=float, default=60)
    ap.add_argument("--chromium", action="store_true")
    ap.add_argument(
        "--query-cache",
        action="store_true",
        help="let repeated queries hit semantic search's question cache "
        "(by default every timed query misses it)",
    )
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    corpora = corpora_of(args.no_shared, args.sizes)
    report = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        for name, size in corpora:
            project = prepare(name, workdir, size)
            queries = queries_for("shared" if size is None else name)
            row = {
                "function": bench_function(project, queries, args.rounds, args.query_cache),
                "static_submitted": bench_static(project, queries, prefix=False),
                "static_as_typed": bench_static(project, queries, prefix=True),
            }
            if not args.no_http:
                row["http_latency"] = bench_http(
                    project,
                    queries,
                    args.workers,
                    1,
                    args.requests // 3,
                    args.max_seconds,
                    args.query_cache,
                )
                row["http_throughput"] = bench_http(
                    project,
                    queries,
                    args.workers,
                    args.concurrency,
                    args.requests,
                    args.max_seconds,
                    args.query_cache,
                )
            if args.chromium:
                row["chromium"] = bench_chromium(project, queries)
            report[name] = row
            print(f"\n{name}")
            for part, figures in row.items():
                if figures:
                    print(
                        f"  {part:17} "
                        + "  ".join(
                            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}"
                            for k, v in figures.items()
                        )
                    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
