"""Schema migrations: stores written before the store package upgrade in place, nothing lost;
a newer store is refused in one line; replicas upgrading together do not race."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect, text

from helpgen.store import Event, open_store, parse_location
from helpgen.store.migrate import head
from helpgen.store.writes import write_batch
from tests.helpers import cli_env, write_project
from tests.postgres import store_config

LEGACY_V2 = Path(__file__).with_name("legacy_v2.sql")
"""Today's DDL (schema 2), verbatim from helpgen/feedback/store.py at 471fc04."""
V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE votes (id INTEGER PRIMARY KEY, vote_key TEXT UNIQUE, article TEXT NOT NULL,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)), reason TEXT, comment TEXT,
    created TEXT NOT NULL);
CREATE INDEX votes_article ON votes (article);
CREATE INDEX votes_created ON votes (created);
CREATE TABLE searches (id INTEGER PRIMARY KEY, query TEXT NOT NULL, results INTEGER NOT NULL,
    created TEXT NOT NULL);
CREATE INDEX searches_created ON searches (created);
INSERT INTO votes (vote_key, article, helpful, reason, comment, created)
    VALUES ('key-00001', 'a', 0, 'unclear', 'hm', '2026-01-01T00:00:00+00:00');
INSERT INTO searches (query, results, created) VALUES ('refund', 2, '2026-01-02T00:00:00+00:00');
"""
V2_ROWS = {
    "votes": [
        (1, "key-1", "returns/start", 1, None, None, "2026-01-01T10:00:00+00:00"),
        (2, None, "shipping", 0, "unclear", "where is it?", "2026-01-02T10:00:00+00:00"),
    ],
    "searches": [
        (1, "refund", 3, "2026-01-01T10:00:00+00:00", "api"),
        (2, "wismo", 0, "2026-01-01T11:00:00+00:00", "instant"),
    ],
    "events": [
        (1, "view", "2026-01-01T10:00:00+00:00", "v1", "returns/start", None, None, "server"),
        (2, "search_click", "2026-01-01T10:01:00+00:00", "v1", "shipping", "ship", 2, "search"),
    ],
    "event_days": [("2025-12-01", "view", "shipping", "", 0, "server", 7, 3)],
    "visit_days": [("2025-12-01", 3, 3, 2)],
    "meta": [("schema_version", "2")],
}


def sqlite_rows(path: Path, table: str) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        db.close()


def test_a_store_written_by_the_previous_release_upgrades_in_place_with_every_row(tmp_path):
    path = tmp_path / ".helpgen" / "feedback.sqlite"
    path.parent.mkdir()
    old = sqlite3.connect(path)
    old.executescript(LEGACY_V2.read_text())
    for table, rows in V2_ROWS.items():
        if table != "meta":
            old.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    old.commit()
    old.close()

    store = open_store(parse_location(str(path), tmp_path))
    store.close()
    for table, rows in V2_ROWS.items():
        if table in ("searches", "events", "event_days"):  # 0004: every earlier row a person's
            rows = [(*row, 0) for row in rows]
        assert sqlite_rows(path, table) == rows, table
    assert sqlite_rows(path, "alembic_version") == [(head(),)]
    assert sqlite_rows(path, "rate_hits") == []
    assert sqlite_rows(path, "sqlite_master WHERE name = 'votes_article'")  # the old indexes stay
    open_store(parse_location(str(path), tmp_path)).close()  # opening again: nothing left to do
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_v1_store_is_upgraded_in_place(tmp_path):
    """The v1 schema exactly as helpgen 0.1 wrote it, with a vote and a search: both survive, and
    the v2 tables and column arrive."""
    path = tmp_path / "feedback.sqlite"
    old = sqlite3.connect(path)
    old.executescript(V1_SCHEMA)
    old.close()

    store = open_store(parse_location(str(path), tmp_path))
    with store.writing() as connection:
        write_batch(
            connection,
            [],
            [("wismo", 0)],
            [
                Event("view", "server", visitor="v1", article="a"),
                Event("search", "instant", query="exchange", results=3),
            ],
        )
    store.close()
    assert [r[1:6] for r in sqlite_rows(path, "votes")] == [("key-00001", "a", 0, "unclear", "hm")]
    assert [(q, n, s) for _, q, n, _, s, _ in sqlite_rows(path, "searches")] == [
        ("refund", 2, "api"),
        ("wismo", 0, "api"),
        ("exchange", 3, "instant"),
    ]
    assert [(r[1], r[3], r[4], r[7]) for r in sqlite_rows(path, "events")] == [
        ("view", "v1", "a", "server")
    ]


def test_a_newer_store_is_refused_in_one_line(tmp_path, run_cli):
    project = write_project(tmp_path / "project", {"a.md": "# A\n"})
    open_store(parse_location(".helpgen/feedback.sqlite", project)).close()
    db = sqlite3.connect(project / ".helpgen" / "feedback.sqlite")
    db.execute("UPDATE alembic_version SET version_num = '0099'")
    db.commit()
    db.close()
    code, out, err = run_cli("store", "upgrade", project)
    assert (code, out) == (2, "")
    assert err == (
        "error: .helpgen/feedback.sqlite: the store has revision 0099, "
        f"newer than this helpgen knows ({head()}) (hint: upgrade helpgen on this machine)\n"
    )


def test_replicas_upgrading_together_do_not_race(tmp_path, store_url):
    """Four `helpgen store upgrade` at once on one new store: all succeed, and the schema is made
    once."""
    project = write_project(tmp_path / "project", {"a.md": "# A\n"}, store_config(store_url))
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "helpgen", "store", "upgrade", str(project)],
            env=cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in results] == [0] * 4, results
    store = open_store(
        parse_location(store_url or ".helpgen/feedback.sqlite", project), upgrade=False
    )
    with store.reading() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            (head(),)
        ]
        assert connection.execute(text("SELECT COUNT(*) FROM votes")).scalar_one() == 0
    store.close()


EVENT_DAY_COLUMNS = ("day", "type", "article", "query", "rank", "source", "events", "visitors")
OLD_VISIT_DAYS = """
SELECT day, count(*), sum(viewed), sum(CASE WHEN viewed = 1 AND contacted = 0 THEN 1 ELSE 0 END)
FROM (
  SELECT substr(created, 1, 10) AS day, visitor,
    max(CASE WHEN type = 'view' THEN 1 ELSE 0 END) AS viewed,
    max(CASE WHEN type = 'contact_click' THEN 1 ELSE 0 END) AS contacted
  FROM events
  WHERE created < :day2 AND visitor IS NOT NULL AND type IN ('view', 'contact_click')
  GROUP BY substr(created, 1, 10), visitor
) AS per_visitor
GROUP BY day
"""
"""Revision 0003's visits per day, in SQL: today's grouping reads columns 0003 does not have."""


def _insert(connection, table: str, columns: tuple, values: list) -> None:
    names, params = ", ".join(columns), ", ".join(f":{c}" for c in columns)
    connection.execute(
        text(f"INSERT INTO {table} ({names}) VALUES ({params})"),
        [dict(zip(columns, row, strict=True)) for row in values],
    )


def test_a_store_at_0003_upgrades_and_its_first_rollup_counts_nothing_twice(tmp_path, store_url):
    """Revision 0003 as the previous release left it (day 1 rolled up and its raw events deleted,
    day 2 raw): after the upgrade the figures are the same, and the first roll-up of the new kind
    (every day before yesterday) folds day 2 once, day 1 not again."""
    from alembic import command
    from alembic.config import Config

    from helpgen.analytics.figures import compute_figures
    from helpgen.config import load_project
    from helpgen.store import Store, project_location
    from helpgen.store.rollup import rollup
    from helpgen.store.schema import events
    from tests.stats.seed import DAY2, EVENTS, EXPECTED_DAILY, EXPECTED_TOTALS, FILES

    project = write_project(tmp_path / "project", FILES, store_config(store_url))
    location = project_location(load_project(project))
    if location.is_sqlite:
        location.path.parent.mkdir(parents=True)
    old = Store(location)
    columns = ("type", "created", "visitor", "article", "query", "rank", "source")
    with old.writing() as connection:
        config = Config()
        config.set_main_option("script_location", "helpgen.store:migrations")
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.execute(events.insert(), [dict(zip(columns, e, strict=True)) for e in EVENTS])
        # the previous release's roll-up of day 1: daily rows in, raw rows out
        # (0003's events have no agent column: today's grouping cannot read them)
        rolled = connection.execute(
            text(
                "SELECT substr(created, 1, 10), type, coalesce(article, ''),"
                " coalesce(lower(trim(query)), ''), coalesce(rank, 0), source, count(*),"
                " count(DISTINCT visitor) FROM events WHERE created < :day2"
                " GROUP BY 1, 2, 3, 4, 5, 6"
            ),
            {"day2": DAY2},
        ).all()
        _insert(connection, "event_days", EVENT_DAY_COLUMNS, rolled)
        visits = connection.execute(text(OLD_VISIT_DAYS), {"day2": DAY2}).all()
        _insert(connection, "visit_days", ("day", "visits", "readers", "self_served"), visits)
        connection.execute(events.delete().where(events.c.created < DAY2))
    old.close()

    store = open_store(location)
    with store.reading() as connection:
        assert connection.execute(text("SELECT name, day FROM rollup_progress")).all() == [
            ("events", "")
        ]
        indexes = {
            i["name"]: i["column_names"] for i in inspect(connection).get_indexes("event_days")
        }
        assert indexes["event_days_by_article"] == [
            "article",
            "type",
            "agent",
            "day",
            "events",
            "visitors",
        ]
        assert {"event_days_by_day", "event_days_by_query"} <= set(indexes)
        upgraded = compute_figures(connection)
    traffic = ("views", "readers", "visits", "self_served_visits", "contact_clicks")
    assert {k: upgraded["totals"][k] for k in traffic + ("search_clicks",)} == {
        k: EXPECTED_TOTALS[k] for k in traffic + ("search_clicks",)
    }
    assert [{k: d[k] for k in traffic} for d in upgraded["daily"]] == [
        {k: d[k] for k in traffic} for d in EXPECTED_DAILY
    ]
    with store.writing() as connection:
        assert rollup(connection, 90, dt.date(2026, 3, 10)) == 0  # kept: within 90 days
    with store.reading() as connection:
        assert connection.execute(text("SELECT day FROM rollup_progress")).all() == [
            ("2026-03-09",)
        ]
        assert connection.execute(text("SELECT COUNT(*) FROM events")).scalar_one() == 4
        rolled_up = compute_figures(connection)
    store.close()
    assert rolled_up == upgraded


def test_counts_from_revision_0003_upgrade_to_people_and_agents_apart(tmp_path, store_url):
    """0003 -> today on SQLite and PostgreSQL: every row kept as a person's, and a day's counts of
    people and of AI agents with the same keys are two rows."""
    from alembic import command

    from helpgen.store.migrate import _config

    location = parse_location(store_url or str(tmp_path / "feedback.sqlite"), tmp_path)
    store = open_store(location, upgrade=False)
    with store.writing() as connection:
        command.upgrade(_config(connection), "0003")
        connection.execute(
            text("INSERT INTO event_days VALUES ('2026-01-01', 'view', 'a', '', 0, 'server', 7, 3)")
        )
        connection.execute(
            text("INSERT INTO searches (query, results, created) VALUES ('wismo', 2, '2026')")
        )
        connection.execute(
            text(
                "INSERT INTO events (type, created, visitor, article, source) "
                "VALUES ('view', '2026-01-02', 'v', 'a', 'server')"
            )
        )
    store.upgrade()
    with store.writing() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            ("0005",)
        ]
        connection.execute(
            text(
                "INSERT INTO event_days "
                "VALUES ('2026-01-01', 'view', 'a', '', 0, 'server', 2, 1, 1)"
            )
        )
        days = connection.execute(text("SELECT * FROM event_days ORDER BY agent")).all()
        searches = connection.execute(text("SELECT query, agent FROM searches")).all()
        events = connection.execute(text("SELECT article, agent FROM events")).all()
    store.close()
    assert [tuple(r) for r in days] == [
        ("2026-01-01", "view", "a", "", 0, "server", 7, 3, 0),
        ("2026-01-01", "view", "a", "", 0, "server", 2, 1, 1),
    ]
    assert [tuple(r) for r in searches] == [("wismo", 0)]
    assert [tuple(r) for r in events] == [("a", 0)]
