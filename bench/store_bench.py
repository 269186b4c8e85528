#!/usr/bin/env python3
"""Votes/s through the store's group-commit writer, in process: `--threads` threads each submit a
vote and wait for its commit, as request handlers do, `--votes` votes in all.

    python bench/store_bench.py                                  # SQLite in a temporary folder
    python bench/store_bench.py --url postgresql://u:p@127.0.0.1:5432/bench

Run on demand, never in CI; machines are shared and noisy: run it several times.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

from helpgen.store import Vote, open_store, parse_location


def run(url: str, threads: int, votes: int) -> float:
    store = open_store(parse_location(url, Path.cwd()))
    writer = store.writer()
    per = votes // threads

    def client(n: int) -> None:
        for i in range(per):
            writer.submit(Vote("a", True, vote_key=f"bench-{time.time_ns()}-{n}-{i}")).result()

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    writer.close()
    store.close()
    return per * threads / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a store URL (default: a new SQLite file)")
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--votes", type=int, default=9600)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or str(Path(folder) / "bench.sqlite")
        for _ in range(args.runs):
            print(
                f"{run(url, args.threads, args.votes):,.0f} votes/s "
                f"({args.threads} threads, {args.votes} votes)"
            )


if __name__ == "__main__":
    main()
