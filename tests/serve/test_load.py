"""20,000 votes from 50 concurrent clients over loopback into one `helpgen serve --no-watch`."""

from __future__ import annotations

import json
from collections import Counter

from tests.serve.support import (
    LOAD_ARTICLES,
    count_rows,
    fetch_rows,
    load_vote,
    make_project,
    run_load,
)

CLIENTS = 50
PER_CLIENT = 400


def test_20000_votes_from_50_clients(tmp_path, start_server, run_cli):
    project = make_project(tmp_path / "project", {"feedback": {"rate_limit": 0}})
    server = start_server(project)

    result = run_load(server, CLIENTS, PER_CLIENT, timeout=150)
    total = CLIENTS * PER_CLIENT
    print(
        f"\nload: {total} votes from {CLIENTS} clients in {result.seconds:.1f} s "
        f"= {total / result.seconds:.0f} votes/s"
    )
    assert result.failures == 0
    assert Counter(result.statuses.values()) == {201: total}

    assert count_rows(project) == total
    assert count_rows(project, where="WHERE vote_key LIKE 'load-%'") == total
    assert fetch_rows(project, "SELECT COUNT(DISTINCT vote_key) FROM votes") == [(total,)]
    assert fetch_rows(project, "PRAGMA integrity_check") == [("ok",)]

    expected = Counter()
    for client in range(CLIENTS):
        for i in range(PER_CLIENT):
            vote = load_vote(client, i)
            expected[vote["article"], vote["helpful"]] += 1
    code, out, err = run_cli("stats", project, "--json")
    assert code == 0, err
    figures = {a["id"]: a for a in json.loads(out)["articles"]}
    assert set(figures) == set(LOAD_ARTICLES)
    assert sum(a["votes"] for a in figures.values()) == total
    for article in LOAD_ARTICLES:
        assert (figures[article]["yes"], figures[article]["no"]) == (
            expected[article, True],
            expected[article, False],
        )


def test_two_worker_processes_share_one_store(tmp_path, start_server):
    project = make_project(tmp_path / "project", {"feedback": {"rate_limit": 0}})
    server = start_server(project, args=("--workers", "2"))
    result = run_load(server, 10, 100, timeout=90)
    assert result.failures == 0
    assert Counter(result.statuses.values()) == {201: 1000}
    assert count_rows(project) == 1000
    assert fetch_rows(project, "PRAGMA integrity_check") == [("ok",)]
    assert server.request("GET", "/shipping/")[0] == 200
