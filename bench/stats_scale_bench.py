#!/usr/bin/env python3
"""The queries of `helpgen stats`, the dashboard, /api/stats and the audit over 10 million events,
on SQLite and PostgreSQL: each query's median time (the issue asks at most 200 ms each).

A year of traffic ending today is bulk-loaded into a new store of each backend (upgraded
by helpgen first): `--events` events (95 % page views, 4 % search clicks, 1 % contact
clicks) by a few thousand visitors a day over `--articles` articles, `--votes` votes and
`--searches` logged searches. PostgreSQL gets them with COPY (psycopg), SQLite with
executemany in large transactions; loading is not what is measured. Then the daily
roll-up runs as a server runs it when a day begins (helpgen.store.rollup, retention
`--retention` days; timed once: it is a one-off after a bulk load), and every read of
helpgen.store.queries that helpgen.analytics makes is timed `--repeat` times, for all
time and for the last 30 days, with compute_figures (everything `helpgen stats --json`
reads, comments of every article included) as a whole.

    python bench/stats_scale_bench.py                         # 10M events, both backends
    python bench/stats_scale_bench.py --events 1000000 --backends sqlite
    python bench/stats_scale_bench.py --json bench/results/stats-scale.json

PostgreSQL is a throwaway cluster (tests/postgres.py: Debian's binaries, fsync off,
shared_buffers 32 MB), or `--url postgresql://…` of a database to fill (its tables are
emptied). Run from the repository root, on demand, never in CI. Needs a few GB of disk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # tests.postgres: the throwaway cluster

from helpgen.analytics.figures import compute_figures  # noqa: E402
from helpgen.analytics.helpfulness import LATEST_COMMENTS, TOP_QUERIES  # noqa: E402
from helpgen.store import open_store, parse_location, queries  # noqa: E402
from helpgen.store.rollup import rollup  # noqa: E402

DAYS = 365
CHUNK = 200_000
REASONS = ("unclear", "outdated", "missing", "wrong", None)
TARGET_MS = 200


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=10_000_000)
    p.add_argument("--votes", type=int, default=100_000)
    p.add_argument("--searches", type=int, default=300_000)
    p.add_argument("--articles", type=int, default=300)
    p.add_argument("--retention", type=int, default=90, help="analytics.retention_days")
    p.add_argument("--repeat", type=int, default=5, help="timings per query (median reported)")
    p.add_argument("--backends", nargs="+", choices=("sqlite", "postgresql"),
                   default=["sqlite", "postgresql"])  # fmt: skip
    p.add_argument("--url", help="a PostgreSQL database to fill instead of a throwaway cluster")
    p.add_argument("--json", type=Path, help="also write every figure here")
    return p.parse_args(argv)


# --------------------------------------------------------------------------- the data


def day_of(index: int, today: dt.date) -> str:
    return (today - dt.timedelta(days=DAYS - 1 - index)).isoformat()


def stamp(day: str, rng: random.Random) -> str:
    second = rng.randrange(86400)
    return f"{day}T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}+00:00"


def event_rows(total: int, articles: int, today: dt.date) -> Iterator[tuple]:
    """(type, created, visitor, article, query, rank, source): a visitor reads about 4 pages."""
    rng = random.Random(20)
    per_day = total // DAYS
    for index in range(DAYS):
        day = day_of(index, today)
        count = per_day + (1 if index < total % DAYS else 0)
        visitors = max(1, count // 4)
        for _ in range(count):
            visitor = f"{index:03x}{rng.randrange(visitors):06x}"
            article = f"topic-{int(articles * rng.random() ** 2):03d}/article"
            roll = rng.random()
            if roll < 0.95:
                row = ("view", article, None, None, "server")
            elif roll < 0.99:
                row = ("search_click", article, f"query {int(2000 * rng.random() ** 3)}",
                       1 + int(10 * rng.random() ** 3), "search")  # fmt: skip
            else:
                row = ("contact_click", article, None, None, "page")
            yield (row[0], stamp(day, rng), visitor, row[1], row[2], row[3], row[4])


def vote_rows(total: int, articles: int, today: dt.date) -> Iterator[tuple]:
    """(vote_key, article, helpful, reason, comment, created)."""
    rng = random.Random(21)
    for i in range(total):
        helpful = rng.random() < 0.7
        reason = None if helpful else rng.choice(REASONS)
        comment = f"comment {i}" if rng.random() < 0.1 else None
        created = stamp(day_of(rng.randrange(DAYS), today), rng)
        article = f"topic-{int(articles * rng.random() ** 2):03d}/article"
        yield (f"bench-{i:09d}", article, int(helpful), reason, comment, created)


def search_rows(total: int, today: dt.date) -> Iterator[tuple]:
    """(query, results, created, source)."""
    rng = random.Random(22)
    for _ in range(total):
        number = int(5000 * rng.random() ** 3)
        results = 0 if number % 17 == 0 else 1 + number % 9
        query = f"Query {number}" if number % 3 else f" query {number} "
        yield (query, results, stamp(day_of(rng.randrange(DAYS), today), rng), "api")


def chunks(rows: Iterator[tuple]) -> Iterator[list[tuple]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


TABLES = {
    "events": ("type", "created", "visitor", "article", "query", "rank", "source"),
    "votes": ("vote_key", "article", "helpful", "reason", "comment", "created"),
    "searches": ("query", "results", "created", "source"),
}


def load(url: str, args, today: dt.date) -> dict[str, float]:
    """Fill the store at `url` (upgraded by helpgen first); seconds per table."""
    open_store(parse_location(url, Path.cwd())).close()
    sources = {
        "events": event_rows(args.events, args.articles, today),
        "votes": vote_rows(args.votes, args.articles, today),
        "searches": search_rows(args.searches, today),
    }
    writer = _postgres_copy if url.startswith("postgresql") else _sqlite_insert
    seconds = {}
    for table, rows in sources.items():
        started = time.perf_counter()
        writer(url, table, rows)
        seconds[table] = round(time.perf_counter() - started, 1)
    return seconds


def _postgres_copy(url: str, table: str, rows: Iterator[tuple]) -> None:
    import psycopg

    columns = ", ".join(f'"{c}"' for c in TABLES[table])
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table}")
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"ANALYZE {table}")


def _sqlite_insert(path: str, table: str, rows: Iterator[tuple]) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute(f"DELETE FROM {table}")
        columns = TABLES[table]
        statement = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        for chunk in chunks(rows):
            connection.executemany(statement, chunk)
            connection.commit()
        connection.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()


# --------------------------------------------------------------------------- the timings


def reads(since: str) -> dict[str, Callable]:
    """Every read of helpgen.analytics (figures.py, helpfulness.py) with its arguments."""
    return {
        "vote_counts": lambda db: queries.vote_counts(db, since),
        "vote_reasons": lambda db: queries.vote_reasons(db, since),
        "latest_comments (every article)": lambda db: queries.latest_comments(
            db, since, LATEST_COMMENTS
        ),
        "top_queries": lambda db: queries.top_queries(db, since, TOP_QUERIES),
        "top_queries zero_only": lambda db: queries.top_queries(
            db, since, TOP_QUERIES, zero_only=True
        ),
        "top_queries with_results": lambda db: queries.top_queries(db, since, 0, with_results=True),
        "search_totals": lambda db: queries.search_totals(db, since),
        "votes_per_day": lambda db: queries.votes_per_day(db, since),
        "searches_per_day": lambda db: queries.searches_per_day(db, since),
        "visit_days": lambda db: queries.visit_days(db, since),
        **_event_reads(since),
        "compute_figures (all of stats)": lambda db: compute_figures(
            db, dt.date.fromisoformat(since) if since else None
        ),
    }


def _event_reads(since: str) -> dict[str, Callable]:
    """The event reads of this helpgen: grouped in the store (event_counts), or before it every
    day's rows (event_days), so that the bench measures a checkout of either."""
    if not hasattr(queries, "event_counts"):
        return {"event_days (every row)": lambda db: queries.event_days(db, since)}
    return {
        f"event_counts by {', '.join(keys)}": (
            lambda db, keys=keys, kind=kind: queries.event_counts(db, since, keys, kind)
        )
        for keys, kind in (
            (("day", "type"), None),
            (("article", "type"), None),
            (("query", "rank"), "search_click"),
        )
    }


