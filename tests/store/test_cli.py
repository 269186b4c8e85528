"""`helpgen store upgrade`, `helpgen store migrate --to URL`, and a store that cannot be reached."""

from __future__ import annotations

import pytest

from tests.helpers import write_project
from tests.postgres import PASSWORD, store_config
from tests.serve.support import fetch_rows
from tests.stats.seed import AGENT_EVENTS, AGENT_SEARCHES, EVENTS, SEARCHES, VOTES, seeded_project

FILES = {"a.md": "# A\n"}


def test_upgrade_names_the_store_and_its_revision(tmp_path, run_cli):
    project = write_project(
        tmp_path / "project", FILES, {"store": {"url": "sqlite:///data/votes.sqlite"}}
    )
    code, out, err = run_cli("store", "upgrade", project)
    assert (code, out, err) == (0, "", "data/votes.sqlite: schema at revision 0005\n")
    assert (project / "data" / "votes.sqlite").is_file()


def test_the_environment_wins_over_helpgen_yml(tmp_path, run_cli):
    project = write_project(tmp_path / "project", FILES, {"store": {"url": "a.sqlite"}})
    code, _, err = run_cli("store", "upgrade", project, env={"HELPGEN_STORE_URL": "b.sqlite"})
    assert (code, err) == (0, "b.sqlite: schema at revision 0005\n")
    assert (project / "b.sqlite").is_file() and not (project / "a.sqlite").exists()


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "mysql://root:hunter2@db/x",
            "error: HELPGEN_STORE_URL: unknown store type 'mysql' (hint: a SQLite path, "
            "sqlite:///path or postgresql://user@host/database)",
        ),
        (
            "postgresql://root:hunter2@/x",
            "error: HELPGEN_STORE_URL: the PostgreSQL URL names no host "
            "(hint: postgresql://user@host:5432/database)",
        ),
    ],
)
def test_a_bad_url_is_one_line_without_the_password(tmp_path, run_cli, url, message):
    project = write_project(tmp_path / "project", FILES)
    code, out, err = run_cli("store", "upgrade", project, env={"HELPGEN_STORE_URL": url})
    assert (code, out, err) == (2, "", message + "\n")


def test_a_refused_connection_is_one_line_naming_the_host(tmp_path, run_cli):
    from tests.serve.support import free_port

    port = free_port()  # nothing listens there
    project = write_project(tmp_path / "project", FILES)
    code, out, err = run_cli(
        "store",
        "upgrade",
        project,
        env={"HELPGEN_STORE_URL": f"postgresql://helpgen:hunter2@127.0.0.1:{port}/helpgen"},
    )
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and "hunter2" not in err
    assert err.startswith(
        f"error: postgresql://127.0.0.1:{port}/helpgen: the store cannot be used: "
    )
    assert "refused" in err.lower()


def test_a_wrong_password_is_one_line_without_it(tmp_path, run_cli, postgres):
    url = postgres.new_database().replace(PASSWORD, "not-the-password-9e1")
    project = write_project(tmp_path / "project", FILES)
    code, out, err = run_cli("store", "upgrade", project, env={"HELPGEN_STORE_URL": url})
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and "not-the-password-9e1" not in err and PASSWORD not in err
    assert (
        f"postgresql://127.0.0.1:{postgres.port}/" in err
        and "password authentication failed" in err
    )


def test_migrate_copies_every_row_once(tmp_path, run_cli, postgres):
    project = seeded_project(tmp_path / "project")
    target = postgres.new_database()
    counts = {
        "votes": len(VOTES),
        "searches": len(SEARCHES) + len(AGENT_SEARCHES),
        "events": len(EVENTS) + len(AGENT_EVENTS),
        "event_days": 0,
        "visit_days": 0,
    }
    code, out, err = run_cli("store", "migrate", project, "--to", target)
    assert (code, out) == (0, ""), err
    assert err.splitlines() == [
        f"{t}: {n} rows in the source, {n} copied, {n} in the target" for t, n in counts.items()
    ]
    code, _, err = run_cli("store", "migrate", project, "--to", target)  # again: nothing added
    assert code == 0 and err.splitlines() == [
        f"{t}: {n} rows in the source, 0 copied, {n} in the target" for t, n in counts.items()
    ]
    assert PASSWORD not in err
    # the copy is what the source holds, and PostgreSQL's ids go on after the copied ones
    copied = write_project(tmp_path / "copied", FILES, store_config(target))
    query = "SELECT id, article, helpful, reason, created FROM votes ORDER BY id"
    assert fetch_rows(copied, query) == fetch_rows(project, query)
    code, out, err = run_cli("stats", copied, "--json")
    assert code == 0, err
    from tests.stats.seed import insert_rows

    insert_rows(copied, "votes", ("article", "helpful", "created"), [("shipping", 1, "2026-04-01")])
    assert fetch_rows(copied, "SELECT MAX(id) FROM votes") == [(len(VOTES) + 1,)]
