"""Copying a whole store to another (SQLite to PostgreSQL and back), row for row.

Every table is read in key order, in batches, inside one snapshot of the source, and
written with ``executemany`` inside one transaction of the target: the target gets all
of it or none of it. Ids are kept, so every reference (a version's story, a change's
blobs, a review's version) holds; blobs are copied as stored (compressed, delta-encoded)
so they come out byte for byte. The SQL is the portable subset both engines speak; what
differs (the catalog read for tables and columns, the snapshot) is picked by ``dialect``,
and the target's ``_reset_id_sequences`` moves PostgreSQL's identities past the copied ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from revtrack.errors import StoreError
from revtrack.store.sql import Dialect, SQLConnection

__all__ = ["COPY_TABLES", "CopyProgress", "copy_store", "store_tables"]

BATCH = 500


@dataclass(frozen=True, slots=True)
class CopiedTable:
    name: str
    key: tuple[str, ...]  # the primary key: rows are read in its order


# In an order that writes every row after the rows it references (a blob's base is
# handled apart: see _blob_keys).
COPY_TABLES: tuple[CopiedTable, ...] = (
    CopiedTable("sources", ("id",)),
    CopiedTable("stories", ("id",)),
    CopiedTable("blobs", ("sha",)),
    CopiedTable("versions", ("id",)),
    CopiedTable("checks", ("id",)),
    CopiedTable("events", ("id",)),
    CopiedTable("changes", ("story_id", "seq")),
    CopiedTable("reviews", ("story_id", "seq")),
    CopiedTable("review_log", ("id",)),
    CopiedTable("outbox", ("id",)),
    CopiedTable("archive_captures", ("story_id", "capture")),
    CopiedTable("meta", ("key",)),
    CopiedTable("workers", ("id",)),
    CopiedTable("hosts", ("host",)),
)
# Tables of the backend itself, not of revtrack's data: never copied.
_BACKEND_TABLES = frozenset({"revtrack_schema"})

CopyProgress = Callable[[str, int], None]
"""Called after each table with its name and how many rows were copied."""


class _Copyable(Protocol):
    conn: SQLConnection
    dialect: Dialect

    def transaction(self) -> AbstractContextManager[None]: ...
    def _reset_id_sequences(self) -> None: ...


def store_tables(store: _Copyable) -> set[str]:
    """The names of the store's tables (views and the backend's own tables left out)."""
    if _dialect(store) == "postgresql":
        rows = store.conn.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        ).fetchall()
    else:
        rows = store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    return {str(row[0]) for row in rows} - _BACKEND_TABLES


def _dialect(store: _Copyable) -> Dialect:
    return getattr(store, "dialect", "sqlite")


@contextmanager
def _snapshot(store: _Copyable) -> Iterator[None]:
    """One consistent view of the source for every read, writing nothing: a SQLite read
    transaction (WAL: writers go on), a PostgreSQL repeatable-read, read-only one."""
    if _dialect(store) == "postgresql":
        store.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    else:
        store.conn.execute("BEGIN")
    try:
        yield
    finally:
        if store.conn.in_transaction:
            store.conn.rollback()  # nothing was written: ending it either way is the same


def _columns(store: _Copyable, table: str) -> list[str]:
    """The table's columns in their order, as the source has them."""
    if _dialect(store) == "postgresql":
        rows = store.conn.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        ).fetchall()
        return [str(row[0]) for row in rows]
    return [str(row[1]) for row in store.conn.execute(f"PRAGMA table_info({table})").fetchall()]


def _value(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview | bytearray) else value