def time_reads(url: str, since: str, repeat: int) -> dict[str, float]:
    """Median milliseconds of each read, each in its own read transaction as helpgen does."""
    store = open_store(parse_location(url, Path.cwd()))
    out = {}
    try:
        for name, read in reads(since).items():
            times = []
            for _ in range(repeat):
                with store.reading() as connection:
                    started = time.perf_counter()
                    read(connection)
                    times.append((time.perf_counter() - started) * 1000)
            out[name] = round(statistics.median(times), 1)
    finally:
        store.close()
    return out


def time_rollup(url: str, retention: int, today: dt.date) -> tuple[float, int]:
    """The roll-up as one transaction (`helpgen stats --rollup`), then the statistics a running
    store has by then: PostgreSQL's autovacuum analyses and vacuums a table after that many
    inserts (the visibility map lets it read the covering indexes alone); SQLite is given an
    ANALYZE, as `PRAGMA optimize` would."""
    store = open_store(parse_location(url, Path.cwd()))
    try:
        started = time.perf_counter()
        with store.writing() as connection:
            deleted = rollup(connection, retention, today)
        seconds = round(time.perf_counter() - started, 1)
    finally:
        store.close()
    _settle(url)
    return seconds, deleted


def _settle(url: str) -> None:
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
        return
    import sqlite3

    connection = sqlite3.connect(url)
    try:
        connection.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()


