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


def test_the_rollup_folds_finished_days_and_deletes_raw_events_past_retention(tmp_path, store_url):
    """Every day before yesterday goes into the daily tables at once (the figures read them, not
    millions of raw events); raw events, visitor hashes with them, go at the retention age."""
    project, store = project_store(tmp_path, store_url)
    recent = ("view", "2026-03-09T23:59:59+00:00", "Z", "shipping", None, None, "server")
    seed_store(project, EVENTS + [recent])
    # 2026-03-10 with 8 days kept: days 1 and 2 are folded, day 1's raw events deleted (the
    # cutoff is 2026-03-02), 03-09 is yesterday: still raw only
    with store.writing() as c:
        assert rollup(c, 8, dt.date(2026, 3, 10)) == 10 + 2  # people's and 2 AI agents'
    assert rows(store, "SELECT COUNT(*), MIN(created) FROM events") == [
        (5 + 1, "2026-03-02T10:00:00+00:00")
    ]
    assert rows(store, "SELECT day FROM rollup_progress") == [("2026-03-09",)]
    assert rows(store, "SELECT day, visits, readers, self_served FROM visit_days ORDER BY day") == [
        ("2026-03-01", 4, 3, 2),
        ("2026-03-02", 2, 2, 1),
    ]
    assert rows(
        store,
        "SELECT events, visitors FROM event_days WHERE type = 'view' AND article = 'returns/start'"
        " AND day = '2026-03-01'",
    ) == [(3, 2)]
    with store.writing() as c:
        assert rollup(c, 8, dt.date(2026, 3, 10)) == 0  # nothing left to fold or delete
    assert _sums_by_agent(store) == [(0, len(EVENTS)), (1, len(AGENT_EVENTS))]
    with store.writing() as c:
        # nothing kept: folded first, then deleted
        assert rollup(c, 0, dt.date(2026, 3, 10)) == 5 + 1
    assert _sums_by_agent(store) == [(0, len(EVENTS) + 1), (1, len(AGENT_EVENTS))]
    assert rows(store, "SELECT COUNT(*) FROM events") == [(0,)]
    store.close()


def _sums_by_agent(store) -> list[tuple[int, int]]:
    """(agent, events) in the daily table: people's (0) and AI agents' (1) apart."""
    sql = "SELECT agent, SUM(events) FROM event_days GROUP BY agent ORDER BY agent"
    return [(int(agent), int(n)) for agent, n in rows(store, sql)]


def test_a_copy_keeps_the_rollup_progress_so_the_figures_stay(tmp_path, postgres):
    """Raw events already in the daily tables are copied with them: the copy's figures are the
    source's, not those days counted twice."""
    from helpgen.analytics.figures import compute_figures
    from helpgen.store.copy import copy_rows

    project, source = project_store(tmp_path, None)
    seed_store(project)
    with source.writing() as c:
        rollup(c, 90, dt.date(2026, 3, 10))  # both seeded days folded, their raw events kept
    target = open_store(parse_location(postgres.new_database(), tmp_path))
    copy_rows(source.engine, target.engine)
    assert rows(target, "SELECT day FROM rollup_progress") == [("2026-03-09",)]
    with source.reading() as a, target.reading() as b:
        assert compute_figures(b) == compute_figures(a)
    source.close()
    target.close()


def test_a_long_backlog_is_rolled_up_in_steps_of_days(tmp_path, store_url):
    """`days` bounds one step (a server queues steps until `rolled_up`), so votes are written
    between them; what a step folds is never folded again, and nothing unfolded is deleted."""
    from helpgen.store.rollup import rolled_up

    project, store = project_store(tmp_path, store_url)
    seed_store(project)  # 2026-03-01 and 2026-03-02
    today = dt.date(2026, 3, 10)
    with store.writing() as c:
        assert not rolled_up(c, 1, today)
        assert rollup(c, 1, today, days=1) == 10 + 2  # day 1 (2 agents') folded, then deleted
    assert rows(store, "SELECT day FROM rollup_progress") == [("2026-03-02",)]
    with store.writing() as c:
        assert not rolled_up(c, 1, today)
        assert rollup(c, 1, today, days=1) == len(EVENTS) - 10 + 1
        assert rolled_up(c, 1, today)
    assert _sums_by_agent(store) == [(0, len(EVENTS)), (1, len(AGENT_EVENTS))]
    assert rows(store, "SELECT COUNT(*) FROM events") == [(0,)]
    store.close()
