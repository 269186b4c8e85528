#!/usr/bin/env python3
"""Votes/s and events/s with p50/p95 through a real nginx: one replica on SQLite, one and two
replicas on PostgreSQL, in one run.

One artifact is built once (`helpgen build`); every replica serves it with
`helpgen serve --no-watch --no-build`, its store given by `HELPGEN_STORE_URL` (a new SQLite
file, or a new database of a throwaway PostgreSQL cluster: tests/postgres.py, started with
fsync on, so that a commit waits for the disk as SQLite's synchronous=FULL does). nginx on
127.0.0.1 runs docs/deploy/nginx/helpgen-proxy.conf round-robin over the replicas
(tests/nginx.py). All three configurations are started at once and take turns run by run,
so a noisy moment of a shared machine hits each of them.

Each run is a separate load process (this script with `--load`; the asyncio HTTP/1.1
client of bench/stats_bench.py on keep-alive connections): `--clients` clients send
`--votes` votes (POST /api/feedback, JSON), then `--events` page views (POST /api/event, a
beacon: text/plain with the page's Origin and a browser's User-Agent). Each client has
its own address in `X-Forwarded-For`, which nginx passes on and uvicorn trusts from
127.0.0.1 (FORWARDED_ALLOW_IPS' default), so the per-client limits key on it as they would
on real visitors; both limits are set to 1,000,000 a minute, so that they are counted
(their cost is in the figures) and refuse nothing. A 429 is reported, never expected.

After every run the store is read: every vote key answered 201 must be there, and no other
of the run's keys (exact sets); the events table must grow by exactly the 204s (events are
written within half a second, fire and forget).

    python bench/replicas_bench.py                           # 3 runs of 4,000 votes, 8,000 events
    python bench/replicas_bench.py --runs 5 --json bench/results/replicas.json
    python bench/replicas_bench.py --configs postgres-1 postgres-2 --votes 10000
    python bench/replicas_bench.py --no-limits               # what counting the limits costs

Needs Debian's nginx and postgresql (as the tests do). Run from the repository root, on
demand, never in CI. On a machine of 2 cores the load process, nginx, the replicas and
PostgreSQL share the same CPUs: the busy share of the CPUs is printed with each run, and
the ratio between configurations says more than the absolute figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the test harness: tests.nginx, tests.postgres, tests.serve.support

from stats_bench import Connection, percentiles  # noqa: E402  (bench/ is sys.path[0])

CONFIGS = {
    "sqlite-1": ("sqlite", 1),
    "postgres-1": ("postgresql", 1),
    "postgres-2": ("postgresql", 2),
}
LIMIT = 1_000_000
"""feedback.rate_limit and analytics.rate_limit of the bench: counted, never reached."""
PAGES = ("/returns/start/", "/returns/refunds/", "/shipping/")
ARTICLES = ("returns/start", "returns/refunds", "shipping")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--votes", type=int, default=4000, help="votes per run (default 4,000)")
    p.add_argument("--events", type=int, default=8000, help="events per run (default 8,000)")
    p.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    p.add_argument("--runs", type=int, default=3, help="runs per configuration (default 3)")
    p.add_argument(
        "--configs", nargs="+", choices=tuple(CONFIGS), default=list(CONFIGS), metavar="CONFIG"
    )
    p.add_argument(
        "--no-limits",
        action="store_true",
        help="rate limits off (0) instead of counted and never reached: what counting them costs",
    )
    p.add_argument("--json", type=Path, help="also write every figure here")
    p.add_argument("--load", help=argparse.SUPPRESS)  # the load process: its task as JSON
    return p.parse_args(argv)


# --------------------------------------------------------------------------- the load process


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of every CPU of the machine, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


async def phase(port: int, kind: str, total: int, clients: int, tag: str) -> dict:
    """`total` votes or events from `clients` clients at once, each on its keep-alive connection."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    acked: list[str] = []
    failures = 0

    async def client(n: int, count: int) -> None:
        nonlocal failures
        conn = await Connection(port).open()
        extra = f"X-Forwarded-For: 10.{n // 250}.{n % 250}.{7 + n % 200}\r\n"
        try:
            for i in range(count):
                if kind == "votes":
                    key = f"{tag}-{n:03d}-{i:06d}"
                    body = {"article": ARTICLES[i % 3], "helpful": i % 4 != 0, "vote": key}
                    path, content_type = "/api/feedback", "application/json"
                else:
                    body = {"type": "view", "page": PAGES[(n + i) % 3]}
                    path, content_type = "/api/event", "text/plain;charset=UTF-8"
                sent = time.perf_counter()
                try:
                    status = await conn.request(
                        "POST", path, json.dumps(body).encode(), content_type, extra
                    )
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    failures += 1
                    return
                latencies.append(time.perf_counter() - sent)
                statuses[status] = statuses.get(status, 0) + 1
                if kind == "votes" and status == 201:
                    acked.append(key)
        finally:
            conn.close()

    shares = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    cpu, machine = resource.getrusage(resource.RUSAGE_SELF), cpu_times()
    start = time.perf_counter()
    await asyncio.gather(*(client(n, c) for n, c in enumerate(shares)))
    seconds = time.perf_counter() - start
    after, machine_after = resource.getrusage(resource.RUSAGE_SELF), cpu_times()
    ok = statuses.get(201 if kind == "votes" else 204, 0)
    used = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    busy = (machine_after[0] - machine[0]) / max(1, machine_after[1] - machine[1])
    return {
        "sent": total,
        "ok": ok,
        "seconds": round(seconds, 3),
        "per_second": round(ok / seconds, 1),
        "statuses": statuses,
        "failures": failures,
        "client_cpu": round(used / seconds, 2),
        "machine_busy": round(busy, 2),
        **percentiles(latencies),
        **({"acked": acked} if kind == "votes" else {}),
    }


