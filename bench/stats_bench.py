#!/usr/bin/env python3
"""Statistics under load: the event endpoint, and what counting views costs a page.

Starts `helpgen serve --no-watch` on a synthetic corpus (../shared/tools/synth_corpus.py)
and measures over loopback, with a small asyncio HTTP/1.1 client on keep-alive
connections (a few dozen microseconds of client work per request, so that the figures are
the server's, not a client library's):

1. events: `--events` view events POSTed to /api/event by `--clients` clients at once,
   as a browser's beacon sends them (text/plain JSON, a browser user agent). Reports the
   latency p50/p95/p99 and the rate, then waits until the store holds every event and
   reports how many were counted. With `--rate R` the clients send R events a second in
   all (each request timed from when it was due, so a slow answer is not hidden by the
   next one starting late); without it they send as fast as the server answers, and the
   latency is mostly queueing (Little's law: clients / throughput).
2. pages: two servers on the same site, counting on and counting off
   (`analytics.enabled: false`), answer `--page-requests` GETs of article pages each per
   run, one request at a time, alternating between the two servers request by request (a
   noisy machine drifts; alternation gives both the same moments). `--page-runs` runs;
   reports each run's p50/p95, the median of the runs' medians, and the difference on/off.

    python bench/stats_bench.py                       # 100,000 events from 50 clients, 5 page runs
    python bench/stats_bench.py --rate 2000           # paced: service time, not queueing
    python bench/stats_bench.py --events 20000 --page-runs 3 --json out.json

Run on demand, never in CI; machines are shared and noisy: read every run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SYNTH = REPO.parent / "shared" / "tools" / "synth_corpus.py"
BROWSER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)
START_TIMEOUT = 120


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Load the statistics endpoint and compare page times with counting on/off."
    )
    p.add_argument(
        "--events", type=int, default=100_000, help="view events to send (default 100,000)"
    )
    p.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    p.add_argument(
        "--rate",
        type=float,
        default=0,
        help="events per second in all (default: as fast as answered)",
    )
    p.add_argument("--articles", type=int, default=200, help="synthetic articles (default 200)")
    p.add_argument(
        "--page-runs",
        type=int,
        default=5,
        help="alternating on/off runs of page requests (default 5)",
    )
    p.add_argument(
        "--page-requests", type=int, default=2000, help="page requests per run (default 2,000)"
    )
    p.add_argument(
        "--event-limit",
        type=int,
        default=0,
        help="analytics.rate_limit of the events server (default 0: none; a huge limit measures "
        "what counting every event in the store's rate_hits costs)",
    )
    p.add_argument(
        "--workers", type=int, default=1, help="server processes for the events measure (default 1)"
    )
    p.add_argument("--only", choices=("events", "pages"), help="run one of the two measures")
    p.add_argument("--json", type=Path, help="also write the results here")
    return p.parse_args(argv)


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_project(root: Path, articles: int, counting: bool, event_limit: int = 0) -> Path:
    root.mkdir(parents=True)
    subprocess.run([sys.executable, str(SYNTH), str(root / "content"), str(articles)], check=True)
    enabled = "true" if counting else "false"
    (root / "helpgen.yml").write_text(
        "site_name: Bench\nsite_url: https://help.example.com/\nfeedback: {rate_limit: 0}\n"
        f"analytics: {{enabled: {enabled}, rate_limit: {event_limit}}}\n",
        encoding="utf-8",
    )
    return root


class Server:
    """`python -m helpgen serve PROJECT --no-watch` on a free port, output to a log file."""

    def __init__(self, project: Path, workers: int = 1):
        self.project, self.port = project, free_port()
        self.log = project / "serve.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "helpgen",
                    "serve",
                    str(project),
                    "--no-watch",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(workers),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"helpgen serve exited:\n{self.log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("helpgen serve did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def article_paths(project: Path) -> list[str]:
    site = project / "site"
    return sorted(
        "/" + str(p.parent.relative_to(site)) + "/" for p in site.glob("*/article-*/index.html")
    )


# --------------------------------------------------------------------------- client


class Connection:
    """One keep-alive HTTP/1.1 connection: send a request, read the status and the body."""

    def __init__(self, port: int):
        self.port = port

    async def open(self) -> Connection:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        return self

    async def request(
        self, method: str, path: str, body: bytes = b"", content_type: str = "", extra: str = ""
    ) -> int:
        """The answer's status. `extra`: more header lines, each ending in CRLF."""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            f"User-Agent: {BROWSER_UA}\r\n"
        )
        head += extra
        if body:
            # the Origin a browser on the help center's own pages sends (a beacon needs one)
            head += (
                f"Origin: http://127.0.0.1:{self.port}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\n"
            )
        self.writer.write(head.encode() + b"\r\n" + body)
        status_line = await self.reader.readline()
        length, chunked = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "transfer-encoding" and "chunked" in value:
                chunked = True
        if chunked:
            raise RuntimeError("chunked answers are not expected here")
        await self.reader.readexactly(length)
        return int(status_line.split()[1])

    def close(self) -> None:
        self.writer.close()


