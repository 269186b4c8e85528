"""`helpgen store upgrade` and `helpgen store migrate`: a project's store, upgraded or copied."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from helpgen.errors import Problem
from helpgen.store.copy import Copied, copy_rows
from helpgen.store.engine import StoreError, store_error
from helpgen.store.location import parse_location, project_location
from helpgen.store.migrate import head
from helpgen.store.store import open_store


def upgrade_project(project) -> str:
    """Upgrade the project's store to the newest schema; what was done, in one line."""
    store = open_store(project_location(project))
    store.close()
    return f"{store.shown}: schema at revision {head()}"


def migrate_project(project, to: str) -> list[Copied]:
    """Copy the project's store into the one at `to` (both upgraded first); StoreError if a count
    is short."""
    source_location = project_location(project)
    target_location = parse_location(to, project.root, "--to")
    if target_location.url == source_location.url:
        raise StoreError(
            Problem(
                "--to",
                None,
                f"{target_location.shown} is the project's store",
                hint="name the PostgreSQL database to copy it into",
            )
        )
    if source_location.path is not None and not source_location.path.is_file():
        raise StoreError(
            Problem(
                source_location.shown,
                None,
                "no store here to copy",
                hint="run it in the project whose store holds the votes",
            )
        )
    source, target = open_store(source_location), open_store(target_location)
    try:
        copied = copy_rows(source.engine, target.engine)
    except SQLAlchemyError as exc:
        raise store_error(target_location, exc) from None
    finally:
        source.close()
        target.close()
    short = ", ".join(f"{c.table} {c.target} of {c.source}" for c in copied if not c.complete)
    if short:
        raise StoreError(
            Problem(
                target.shown,
                None,
                f"rows missing after the copy: {short}",
                hint="run helpgen store migrate again",
            )
        )
    return copied
