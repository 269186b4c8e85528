"""`helpgen store migrate --to URL`: copy every row of one store into another (SQLite into
PostgreSQL).

Rows keep their ids, and a row whose key is already in the target is skipped, so running it
twice adds nothing. PostgreSQL's id sequences are moved past the copied ids, so that new
votes do not collide with them, and the roll-up's progress is carried over. The counts are
checked: every table of the target holds at least as many rows as the source's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, Engine

from helpgen.store.engine import WRITE
from helpgen.store.schema import COPIED, rollup_progress
from helpgen.store.writes import upsert

CHUNK = 5000


@dataclass(frozen=True)
class Copied:
    """One table's copy: rows in the source, rows added to the target, rows in the target after."""

    table: str
    source: int
    added: int
    target: int

    @property
    def complete(self) -> bool:
        return self.target >= self.source


def copy_rows(source: Engine, target: Engine) -> list[Copied]:
    """Copy every table's rows from `source` into `target` (both upgraded to the same schema)."""
    out = []
    with source.connect() as reader, target.connect() as writer:
        writer = writer.execution_options(**{WRITE: True})
        for table in COPIED:
            with reader.begin(), writer.begin():
                before = _count(writer, table)
                _copy_table(reader, writer, table)
                if "id" in table.c and writer.dialect.name == "postgresql":
                    _move_sequence(writer, table.name)
                after = _count(writer, table)
                out.append(Copied(table.name, _count(reader, table), after - before, after))
        with reader.begin(), writer.begin():
            _copy_progress(reader, writer)
    return out


def _copy_progress(reader: Connection, writer: Connection) -> None:
    """The roll-up's progress goes along with the rows it describes (the later of the two, so
    that a second copy changes nothing): raw events before it are in the copied daily tables."""
    progress = rollup_progress.c
    done = reader.execute(select(progress.day).where(progress.name == "events")).scalar() or ""
    writer.execute(
        rollup_progress.update()
        .where(progress.name == "events", progress.day < done)
        .values(day=done)
    )


def _copy_table(reader: Connection, writer: Connection, table) -> None:
    rows = reader.execution_options(yield_per=CHUNK).execute(select(table))
    statement = upsert(writer, table).on_conflict_do_nothing()
    for chunk in rows.partitions():
        writer.execute(statement, [row._asdict() for row in chunk])


def _move_sequence(writer: Connection, table: str) -> None:
    """PostgreSQL: the table's id sequence past the highest id, so new rows do not collide."""
    writer.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )
    )


def _count(connection: Connection, table) -> int:
    return connection.execute(select(func.count()).select_from(table)).scalar_one()
