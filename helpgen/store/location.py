"""Where the store is: a SQLite file or a PostgreSQL database, and how to talk about it.

`store.url` in helpgen.yml or `HELPGEN_STORE_URL` (the environment wins: passwords
belong there) is a path, `sqlite:///path` or `postgresql://user:password@host/db`.
A location names itself in messages by path or host and database, never by password.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from helpgen.errors import ConfigError

SCHEMES = ("sqlite", "postgresql", "postgres")
KINDS = "(hint: a SQLite path, sqlite:///path or postgresql://user@host/database)"


@dataclass(frozen=True)
class Location:
    """A parsed store location."""

    url: URL
    """The SQLAlchemy URL, with the driver named (sqlite, postgresql+psycopg)."""
    shown: str
    """How messages name it: the path (relative to the project when inside it), or host/database."""

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for PostgreSQL."""
        return Path(self.url.database) if self.is_sqlite and self.url.database else None


def parse_location(text: str, root: Path, where: str = "store.url") -> Location:
    """The Location of `text` (relative SQLite paths start at `root`); ConfigError naming
    `where`."""
    if "://" not in text:
        return _sqlite(Path(text), root)
    try:
        url = make_url(text)
    except ArgumentError:
        raise ConfigError(f"{where}: not a store URL: {_scheme(text)}://… {KINDS}") from None
    backend = url.get_backend_name()
    if backend not in SCHEMES:
        raise ConfigError(f"{where}: unknown store type '{url.drivername}' {KINDS}")
    if backend == "sqlite":
        if not url.database:
            raise ConfigError(
                f"{where}: sqlite:/// needs a file path (hint: sqlite:///.helpgen/feedback.sqlite)"
            )
        return _sqlite(Path(url.database), root)
    if not url.host and not url.query.get("host"):
        raise ConfigError(
            f"{where}: the PostgreSQL URL names no host "
            "(hint: postgresql://user@host:5432/database)"
        )
    url = url.set(drivername="postgresql+psycopg")
    host = url.host or url.query.get("host")
    return Location(url, f"postgresql://{host}:{url.port or 5432}/{url.database or ''}")


def project_location(project) -> Location:
    """Where a project's store is (helpgen.config.Project.store_setting says which setting won)."""
    where, value = project.store_setting
    return parse_location(value, project.root, where)


def _sqlite(path: Path, root: Path) -> Location:
    path = (root / path).resolve()
    try:
        shown = str(path.relative_to(root.resolve()))
    except ValueError:
        shown = str(path)
    return Location(URL.create("sqlite", database=str(path)), shown)


def _scheme(text: str) -> str:
    """The part of a URL before `://`: safe to print (a password comes after it)."""
    return text.split("://", 1)[0][:40]
