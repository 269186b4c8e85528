"""The feedback store on a real SQLite file: WAL, versioned schema, replace-by-key, the group-commit writer."""

from __future__ import annotations

import sqlite3

from helpgen.feedback.store import SCHEMA_VERSION, Vote, connect, write_batch
from helpgen.feedback.writer import StoreWriter


def rows(path, sql: str) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_a_new_store_is_wal_with_a_schema_version(tmp_path):
    path = tmp_path / "deep" / "feedback.sqlite"
    db = connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    db.close()
    assert rows(path, "SELECT key, value FROM meta") == [("schema_version", str(SCHEMA_VERSION))]
    assert SCHEMA_VERSION == 2
    assert rows(path, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") == [
        ("event_days",), ("events",), ("meta",), ("searches",), ("visit_days",), ("votes",)]


def test_reopening_keeps_the_votes(tmp_path):
    path = tmp_path / "feedback.sqlite"
    db = connect(path)
    write_batch(db, [Vote("a", True, created="2026-01-01T00:00:00+00:00")], [("refund", 2)])
    db.close()
    db = connect(path)  # migrating again is a no-op
    db.close()
    assert rows(path, "SELECT article, helpful, created FROM votes") == [("a", 1, "2026-01-01T00:00:00+00:00")]
    assert rows(path, "SELECT query, results FROM searches") == [("refund", 2)]


def test_a_vote_key_replaces_and_no_key_adds(tmp_path):
    path = tmp_path / "feedback.sqlite"
    db = connect(path)
    write_batch(db, [Vote("a", True, vote_key="key-00001"), Vote("a", True), Vote("a", True)])
    write_batch(db, [Vote("b", False, "unclear", "hm", vote_key="key-00001"), Vote("a", False)])
    db.close()
    assert rows(path, "SELECT vote_key, article, helpful, reason, comment FROM votes ORDER BY id") == [
        ("key-00001", "b", 0, "unclear", "hm"), (None, "a", 1, None, None), (None, "a", 1, None, None),
        (None, "a", 0, None, None)]


def test_the_writer_acknowledges_after_the_commit(tmp_path):
    path = tmp_path / "feedback.sqlite"
    writer = StoreWriter(path)
    try:
        futures = [writer.submit(Vote("a", i % 2 == 0, vote_key=f"writer-{i:04d}")) for i in range(300)]
        writer.record_search("wismo", 0)
        assert [f.result(timeout=30) for f in futures] == [True] * 300
        # acknowledged means committed: another connection sees every one of them now
        assert rows(path, "SELECT COUNT(*), SUM(helpful) FROM votes") == [(300, 150)]
    finally:
        writer.close()
    assert rows(path, "SELECT query, results FROM searches") == [("wismo", 0)]
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
