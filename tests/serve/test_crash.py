"""SIGKILL the server in the middle of a load: every vote that got a 201 is in the store
afterwards."""

from __future__ import annotations

import json
import threading

from tests.serve.support import count_rows, fetch_rows, make_project, run_load, store_path

CLIENTS = 50
PER_CLIENT = 400
KILL_AFTER = 4000


def test_sigkill_mid_load_loses_no_acknowledged_vote(tmp_path, start_server, run_cli):
    project = make_project(tmp_path / "project", {"feedback": {"rate_limit": 0}})
    server = start_server(project)

    acked = threading.Event()
    outcome = {}
    load = threading.Thread(
        target=lambda: outcome.setdefault(
            "result",
            run_load(server, CLIENTS, PER_CLIENT, timeout=120, acked=acked, ack_after=KILL_AFTER),
        )
    )
    load.start()
    assert acked.wait(timeout=90), "the load never reached the kill point"
    server.kill()
    load.join(timeout=150)
    assert not load.is_alive()
    result = outcome["result"]

    created = result.keys_with(201)
    assert len(created) >= KILL_AFTER
    assert set(result.statuses.values()) == {201}  # nothing but 201 before the kill
    assert result.failures > 0  # the kill really happened in the middle
    assert len(created) < CLIENTS * PER_CLIENT
    print(
        f"\ncrash: {len(created)} votes acknowledged, {result.failures} requests cut off by SIGKILL"
    )

    # the same store, opened by a new server
    again = start_server(project)
    assert again.vote({"article": "shipping", "helpful": True, "vote": "after-restart"})[0] == 201
    assert fetch_rows(project, "PRAGMA integrity_check") == [("ok",)]
    stored = {key for (key,) in fetch_rows(project, "SELECT vote_key FROM votes")}
    assert created - stored == set()  # every acknowledged vote survived
    assert "after-restart" in stored
    assert count_rows(project) == len(stored)
    # a vote whose answer was cut off may or may not be stored, but nothing else is
    assert stored - created - {"after-restart"} <= {
        f"load-{c:02d}-{i:05d}" for c in range(CLIENTS) for i in range(PER_CLIENT)
    }
    assert len(stored - created - {"after-restart"}) <= CLIENTS  # at most one in flight per client

    code, out, err = run_cli("stats", project, "--json")
    assert code == 0, err
    assert sum(a["votes"] for a in json.loads(out)["articles"]) == len(stored)
    assert store_path(project).is_file()