async def send_events(port: int, paths: list[str], total: int, clients: int, rate: float) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    per_client = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    interval = clients / rate if rate else 0.0
    start = time.perf_counter()

    async def client(n: int, count: int) -> None:
        conn = await Connection(port).open()
        rng = random.Random(n)
        due = start + rng.random() * interval
        try:
            for _ in range(count):
                body = json.dumps({"type": "view", "page": rng.choice(paths)}).encode()
                if interval:
                    await asyncio.sleep(max(0.0, due - time.perf_counter()))
                sent = due if interval else time.perf_counter()
                status = await conn.request("POST", "/api/event", body, "text/plain;charset=UTF-8")
                latencies.append(time.perf_counter() - sent)
                statuses[status] = statuses.get(status, 0) + 1
                due += interval
        finally:
            conn.close()

    await asyncio.gather(*(client(n, c) for n, c in enumerate(per_client)))
    seconds = time.perf_counter() - start
    return {
        "sent": total,
        "clients": clients,
        "rate_asked": rate or None,
        "seconds": round(seconds, 2),
        "per_second": round(total / seconds),
        "statuses": statuses,
        **percentiles(latencies),
    }


async def page_run(
    ports: dict[str, int], paths: list[str], requests: int
) -> dict[str, list[float]]:
    """`requests` GETs on each server, interleaved one by one (on, off, off, on...) on one
    keep-alive connection each, so that both see the same moments of a noisy machine."""
    conns = {mode: await Connection(port).open() for mode, port in ports.items()}
    times: dict[str, list[float]] = {mode: [] for mode in ports}
    try:
        order = list(conns.items())
        for i in range(requests):
            for mode, conn in order if i % 2 else order[::-1]:  # who goes first changes every time
                t = time.perf_counter()
                status = await conn.request("GET", paths[i % len(paths)])
                times[mode].append(time.perf_counter() - t)
                assert status == 200, status
    finally:
        for conn in conns.values():
            conn.close()
    return times


def percentiles(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    pick = lambda q: round(ms[min(len(ms) - 1, int(q * len(ms)))], 3)  # noqa: E731
    return {
        "p50_ms": pick(0.50),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "max_ms": round(ms[-1], 3),
    }


# --------------------------------------------------------------------------- measures


def stored_events(project: Path) -> int:
    db = sqlite3.connect(project / ".helpgen" / "feedback.sqlite", timeout=30)
    try:
        return db.execute("SELECT COUNT(*) FROM events WHERE type = 'view'").fetchone()[0]
    finally:
        db.close()


def measure_events(args, work: Path) -> dict:
    project = make_project(
        work / "events", args.articles, counting=True, event_limit=args.event_limit
    )
    server = Server(project, args.workers)
    try:
        paths = article_paths(project)
        result = asyncio.run(send_events(server.port, paths, args.events, args.clients, args.rate))
        deadline = time.monotonic() + 120
        while (counted := stored_events(project)) < args.events and time.monotonic() < deadline:
            time.sleep(0.5)
        result["counted"] = counted
    finally:
        server.stop()
    return result


def measure_pages(args, work: Path) -> dict:
    servers = {
        "on": Server(make_project(work / "pages-on", args.articles, counting=True)),
        "off": Server(make_project(work / "pages-off", args.articles, counting=False)),
    }
    try:
        paths = article_paths(servers["on"].project)
        ports = {mode: server.port for mode, server in servers.items()}
        asyncio.run(
            page_run(ports, paths, min(500, args.page_requests))
        )  # warm up: gzip cache, OS cache, store
        runs: dict[str, list[dict]] = {"on": [], "off": []}
        for _ in range(args.page_runs):
            times = asyncio.run(page_run(ports, paths, args.page_requests))
            for mode in runs:
                runs[mode].append(percentiles(times[mode]))
        counted = stored_events(servers["on"].project)
    finally:
        for server in servers.values():
            server.stop()
    median = {mode: round(statistics.median(r["p50_ms"] for r in runs[mode]), 3) for mode in runs}
    return {
        "runs": runs,
        "median_of_medians_ms": median,
        "views_counted_by_on": counted,
        "difference_pct": round(100 * (median["on"] - median["off"]) / median["off"], 1),
    }


def main(argv=None) -> None:
    args = parse_args(argv)
    if not SYNTH.is_file():
        raise SystemExit(f"{SYNTH}: the synthetic corpus writer is missing")
    with tempfile.TemporaryDirectory(prefix="helpgen-stats-bench-") as tmp:
        work = Path(tmp)
        events = pages = None
        if args.only != "pages":
            events = measure_events(args, work)
            print(
                f"events: {events['sent']} sent by {events['clients']} clients "
                f"in {events['seconds']} s ({events['per_second']}/s), "
                f"answers {events['statuses']}, counted {events['counted']}; "
                f"p50 {events['p50_ms']} ms, p95 {events['p95_ms']} ms, p99 {events['p99_ms']} ms, "
                f"max {events['max_ms']} ms"
            )
        if args.only != "events":
            pages = measure_pages(args, work)
            print_pages(pages)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": {"cpus": os.cpu_count(), "load": os.getloadavg()},
                    "events": events,
                    "pages": pages,
                },
                indent=2,
            )
            + "\n"
        )


def print_pages(pages: dict) -> None:
    for mode in ("on", "off"):
        shown = ", ".join(f"{r['p50_ms']}/{r['p95_ms']}" for r in pages["runs"][mode])
        print(
            f"pages, counting {mode:3}: median {pages['median_of_medians_ms'][mode]} ms "
            f"(runs, p50/p95 ms: {shown})"
        )
    print(
        f"pages: counting on is {pages['difference_pct']:+} % against off "
        f"({pages['views_counted_by_on']} views counted by the counting server)"
    )


if __name__ == "__main__":
    main()