def _batches(store: _Copyable, table: CopiedTable, columns: Sequence[str]) -> Iterator[list[Any]]:
    """The table's rows in key order, BATCH at a time (keyset paging: no OFFSET)."""
    cols = ", ".join(columns)
    keys = ", ".join(table.key)
    after: tuple[Any, ...] | None = None
    while True:
        if after is None:
            sql = f"SELECT {cols} FROM {table.name} ORDER BY {keys} LIMIT ?"
            params: tuple[Any, ...] = (BATCH,)
        else:
            marks = ", ".join("?" for _ in table.key)
            sql = (
                f"SELECT {cols} FROM {table.name} WHERE ({keys}) > ({marks})"
                f" ORDER BY {keys} LIMIT ?"
            )
            params = (*after, BATCH)
        rows = [tuple(_value(v) for v in row) for row in store.conn.execute(sql, params)]
        if not rows:
            return
        yield rows
        if len(rows) < BATCH:
            return
        where = [columns.index(k) for k in table.key]
        after = tuple(rows[-1][i] for i in where)


def _blob_keys(store: _Copyable) -> list[str]:
    """Every blob's sha, bases before the deltas built on them (by depth in the chain)."""
    rows = store.conn.execute(
        "WITH RECURSIVE chain (sha, depth) AS ("
        " SELECT sha, 0 FROM blobs WHERE base IS NULL"
        " UNION ALL SELECT b.sha, c.depth + 1 FROM blobs b JOIN chain c ON b.base = c.sha)"
        " SELECT sha FROM chain ORDER BY depth, sha"
    ).fetchall()
    keys = [str(row[0]) for row in rows]
    total = int(store.conn.execute("SELECT count(*) FROM blobs").fetchone()[0])
    if len(keys) != total:
        raise StoreError(
            f"the store has {total - len(keys)} blobs whose delta base is missing or circular;"
            " nothing was copied"
        )
    return keys


def _blob_batches(store: _Copyable, columns: Sequence[str]) -> Iterator[list[Any]]:
    keys = _blob_keys(store)
    cols = ", ".join(columns)
    sha_at = columns.index("sha")
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        marks = ", ".join("?" for _ in chunk)
        rows = store.conn.execute(f"SELECT {cols} FROM blobs WHERE sha IN ({marks})", chunk)
        by_sha = {row[sha_at]: tuple(_value(v) for v in row) for row in rows}
        yield [by_sha[sha] for sha in chunk]


def _insert_sql(table: CopiedTable, columns: Sequence[str]) -> str:
    cols = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table.name} ({cols}) VALUES ({marks})"
    if table.name == "meta":  # the target's own settings, made when it was opened, give way
        sql += " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    return sql


def _refuse_unless_empty(target: _Copyable, where: str) -> None:
    for table in COPY_TABLES:
        if table.name == "meta":
            continue
        if target.conn.execute(f"SELECT 1 FROM {table.name} LIMIT 1").fetchone() is not None:
            what = "stories" if table.name == "stories" else f"{table.name} rows"
            raise StoreError(
                f"{where} already holds {what}; copy into a new or empty store"
                " (nothing was written)"
            )


def copy_store(
    source: _Copyable, target: _Copyable, *, where: str = "the target",
    progress: CopyProgress | None = None,
) -> dict[str, int]:  # fmt: skip
    """Copy every row of ``source`` into ``target`` (a new or empty store at the same
    schema); returns the rows copied per table. ``where`` names the target in errors."""
    unknown = store_tables(source) - {t.name for t in COPY_TABLES}
    if unknown:
        raise StoreError(
            f"the store has tables this copy does not know ({', '.join(sorted(unknown))});"
            " nothing was copied"
        )
    counts: dict[str, int] = {}
    with _snapshot(source), target.transaction():
        _refuse_unless_empty(target, where)
        for table in COPY_TABLES:
            columns = _columns(source, table.name)
            insert = _insert_sql(table, columns)
            batches = (
                _blob_batches(source, columns)
                if table.name == "blobs"
                else _batches(source, table, columns)
            )
            count = 0
            for rows in batches:
                target.conn.executemany(insert, rows)
                count += len(rows)
            counts[table.name] = count
            if progress is not None:
                progress(table.name, count)
        target._reset_id_sequences()  # PostgreSQL's identities follow the copied ids
    return counts
