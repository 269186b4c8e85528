"""Schema v2 on a real SQLite file: a v1 store is upgraded in place; the roll-up keeps what it must."""

from __future__ import annotations

import datetime as dt
import sqlite3

from helpgen.analytics.rollup import rollup
from helpgen.feedback.store import SCHEMA_VERSION, Event, connect, write_batch
from tests.stats.seed import EVENTS, seed_store

V1_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE votes (id INTEGER PRIMARY KEY, vote_key TEXT UNIQUE, article TEXT NOT NULL,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)), reason TEXT, comment TEXT, created TEXT NOT NULL);
CREATE INDEX votes_article ON votes (article);
CREATE INDEX votes_created ON votes (created);
CREATE TABLE searches (id INTEGER PRIMARY KEY, query TEXT NOT NULL, results INTEGER NOT NULL, created TEXT NOT NULL);
CREATE INDEX searches_created ON searches (created);
INSERT INTO votes (vote_key, article, helpful, reason, comment, created)
    VALUES ('key-00001', 'a', 0, 'unclear', 'hm', '2026-01-01T00:00:00+00:00');
INSERT INTO searches (query, results, created) VALUES ('refund', 2, '2026-01-02T00:00:00+00:00');
"""


def test_a_v1_store_is_upgraded_in_place(tmp_path):
    """The v1 schema exactly as helpgen 0.1 wrote it, with a vote and a search: both survive, and the
    v2 tables and column arrive."""
    path = tmp_path / "feedback.sqlite"
    old = sqlite3.connect(path)
    old.executescript(V1_SCHEMA)
    old.close()

    db = connect(path)
    assert SCHEMA_VERSION == 2
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("2",)
    assert db.execute("SELECT vote_key, article, helpful, reason, comment FROM votes").fetchall() == [
        ("key-00001", "a", 0, "unclear", "hm")]
    assert db.execute("SELECT query, results, source FROM searches").fetchall() == [("refund", 2, "api")]
    write_batch(db, [], [("wismo", 0)], [Event("view", "server", visitor="v1", article="a"),
                                          Event("search", "instant", query="exchange", results=3)])
    assert db.execute("SELECT type, visitor, article, source FROM events").fetchall() == [("view", "v1", "a", "server")]
    assert db.execute("SELECT query, results, source FROM searches ORDER BY id").fetchall() == [
        ("refund", 2, "api"), ("wismo", 0, "api"), ("exchange", 3, "instant")]
    db.close()
    assert connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)  # reopening: no second migration


def test_the_rollup_folds_old_days_only_and_drops_the_visitor_hashes(tmp_path):
    path = tmp_path / "feedback.sqlite"
    recent = ("view", "2026-03-09T23:59:59+00:00", "Z", "shipping", None, None, "server")
    seed_store(path, EVENTS + [recent])
    db = connect(path)
    # 2026-03-10 with 8 days kept: the cutoff is 2026-03-02, so day 1 goes and day 2 stays raw
    assert rollup(db, 8, dt.date(2026, 3, 10)) == 10
    assert db.execute("SELECT COUNT(*), MIN(created) FROM events").fetchone() == (5, "2026-03-02T10:00:00+00:00")
    assert db.execute("SELECT day, visits, readers, self_served FROM visit_days").fetchall() == [
        ("2026-03-01", 4, 3, 2)]
    assert db.execute("SELECT events, visitors FROM event_days WHERE type = 'view' AND article = 'returns/start'"
                      ).fetchall() == [(3, 2)]
    columns = {row[1] for table in ("event_days", "visit_days") for row in db.execute(f"PRAGMA table_info({table})")}
    assert "visitor" not in columns
    assert rollup(db, 8, dt.date(2026, 3, 10)) == 0  # nothing left to fold
    assert rollup(db, 0, dt.date(2026, 3, 10)) == 5
    assert db.execute("SELECT SUM(events) FROM event_days").fetchone() == (len(EVENTS) + 1,)
    db.close()
