"""A throwaway PostgreSQL cluster for the tests: Debian's binaries, a temporary folder, a free port.

`initdb` and `pg_ctl` run as the `postgres` user when the tests run as root (as in CI),
listening on 127.0.0.1 only, with password authentication over TCP (so that a wrong
password can be tested). The cluster is stopped at the end of the session, on failure too.
Without PostgreSQL binaries the tests that need it are skipped (in CI, where .ci/run
installs them, they fail instead).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PASSWORD = "helpgen-test-pw-41c7"
_names = itertools.count(1)


def binaries() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin that has initdb and pg_ctl."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One cluster: `start()`, `stop()` (also mid-test, to take the store away),
    `new_database()`."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="helpgen-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        self.user = "postgres" if self.as_postgres else os.environ.get("USER", "postgres")
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        os.chmod(self.root, 0o755)
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD)
        if self.as_postgres:
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            self.user,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120, cwd=self.root)

    def start(self, durable: bool = False) -> None:
        """Start the cluster; without `durable` (the tests) commits skip fsync, with it (the
        benches, to compare with SQLite's synchronous=FULL) they wait for the disk as in
        production."""
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c max_connections=200 -c shared_buffers=32MB"
        )
        if not durable:
            options += " -c fsync=off -c full_page_writes=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        """Stop at once (connections are cut, as when the database server goes away)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "-t", "60", "stop")

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{self.user}:{password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"helpgen_test_{os.getpid()}_{next(_names)}"
        with psycopg.connect(
            self.url().replace("postgresql://", "postgresql://", 1), autocommit=True
        ) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)


def store_config(url: str | None) -> dict:
    """helpgen.yml keys that put a project's store at `url` (nothing: the default SQLite file)."""
    return {"store": {"url": url}} if url else {}
