"""The store on SQLite and on PostgreSQL: replace-by-key, the group-commit writer, the roll-up."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from helpgen.config import load_project
from helpgen.store import Vote, open_store, parse_location, project_location
from helpgen.store.rollup import rollup
from helpgen.store.writes import write_batch
from tests.helpers import write_project
from tests.postgres import store_config
from tests.stats.seed import AGENT_EVENTS, EVENTS, seed_store


def project_store(tmp_path, store_url):
    project = write_project(tmp_path / "project", {"a.md": "# A\n"}, store_config(store_url))
    return project, open_store(project_location(load_project(project)))


def rows(store, sql: str) -> list[tuple]:
    with store.reading() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def test_a_new_sqlite_store_is_wal_and_durable(tmp_path):
    store = open_store(parse_location("deep/feedback.sqlite", tmp_path))
    assert rows(store, "PRAGMA journal_mode") == [("wal",)]
    assert rows(store, "PRAGMA synchronous") == [(2,)]  # FULL: an acknowledged vote is on disk
    assert (tmp_path / "deep" / "feedback.sqlite").is_file()
    store.close()


def test_a_vote_key_replaces_and_no_key_adds(tmp_path, store_url):
    _, store = project_store(tmp_path, store_url)
    with store.writing() as c:
        write_batch(c, [Vote("a", True, vote_key="key-00001"), Vote("a", True), Vote("a", True)])
    with store.writing() as c:
        write_batch(c, [Vote("b", False, "unclear", "hm", vote_key="key-00001"), Vote("a", False)])
    assert rows(
        store, "SELECT vote_key, article, helpful, reason, comment FROM votes ORDER BY id"
    ) == [
        ("key-00001", "b", 0, "unclear", "hm"),
        (None, "a", 1, None, None),
        (None, "a", 1, None, None),
        (None, "a", 0, None, None),
    ]
    store.close()


def test_the_writer_acknowledges_after_the_commit(tmp_path, store_url):
    _, store = project_store(tmp_path, store_url)
    writer = store.writer()
    try:
        futures = [
            writer.submit(Vote("a", i % 2 == 0, vote_key=f"writer-{i:04d}")) for i in range(300)
        ]
        writer.record_search("wismo", 0)
        assert [f.result(timeout=30) for f in futures] == [True] * 300
        # acknowledged means committed: another connection sees every one of them now
        other = open_store(store.location, upgrade=False)
        assert rows(other, "SELECT COUNT(*), SUM(helpful) FROM votes") == [(300, 150)]
        other.close()
    finally:
        writer.close()
    assert rows(store, "SELECT query, results FROM searches") == [("wismo", 0)]
    assert writer.votes_written == 300 and writer.available
    store.close()


def test_the_rollup_folds_old_days_only_and_drops_the_visitor_hashes(tmp_path, store_url):
    project, store = project_store(tmp_path, store_url)
    recent = ("view", "2026-03-09T23:59:59+00:00", "Z", "shipping", None, None, "server")
    seed_store(project, EVENTS + [recent])
    # 2026-03-10 with 8 days kept: the cutoff is 2026-03-02, so day 1 goes and day 2 stays raw
    with store.writing() as c:
        assert rollup(c, 8, dt.date(2026, 3, 10)) == 10 + 2  # people's and 2 AI agents'
    assert rows(store, "SELECT COUNT(*), MIN(created) FROM events") == [
        (5 + 1, "2026-03-02T10:00:00+00:00")
    ]
    assert rows(store, "SELECT day, visits, readers, self_served FROM visit_days") == [
        ("2026-03-01", 4, 3, 2)
    ]
    assert rows(
        store,
        "SELECT events, visitors FROM event_days WHERE type = 'view' AND article = 'returns/start'",
    ) == [(3, 2)]
    with store.writing() as c:
        assert rollup(c, 8, dt.date(2026, 3, 10)) == 0  # nothing left to fold
        assert rollup(c, 0, dt.date(2026, 3, 10)) == 5 + 1
    assert [
        (agent, int(n))
        for agent, n in rows(
            store, "SELECT agent, SUM(events) FROM event_days GROUP BY agent ORDER BY agent"
        )
    ] == [(0, len(EVENTS) + 1), (1, len(AGENT_EVENTS))]
    store.close()
