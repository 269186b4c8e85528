#!/usr/bin/env python3
"""Live preview latency: from saving an article to the browser showing the new text.

Starts `helpgen serve` (watch mode) on a synthetic corpus of N articles, opens an article
in headless Chromium (Debian's /usr/bin/chromium through Playwright), then repeatedly
appends a unique sentence to that article's file and times how long until the open tab
shows it (the server rebuilds over its cache and tells the tab to reload).

    python bench/livereload_bench.py [--articles 1000] [--runs 10] [--port 8931]

Prints each run, then the median and p90 in milliseconds. Run on demand, not in CI.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SYNTH = REPO.parent / "shared" / "tools" / "synth_corpus.py"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def wait_until_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not answer within {seconds} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--port", type=int, default=8931)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="helpgen-livereload-") as tmp:
        project = Path(tmp)
        subprocess.run(
            [sys.executable, str(SYNTH), str(project / "content"), str(args.articles)], check=True
        )
        (project / "helpgen.yml").write_text("site_name: Live reload bench\n", encoding="utf-8")
        article = project / "content" / "orders" / "article-00000.md"
        server = subprocess.Popen(
            [sys.executable, "-m", "helpgen", "serve", str(project), "--port", str(args.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{args.port}"
            wait_until_up(base + "/")
            times = measure(sync_playwright, base + "/orders/article-00000/", article, args.runs)
        finally:
            server.terminate()
            server.wait(timeout=20)
    times.sort()
    p90 = times[min(len(times) - 1, round(0.9 * (len(times) - 1)))]
    print(
        f"articles={args.articles} runs={len(times)} "
        f"median_ms={statistics.median(times):.0f} p90_ms={p90:.0f}"
    )


def measure(sync_playwright, url: str, article: Path, runs: int) -> list[float]:
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.goto(url)
        page.wait_for_timeout(1000)  # let the event stream connect
        original = article.read_text(encoding="utf-8")
        for run in range(runs):
            marker = f"Live reload marker {run} {time.time_ns()}"
            start = time.perf_counter()
            article.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            page.wait_for_function(
                "m => document.body && document.body.innerText.includes(m)",
                arg=marker,
                timeout=30_000,
                polling="raf",
            )
            elapsed = (time.perf_counter() - start) * 1000
            times.append(elapsed)
            print(f"run {run + 1}: {elapsed:.0f} ms", flush=True)
            page.wait_for_timeout(
                3000
            )  # a writer pauses between saves; the builder finishes exports meanwhile
        browser.close()
    return times


if __name__ == "__main__":
    main()
