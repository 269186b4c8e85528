"""A real nginx on 127.0.0.1 in front of helpgen replicas, with the proxy rules of the docs.

The location rules are docs/deploy/nginx/helpgen-proxy.conf itself (included, not copied),
so the configuration the tests and bench/replicas_bench.py run is the one production
uses; this module only writes the frame around it: a loopback port, temporary paths, and
an upstream of the replicas' ports. Used by tests/store/test_nginx.py and the bench.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from tests.serve.support import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = Path(__file__).resolve().parent.parent / "docs" / "deploy"
PROXY_CONF = DEPLOY / "nginx" / "helpgen-proxy.conf"
"""The location rules of docs/production.md and docs/deploy/compose.yaml."""
FRAME = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream helpgen {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            include {proxy};
        }}
    }}
}}
"""


def require_nginx() -> None:
    """Skip the test without Debian's nginx; in CI fail instead (.ci/run installs it), as for
    Chromium and PostgreSQL."""
    import pytest

    if Path(NGINX).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"no nginx at {NGINX}: .ci/run should have installed Debian's nginx")
    pytest.skip(f"no nginx at {NGINX} (apt-get install nginx)")


def config(root: Path, upstreams: list[int], port: int) -> str:
    """The nginx.conf of a proxy on 127.0.0.1:`port` round-robin over `upstreams` (ports)."""
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstreams)
    return FRAME.format(root=root, servers=servers, port=port, proxy=PROXY_CONF)


def check(conf: Path, prefix: Path) -> subprocess.CompletedProcess:
    """`nginx -t` of `conf` (its output in stderr)."""
    return subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )


class Nginx:
    """nginx on 127.0.0.1 with a generated config, in the foreground of its own process."""

    def __init__(self, root: Path, upstreams: list[int] | tuple[int, ...]):
        self.root, self.port = root, free_port()
        root.mkdir(parents=True, exist_ok=True)
        self.conf = root / "nginx.conf"
        self.conf.write_text(config(root, list(upstreams), self.port))

    def connection(self, timeout: float = 30) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    @contextmanager
    def running(self):
        """Start nginx, wait (10 s at most) until it answers GET / with 200, stop it at the end."""
        proc = subprocess.Popen(
            [NGINX, "-p", str(self.root), "-c", str(self.conf), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
        )
        try:
            self._wait_until_up(proc)
            yield self
        finally:
            proc.send_signal(signal.SIGQUIT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            proc.stderr.close()

    def _wait_until_up(self, proc: subprocess.Popen) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"nginx exited: {proc.stderr.read().decode()}")
            try:
                conn = self.connection(timeout=2)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"nginx on port {self.port} did not answer within 10 s")