def load(task: dict) -> dict:
    """One run of the load process: the votes, then the events."""
    port, clients, tag = task["port"], task["clients"], task["tag"]
    return {
        "votes": asyncio.run(phase(port, "votes", task["votes"], clients, tag)),
        "events": asyncio.run(phase(port, "events", task["events"], clients, tag)),
    }


# --------------------------------------------------------------------------- the orchestrator


def build_artifact(work: Path, limit: int) -> Path:
    """The bench's project, built once as CI would (`helpgen build`)."""
    from tests.helpers import run_helpgen
    from tests.serve.support import make_project

    config = {
        "feedback": {"rate_limit": limit},
        "analytics": {"rate_limit": limit},
        "search": {"semantic": False},
    }
    project = make_project(work / "project", config)
    code, out, err = run_helpgen("build", project)
    if code != 0:
        raise SystemExit(f"helpgen build failed:\n{out}{err}")
    return project


class Setup:
    """One configuration: its store and its replicas behind their nginx, running."""

    def __init__(self, name: str, url: str, project: Path, replicas: int):
        self.name, self.url, self.project, self.replicas = name, url, project, replicas
        self.results: list[dict] = []

    def start(self, stack: ExitStack, work: Path) -> None:
        from tests.nginx import Nginx
        from tests.serve.support import Server

        env = {"HELPGEN_STORE_URL": self.url}
        servers = [
            stack.enter_context(Server(self.project, args=("--no-build",), env=env).running())
            for _ in range(self.replicas)
        ]
        self.servers = servers
        nginx = Nginx(work / f"nginx-{self.name}", [s.port for s in servers])
        self.proxy = stack.enter_context(nginx.running())

    def run(self, tag: str, votes: int, events: int, clients: int) -> dict:
        before = self.count("SELECT COUNT(*) FROM events")
        task = {
            "port": self.proxy.port,
            "tag": tag,
            "votes": votes,
            "events": events,
            "clients": clients,
        }
        proc = subprocess.run(
            [sys.executable, __file__, "--load", json.dumps(task)],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if proc.returncode != 0:
            raise SystemExit(f"the load process failed:\n{proc.stderr}")
        result = json.loads(proc.stdout)
        self.check(result, tag, before)
        return result

    def check(self, result: dict, tag: str, events_before: int) -> None:
        """Every acknowledged vote stored, no other; the events table grown by the 204s."""
        acked = set(result["votes"].pop("acked"))
        stored = {
            row[0]
            for row in self.rows("SELECT vote_key FROM votes WHERE vote_key LIKE :p", p=f"{tag}-%")
        }
        result["votes"]["stored"] = len(stored)
        result["votes"]["acked_not_stored"] = len(acked - stored)
        result["votes"]["stored_not_acked"] = len(stored - acked)
        wanted = events_before + result["events"]["ok"]
        deadline = time.monotonic() + 30
        while (now := self.count("SELECT COUNT(*) FROM events")) < wanted:
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        result["events"]["stored"] = now - events_before

    def rows(self, sql: str, **params) -> list[tuple]:
        from sqlalchemy import text

        from helpgen.store import open_store, parse_location

        store = open_store(parse_location(self.url, self.project))
        try:
            with store.reading() as connection:
                return [tuple(r) for r in connection.execute(text(sql), params)]
        finally:
            store.close()

    def count(self, sql: str) -> int:
        return self.rows(sql)[0][0]


def summary(results: list[dict]) -> dict:
    """Medians over the runs."""
    out = {}
    for kind in ("votes", "events"):
        runs = [r[kind] for r in results]
        out[kind] = {
            key: statistics.median(run[key] for run in runs)
            for key in ("per_second", "p50_ms", "p95_ms", "client_cpu", "machine_busy")
        }
    return out


def print_run(setup: Setup, n: int, result: dict) -> None:
    for kind in ("votes", "events"):
        r = result[kind]
        print(
            f"{setup.name:10} run {n} {kind:6}: {r['per_second']:8.1f}/s, "
            f"p50 {r['p50_ms']:7.2f} ms, "
            f"p95 {r['p95_ms']:7.2f} ms; answers {r['statuses']}, failures {r['failures']}, "
            f"stored {r['stored']} of {r['ok']}"
            + (
                f" (lost {r['acked_not_stored']}, unacked {r['stored_not_acked']})"
                if kind == "votes"
                else ""
            )
            + f"; CPU busy {r['machine_busy']:.0%}, client {r['client_cpu']:.0%} of a core",
            flush=True,
        )


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.load:
        print(json.dumps(load(json.loads(args.load))))
        return
    from tests.postgres import Cluster, binaries

    with tempfile.TemporaryDirectory(prefix="helpgen-replicas-bench-") as tmp, ExitStack() as stack:
        work = Path(tmp)
        project = build_artifact(work, 0 if args.no_limits else LIMIT)
        cluster = None
        setups = []
        for name in args.configs:
            backend, replicas = CONFIGS[name]
            if backend == "sqlite":
                url = str(work / f"{name}.sqlite")
            else:
                if cluster is None:
                    cluster = Cluster(binaries())
                    stack.callback(cluster.remove)
                    cluster.start(durable=True)  # commits wait for the disk, as SQLite's
                url = cluster.new_database()
            setups.append(Setup(name, url, project, replicas))
        for setup in setups:
            setup.start(stack, work)
            setup.run(f"warm-{setup.name}", 500, 500, args.clients)  # first connections, caches
        for n in range(1, args.runs + 1):
            for setup in setups:
                result = setup.run(f"run{n}-{setup.name}", args.votes, args.events, args.clients)
                setup.results.append(result)
                print_run(setup, n, result)
        report(setups, args)


def report(setups: list[Setup], args) -> None:
    medians = {s.name: summary(s.results) for s in setups}
    print(
        f"\nmedians of {args.runs} runs "
        f"({args.votes} votes, {args.events} events, {args.clients} clients each):"
    )
    base = setups[0].name
    for name, m in medians.items():
        v, e = m["votes"], m["events"]
        print(
            f"{name:10} votes {v['per_second']:8.1f}/s "
            f"(p50 {v['p50_ms']:.2f} ms, p95 {v['p95_ms']:.2f} ms, "
            f"x{v['per_second'] / medians[base]['votes']['per_second']:.2f} of {base}); "
            f"events {e['per_second']:8.1f}/s (p50 {e['p50_ms']:.2f} ms, p95 {e['p95_ms']:.2f} ms, "
            f"x{e['per_second'] / medians[base]['events']['per_second']:.2f}); "
            f"CPU busy {v['machine_busy']:.0%}/{e['machine_busy']:.0%}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        machine = {"cpus": os.cpu_count(), "load": os.getloadavg()}
        runs = {s.name: s.results for s in setups}
        args.json.write_text(
            json.dumps({"machine": machine, "medians": medians, "runs": runs}, indent=2) + "\n"
        )


if __name__ == "__main__":
    main()
