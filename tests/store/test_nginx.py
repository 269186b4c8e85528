"""Two `helpgen serve --no-watch` replicas on one PostgreSQL behind a real nginx, round-robin:
20,000 votes from 50 clients are all acknowledged and all counted, and `helpgen stats --json`
says the same from either replica's project."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.postgres import store_config
from tests.serve.support import Server, free_port, make_project, run_load

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CLIENTS, PER_CLIENT = 50, 400
CONFIG = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream helpgen {{
        server 127.0.0.1:{a};
        server 127.0.0.1:{b};
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://helpgen;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }}
    }}
}}
"""


class Nginx:
    """nginx on 127.0.0.1 with a generated config, in the foreground of its own process."""

    def __init__(self, root: Path, upstreams: tuple[int, int]):
        self.root, self.port = root, free_port()
        root.mkdir(parents=True, exist_ok=True)
        (root / "nginx.conf").write_text(
            CONFIG.format(root=root, a=upstreams[0], b=upstreams[1], port=self.port)
        )

    def connection(self, timeout: float = 30) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    @contextmanager
    def running(self):
        proc = subprocess.Popen(
            [NGINX, "-p", str(self.root), "-c", str(self.root / "nginx.conf"), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                assert proc.poll() is None, proc.stderr.read().decode()
                try:
                    conn = self.connection(timeout=2)
                    conn.request("GET", "/")
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            yield self
        finally:
            proc.send_signal(signal.SIGQUIT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            proc.stderr.close()


def test_twenty_thousand_votes_through_nginx_over_two_replicas(tmp_path, postgres, run_cli):
    if not Path(
        NGINX
    ).exists():  # as for Chromium and PostgreSQL: CI must have it (.ci/run installs it)
        if os.environ.get("CI"):
            pytest.fail(f"no nginx at {NGINX}: .ci/run should have installed Debian's nginx")
        pytest.skip(f"no nginx at {NGINX} (apt-get install nginx)")
    config = {"feedback": {"rate_limit": 0}, **store_config(postgres.new_database())}
    projects = [make_project(tmp_path / name, config) for name in ("replica-a", "replica-b")]
    with Server(projects[0]).running() as a, Server(projects[1]).running() as b:
        with Nginx(tmp_path / "nginx", (a.port, b.port)).running() as proxy:
            result = run_load(proxy, CLIENTS, PER_CLIENT, timeout=300)
        assert "Traceback" not in a.log() + b.log()
    assert result.failures == 0
    assert sorted(set(result.statuses.values())) == [201]
    assert len(result.statuses) == CLIENTS * PER_CLIENT
    figures = []
    for project in projects:
        code, out, err = run_cli("stats", project, "--json")
        assert code == 0, err
        figures.append(json.loads(out))
    assert figures[0] == figures[1]
    assert sum(article["votes"] for article in figures[0]["articles"]) == CLIENTS * PER_CLIENT
