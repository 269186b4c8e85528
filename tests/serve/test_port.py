"""`helpgen serve` on a port it cannot listen on: one line and exit 2, before any build."""

from __future__ import annotations

import socket

import pytest

from tests.helpers import run_helpgen
from tests.serve.support import make_project


@pytest.mark.parametrize("mode", [(), ("--no-watch",), ("--no-watch", "--workers", "2")])
def test_busy_port_is_one_line_and_exit_2_before_any_build(tmp_path, mode):
    project = make_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run_helpgen("serve", project, "--port", str(port), *mode)
    assert (code, out) == (2, "")
    assert err == f"error: port {port} is in use (hint: --port {port + 1})\n"
    assert not (project / "site").exists()
    assert not (project / "site.index").exists()
