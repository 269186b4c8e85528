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
    assert [(q, n, s) for _, q, n, _, s in sqlite_rows(path, "searches")] == [
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


def test_a_store_at_0003_upgrades_and_its_first_rollup_counts_nothing_twice(tmp_path, store_url):
    """Revision 0003 as the previous release left it (day 1 rolled up and its raw events deleted,
    day 2 raw): after the upgrade the figures are the same, and the first roll-up of the new kind
    (every day before yesterday) folds day 2 once, day 1 not again."""
    from alembic import command
    from alembic.config import Config

    from helpgen.analytics.figures import compute_figures
    from helpgen.config import load_project
    from helpgen.store import Store, project_location
    from helpgen.store.queries import raw_event_days, raw_visit_days
    from helpgen.store.rollup import rollup
    from helpgen.store.schema import event_days, events, visit_days
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
        keys = ("day", "type", "article", "query", "rank", "source", "events", "visitors")
        rolled = raw_event_days(connection, "", DAY2)
        connection.execute(event_days.insert(), [dict(zip(keys, r, strict=True)) for r in rolled])
        visits = raw_visit_days(connection, "", DAY2)
        keys = ("day", "visits", "readers", "self_served")
        connection.execute(visit_days.insert(), [dict(zip(keys, r, strict=True)) for r in visits])
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
        assert indexes["event_days_by_article"] == ["article", "type", "day", "events", "visitors"]
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
