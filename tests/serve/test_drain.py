"""SIGTERM drains: requests in flight are answered, queued writes reach the store, exit code 0."""

from __future__ import annotations

import signal
import threading

import pytest

from tests.helpers import run_helpgen
from tests.serve.support import count_rows, make_project, run_load

CLIENTS = 20
PER_CLIENT = 200
TERM_AFTER = 1000


@pytest.mark.parametrize(
    "args", [(), ("--no-build", "--workers", "2")], ids=["one-process", "two-workers"]
)
def test_sigterm_mid_load_answers_and_stores_what_it_took(tmp_path, start_server, args):
    project = make_project(tmp_path / "project", {"feedback": {"rate_limit": 0}})
    assert run_helpgen("build", project)[0] == 0
    server = start_server(project, args=args)
    acked = threading.Event()
    outcome = {}
    load = threading.Thread(
        target=lambda: outcome.setdefault(
            "result",
            run_load(server, CLIENTS, PER_CLIENT, timeout=120, acked=acked, ack_after=TERM_AFTER),
        )
    )
    load.start()
    assert acked.wait(timeout=90), "the load never reached the point of the SIGTERM"
    code = server.stop(signal.SIGTERM, timeout=30)
    load.join(timeout=150)
    assert not load.is_alive()
    assert code == 0, server.log()
    created = outcome["result"].keys_with(201)
    assert len(created) >= TERM_AFTER
    assert count_rows(project) == len(created)  # every acknowledged vote, and only those
    assert "Traceback" not in server.log()