def counts(url: str) -> dict[str, int]:
    from sqlalchemy import text

    store = open_store(parse_location(url, Path.cwd()))
    try:
        with store.reading() as connection:
            return {
                table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table in ("events", "event_days", "visit_days", "votes", "searches")
            }
    finally:
        store.close()


def measure(url: str, args, today: dt.date) -> dict:
    loaded = load(url, args, today)
    print(f"  loaded in {loaded} s", flush=True)
    rolled_seconds, deleted = time_rollup(url, args.retention, today)
    print(
        f"  roll-up: {rolled_seconds} s ({deleted:,} raw events past retention deleted); "
        f"rows {counts(url)}"
    )
    month = (today - dt.timedelta(days=30)).isoformat()
    result = {"load_s": loaded, "rollup_s": rolled_seconds, "rows": counts(url), "reads_ms": {}}
    for label, since in (("all time", ""), ("last 30 days", month)):
        timings = time_reads(url, since, args.repeat)
        result["reads_ms"][label] = timings
        for name, ms in timings.items():
            flag = "" if ms <= TARGET_MS else f"  > {TARGET_MS} ms"
            print(f"  {label:12} {name:32} {ms:9.1f} ms{flag}", flush=True)
    return result


def main(argv=None) -> None:
    args = parse_args(argv)
    today = dt.datetime.now(dt.UTC).date()
    results = {}
    with tempfile.TemporaryDirectory(prefix="helpgen-stats-scale-") as tmp, ExitStack() as stack:
        for backend in args.backends:
            if backend == "sqlite":
                url = str(Path(tmp) / "stats.sqlite")
            elif args.url:
                url = args.url
            else:
                from tests.postgres import Cluster, binaries

                cluster = Cluster(binaries())
                stack.callback(cluster.remove)
                cluster.start()
                url = cluster.new_database()
            print(f"{backend}: {args.events:,} events, {args.votes:,} votes, "
                  f"{args.searches:,} searches", flush=True)  # fmt: skip
            results[backend] = measure(url, args, today)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
