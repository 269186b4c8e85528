"""Helpers for the serve tests: a real `helpgen serve` subprocess, plain HTTP, the real store.

Everything talks to a real server over loopback: `http.client` for ordinary requests,
raw sockets where a client library would normalise the path. Every wait is bounded.
"""

from __future__ import annotations

import functools
import http.client
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from helpgen.store import StoreError
from tests.helpers import cli_env, write_project

ARTICLES = {
    "returns/start.md": "---\ntitle: Start a return\n---\n\nHow to start a return.\n\n"
    + "Pack the item with its label and bring it to any drop-off point. " * 40
    + "\n",
    "returns/refunds.md": "# Refund timing\n\nRefunds reach your card within 5 days.\n",
    "shipping.md": "# Shipping times\n\nWe ship within two working days.\n",
}
SECRET = "SECRET-MARKER-7f3a91"
"""A comment line in helpgen.yml: a path-traversal answer must never contain it."""
START = 40.0
"""Seconds a server may take to build and answer its first request."""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A plain static file server (Python's), without a log line per request."""

    def log_message(self, *args):
        pass


@contextmanager
def static_server(folder: Path, handler: type = QuietHandler):
    """`folder` served by http.server on 127.0.0.1 in a thread, as a static host would; yields its
    URL (no trailing slash) and stops it afterwards."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_project(root: Path, config: dict | None = None, files: dict | None = None) -> Path:
    """A small project (three articles) with a secret marker in its helpgen.yml."""
    project = write_project(root, dict(ARTICLES if files is None else files), config)
    with open(project / "helpgen.yml", "a", encoding="utf-8") as f:
        f.write(f"# {SECRET}\n")
    return project


def store_path(project: Path) -> Path:
    return project / ".helpgen" / "feedback.sqlite"


def server_env(**extra: str) -> dict[str, str]:
    env = cli_env()
    env.pop("HELPGEN_ADMIN_TOKEN", None)
    env.update(extra)
    return env


@dataclass
class Server:
    """One `python -m helpgen serve PROJECT` process on 127.0.0.1; its output goes to a log file."""

    project: Path
    watch: bool = False
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    proc: subprocess.Popen | None = None
    log_path: Path | None = None

    @contextmanager
    def running(self):
        """Start, yield the running server, and always stop it (its whole process group)."""
        try:
            yield self.start()
        finally:
            self.stop()
            if self.proc is not None:
                kill_process_group(self.proc)

    def start(self) -> Server:
        self.port = free_port()
        self.log_path = self.project.parent / f"serve-{self.project.name}-{self.port}.log"
        cmd = [
            sys.executable,
            "-m",
            "helpgen",
            "serve",
            str(self.project),
            "--port",
            str(self.port),
            *self.args,
        ]
        if not self.watch:
            cmd.append("--no-watch")
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                cmd,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=server_env(**self.env),
                start_new_session=True,
            )
        deadline = time.monotonic() + START
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"helpgen serve exited with {self.proc.returncode}:\n{self.log()}"
                )
            try:
                status, _, _ = self.request("GET", "/", timeout=2)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"helpgen serve did not answer within {START} s:\n{self.log()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10) -> int | None:
        """Stop the process (SIGKILL after `timeout`); its exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(timeout=10)

    def kill(self) -> None:
        """SIGKILL, as a crash would: nothing gets to clean up."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def connection(
        self, timeout: float = 10, source: str | None = None
    ) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=timeout, source_address=(source, 0) if source else None
        )

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        headers: dict | None = None,
        timeout: float = 10,
        source: str | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """(status, headers with lower-case names, body) of one request on a fresh connection."""
        conn = self.connection(timeout, source)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            conn.close()

    def vote(
        self,
        payload: dict | bytes,
        content_type: str = "application/json",
        headers: dict | None = None,
        source: str | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return self.request(
            "POST",
            "/api/feedback",
            body,
            {"content-type": content_type, **(headers or {})},
            source=source,
        )

    def raw(self, request: bytes, timeout: float = 10) -> tuple[int, bytes, bytes]:
        """Send `request` as is on a socket; (status, head, body) of the answer, read until
        close."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(request)
            data = b""
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/1.1 ") else 0
        return status, head, body


def count_rows(project: Path, table: str = "votes", where: str = "", params: tuple = ()) -> int:
    """Rows in the project's feedback store (0 when there is no store yet)."""
    rows = fetch_rows(project, f"SELECT COUNT(*) FROM {table} {where}", params)
    return rows[0][0] if rows else 0


def fetch_rows(project: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """The rows `sql` (with `?` placeholders) reads from the project's store, SQLite or PostgreSQL;
    none while the server has not made the store (the file, or its tables) yet."""
    from helpgen.config import load_project
    from helpgen.store import Store, project_location

    store = Store(project_location(load_project(project, sources=False)))
    if not store.exists():
        return []
    if (
        store.location.path is None
    ):  # psycopg's placeholders (SQLAlchemy always passes it parameters)
        sql = sql.replace("%", "%%").replace("?", "%s")
    try:
        with store.reading() as connection:
            return [tuple(row) for row in connection.exec_driver_sql(sql, tuple(params))]
    except StoreError as exc:
        if any(
            missing in exc.problems[0].message for missing in ("no such table", "does not exist")
        ):
            return []
        raise
    finally:
        store.close()


def column_names(project: Path, table: str) -> list[str]:
    """The columns of a table of the project's store, in order (SQLite or PostgreSQL)."""
    from sqlalchemy import inspect

    from helpgen.config import load_project
    from helpgen.store import Store, project_location

    store = Store(project_location(load_project(project, sources=False)))
    try:
        with store.reading() as connection:
            return [c["name"] for c in inspect(connection).get_columns(table)]
    finally:
        store.close()


def wait_for(predicate, timeout: float, interval: float = 0.1):
    """Call `predicate` until it returns something truthy (returned) or `timeout` seconds pass
    (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def kill_process_group(proc: subprocess.Popen) -> None:
    """Last resort in finalizers: the server's own session (uvicorn workers included)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


LOAD_ARTICLES = ("returns/start", "returns/refunds", "shipping")


def load_vote(client: int, i: int) -> dict:
    """The i-th vote of one load client: a unique vote key, articles and answers in a fixed
    pattern."""
    return {
        "article": LOAD_ARTICLES[i % 3],
        "helpful": i % 4 != 0,
        "vote": f"load-{client:02d}-{i:05d}",
    }


@dataclass
class LoadResult:
    statuses: dict[str, int]
    """vote key -> HTTP status, for every request that got an answer."""
    failures: int
    """Requests that got no answer (connection refused or reset)."""
    seconds: float

    def keys_with(self, status: int) -> set[str]:
        return {k for k, s in self.statuses.items() if s == status}


def run_load(
    server: Server,
    clients: int,
    per_client: int,
    timeout: float = 120,
    acked: threading.Event | None = None,
    ack_after: int = 0,
) -> LoadResult:
    """`clients` threads, each with one keep-alive connection, send `per_client` votes each.

    A client stops at its first request without an answer (the server died). With `acked`,
    the event is set once `ack_after` votes got a 201. Bounded by `timeout` seconds overall.
    """
    lock = threading.Lock()
    statuses: dict[str, int] = {}
    failures = 0
    created = 0
    deadline = time.monotonic() + timeout

    def client(n: int) -> None:
        nonlocal failures, created
        conn = server.connection(timeout=30)
        try:
            for i in range(per_client):
                if time.monotonic() > deadline:
                    return
                vote = load_vote(n, i)
                try:
                    conn.request(
                        "POST",
                        "/api/feedback",
                        body=json.dumps(vote).encode(),
                        headers={"content-type": "application/json"},
                    )
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    with lock:
                        failures += 1
                    return
                with lock:
                    statuses[vote["vote"]] = response.status
                    if response.status == 201:
                        created += 1
                        if acked is not None and created >= ack_after:
                            acked.set()
        finally:
            conn.close()

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.1, deadline - time.monotonic() + 5))
    assert not any(t.is_alive() for t in threads), "load clients still running after the time limit"
    return LoadResult(statuses, failures, time.monotonic() - start)
