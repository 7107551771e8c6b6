"""The store on PostgreSQL (psycopg 3): the same mixins and SQL as on SQLite.

``PgConnection`` gives psycopg the surface the store's mixins use on ``sqlite3``
(``execute`` with ``?`` placeholders, rows read by name and position, ``commit``,
``rollback``, ``in_transaction``), so the store is one code base; ``PgStore`` is
``Store`` with PostgreSQL's way to open, begin a transaction and see other commits.

Statements are bound on the client (``ClientCursor``): values are quoted into the
text by psycopg, as SQLite binds them, so a ``?`` compared with NULL or used in
``LIMIT`` needs no declared type, and one statement may hold several commands
(the migration scripts).

Where the two backends still differ, on purpose:

- ids may have gaps on PostgreSQL (an insert that meets a conflict, or is rolled back,
  uses up an identity value); SQLite hands out the largest id + 1. Ids are opaque.
- ``data_version`` may change without a commit of revtrack's (any transaction that
  ends in the database moves it); it never misses one.
- text cannot hold NUL on PostgreSQL: a NUL is stored as U+FFFD (see ``_param``).
- the schema version is the ``revtrack_schema`` table, not ``PRAGMA user_version``;
  text columns are ``COLLATE "C"``, so they compare and sort as on SQLite.

Needs PostgreSQL 13 or later (``pg_current_snapshot``); tested on 15.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

try:
    import psycopg
    from psycopg import pq
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    from revtrack.errors import StoreError

    raise StoreError("PostgreSQL stores need psycopg 3: pip install 'revtrack[postgres]'") from exc

from revtrack.errors import StoreError
from revtrack.store.db import BUSY_TIMEOUT_MS
from revtrack.store.migrations import LATEST, MIGRATIONS
from revtrack.store.open import hide_password, redact_url
from revtrack.store.sql import Dialect, postgres_migrations, to_pyformat
from revtrack.store.store import Store

__all__ = [
    "NOTIFY_CHANNEL",
    "PG_MIGRATIONS",
    "PgConnection",
    "PgListener",
    "PgRow",
    "PgStore",
    "pg_schema_version",
]

PG_MIGRATIONS: tuple[str, ...] = postgres_migrations(MIGRATIONS)

# One row, one column: the schema version (PRAGMA user_version on SQLite).
_VERSION_TABLE = "revtrack_schema"
# pg_advisory_xact_lock key: "revtrack" in ASCII, so two processes never migrate at once.
_MIGRATION_LOCK = 0x7265767472616B
# The first key of the write lock ("revt"); the second is the schema's, so stores in
# two schemas of one database do not wait for each other.
_WRITE_LOCK = 0x72657674
_CLAIM_LOCK = 0x72657675
# Advisory locks, held to the end of the transaction, per schema (two stores in one
# database do not wait on each other). A story's lock is the one-bigint form, a space
# of its own: the schema's hash in the high half, the story id in the low half.
_WRITER = f"SELECT pg_advisory_xact_lock({_WRITE_LOCK}, hashtext(current_schema()))"
_CLAIMS = f"SELECT pg_advisory_xact_lock({_CLAIM_LOCK}, hashtext(current_schema()))"


def _story_locks(story_id: int) -> str:
    return (
        f"SELECT pg_advisory_xact_lock_shared({_WRITE_LOCK}, hashtext(current_schema())),"
        f" pg_advisory_xact_lock((hashtext(current_schema())::bigint << 32)"
        f" | {int(story_id) & 0xFFFFFFFF})"
    )


# Every write transaction of the store ends with a NOTIFY on this channel, its payload
# the store's schema (stores in two schemas of one database share the channel).
NOTIFY_CHANNEL = "revtrack_changed"


class PgRow:
    """A row read by position (``row[0]``) or column name (``row["id"]``), iterable as
    its values: what ``sqlite3.Row`` offers the store."""

    __slots__ = ("_index", "_names", "_values")

    def __init__(self, names: tuple[str, ...], index: dict[str, int], values: Sequence[Any]):
        self._names = names
        self._index = index
        self._values = tuple(values)

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PgRow):
            return self._values == other._values
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"PgRow({dict(zip(self._names, self._values, strict=True))!r})"


def _row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    description = cursor.description
    names = tuple(column.name for column in description) if description else ()
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)  # a name twice (a join): the first, as sqlite3.Row does

    def make(values: Sequence[Any]) -> PgRow:
        return PgRow(names, index, values)

    return make


def _param(value: Any) -> Any:
    """A value as SQLite would store it: booleans as 0/1, str enums as plain text.

    PostgreSQL's text cannot hold NUL, which SQLite's can: a NUL (only ever in text a
    hostile page or server sent, such as a header block) is stored as U+FFFD, the
    character that stands for what could not be kept, rather than failing the write.
    """
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        if type(value) is not str:
            value = str(value)
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    return value


def _params(parameters: Any) -> tuple[Any, ...]:
    if parameters is None:
        return ()
    if isinstance(parameters, dict):
        raise TypeError("the store binds parameters by position (?), not by name")
    return tuple(_param(value) for value in parameters)


class PgCursor:
    """The result of one statement: rows as ``PgRow``, ``rowcount``."""

    def __init__(self, cursor: psycopg.ClientCursor[Any]) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    def close(self) -> None:
        self._cursor.close()


class PgConnection:
    """psycopg 3 behind the ``sqlite3.Connection`` surface the store uses.

    The session runs in autocommit; ``BEGIN`` opens a transaction explicitly (as the
    SQLite store does with ``isolation_level=None``), ``commit``/``rollback`` end it.
    """

    dialect: Dialect = "postgresql"

    def __init__(self, raw: psycopg.Connection[Any], location: str = "PostgreSQL") -> None:
        self.raw = raw
        self.location = location  # for messages: the URL without its password
        self._url = ""  # to hide its password in a driver's message that quotes it
        self._lock = threading.RLock()  # one statement at a time, as sqlite3 serialises

    @classmethod
    def connect(cls, url: str) -> Self:
        raw = psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor)
        try:
            # As SQLite's busy timeout: wait this long for a lock, then say it is busy.
            raw.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS}".encode())
        except BaseException:
            raw.close()
            raise
        conn = cls(raw, redact_url(url))
        conn._url = url
        return conn

    def _lost(self, exc: psycopg.Error) -> StoreError | None:
        """A one-line error when the server went away (not for an error in the SQL)."""
        if self.raw.closed or self.raw.broken:
            reason = hide_password(_first_line(exc), self._url)
            return StoreError(f"lost the connection to {self.location}: {reason}")
        return None

    def _cursor(self) -> psycopg.ClientCursor[Any]:
        return psycopg.ClientCursor(self.raw, row_factory=_row_factory)

    def execute(self, sql: str, parameters: Any = None, /) -> PgCursor:
        with self._lock:
            cursor = self._cursor()
            try:
                cursor.execute(to_pyformat(sql), _params(parameters))
            except psycopg.OperationalError as exc:
                raise (self._lost(exc) or exc) from None
            return PgCursor(cursor)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> PgCursor:
        with self._lock:
            cursor = self._cursor()
            try:
                cursor.executemany(to_pyformat(sql), [_params(p) for p in parameters])
            except psycopg.OperationalError as exc:
                raise (self._lost(exc) or exc) from None
            return PgCursor(cursor)

    def executescript(self, script: str) -> None:
        """Several statements, no parameters (the migrations)."""
        with self._lock:
            self.raw.execute(script.encode("utf-8"))

    def commit(self) -> None:
        if self.in_transaction:
            self.raw.execute(b"COMMIT")

    def rollback(self) -> None:
        if self.raw.closed or self.raw.broken:
            return  # the server ended the transaction with the connection
        if self.in_transaction:
            self.raw.execute(b"ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        if self.raw.closed:
            return False
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()


def pg_schema_version(conn: PgConnection) -> int:
    """The schema version a PostgreSQL store holds (0: none yet)."""
    exists = conn.execute("SELECT to_regclass(?)", (_VERSION_TABLE,)).fetchone()[0]
    if exists is None:
        return 0
    row = conn.execute(f"SELECT max(version) FROM {_VERSION_TABLE}").fetchone()
    return int(row[0] or 0)


def apply_pg_migrations(conn: PgConnection) -> int:
    """Bring a PostgreSQL store's schema up to date (all steps in one transaction, under
    an advisory lock so two processes opening a new store never both migrate it);
    returns how many migrations ran."""
    current = pg_schema_version(conn)
    if current == LATEST:
        return 0  # the usual open: no lock, no DDL (a role that may only read opens too)
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
        current = pg_schema_version(conn)  # another process may have migrated meanwhile
        if current > LATEST:
            raise StoreError(
                f"this store has schema {current}, newer than this revtrack knows ({LATEST}); "
                "upgrade revtrack to open it"
            )
        if current == 0:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {_VERSION_TABLE} (version BIGINT NOT NULL)")
        for number in range(current + 1, LATEST + 1):
            conn.executescript(PG_MIGRATIONS[number - 1])
        if current < LATEST:
            conn.execute(f"DELETE FROM {_VERSION_TABLE}")
            conn.execute(f"INSERT INTO {_VERSION_TABLE} (version) VALUES (?)", (LATEST,))
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return LATEST - current


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class PgStore(Store):
    """The store in a PostgreSQL database; ``path`` is the redacted URL, for messages."""

    dialect: Dialect = "postgresql"

    def __init__(self, conn: PgConnection, url: str) -> None:
        super().__init__(conn, Path(redact_url(url)))
        self.pg = conn
        self.location = redact_url(url)
        self._snapshot = ""
        self._data_version = 0

    @classmethod
    def open_url(cls, url: str) -> Self:
        """Connect to ``url`` and migrate its schema; one-line errors, no password."""
        where = redact_url(url)
        try:
            conn = PgConnection.connect(url)
        except psycopg.Error as exc:
            reason = hide_password(_first_line(exc), url)
            raise StoreError(f"cannot open store {where}: {reason}") from None
        try:
            apply_pg_migrations(conn)
        except StoreError:
            conn.close()
            raise
        except psycopg.Error as exc:
            conn.close()
            reason = hide_password(_first_line(exc), url)
            raise StoreError(f"cannot open store {where}: {reason}") from None
        return cls(conn, url)

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> Self:
        raise StoreError("a PostgreSQL store is opened by URL: open_store_at(url)")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit: all of it commits, or none of it does; its commit notifies
        the listeners (a TUI on another machine refreshes).

        As SQLite's ``BEGIN IMMEDIATE``, it first takes the store's write lock (an
        advisory lock held until the end of the transaction): one writer at a time, so a
        read followed by a write inside one (the next version number, a counter) can
        never race another writer. Reads outside transactions never wait.
        """
        with self._transaction(_WRITER, notify=True):
            yield

    def story_transaction(self, story_id: int) -> AbstractContextManager[None]:
        """A transaction that writes one story's own rows only (a check that made no
        version): it runs beside other stories' such transactions, not beside a
        ``transaction()`` (the write lock taken shared, the story's lock exclusive)."""
        return self._transaction(_story_locks(story_id), notify=True)

    def bookkeeping(self) -> AbstractContextManager[None]:
        """A transaction of the workers' own records (leases, heartbeats, host starts):
        one at a time among themselves (a claim reads what it then leases), beside the
        writers' transactions, and no listener is woken (nothing a reader shows changed)."""
        return self._transaction(_CLAIMS, notify=False)

    @contextmanager
    def _transaction(self, locks: str, *, notify: bool) -> Iterator[None]:
        if self.conn.in_transaction:  # as SQLite says; PostgreSQL would only warn
            raise StoreError(f"{self.location}: cannot start a transaction within a transaction")
        try:
            self.conn.execute("BEGIN")
            try:
                self.conn.execute(locks)
                yield
                # Sent at COMMIT, only if it commits; one per transaction (PostgreSQL
                # folds a transaction's identical notifications into one).
                if notify:
                    self.conn.execute("SELECT pg_notify(?, current_schema())", (NOTIFY_CHANNEL,))
            except BaseException:
                self.conn.rollback()
                raise
            self.conn.commit()
        except psycopg.errors.LockNotAvailable:
            self.conn.rollback()
            raise StoreError(
                f"{self.location} is busy: another revtrack process kept it locked too long"
            ) from None
        except psycopg.Error as exc:
            if self.conn.in_transaction:
                self.conn.rollback()
            reason = hide_password(_first_line(exc), self.pg._url)
            raise StoreError(f"{self.location}: {reason}") from None

    def data_version(self) -> int:
        """A number that changes whenever a transaction that wrote has ended since the
        last call (here or in any other session: a false alarm now and then, never a
        missed commit). It counts changes of the server's current snapshot, whose
        running-transaction list loses a transaction when it ends."""
        row = self.conn.execute("SELECT pg_current_snapshot()::text").fetchone()
        if row[0] != self._snapshot:
            self._snapshot = row[0]
            self._data_version += 1
        return self._data_version

    def listener(self) -> PgListener:
        """A connection of its own that waits for other sessions' commits to this store
        (``PgListener.wait``); raises ``StoreError`` when it cannot listen."""
        return PgListener.connect(self.pg._url, ignore_pid=self.pg.raw.info.backend_pid)

    def _reset_id_sequences(self) -> None:
        """After rows were inserted with their ids given (``store copy``): each identity
        column's next id follows the largest one stored. Call inside a transaction."""
        rows = self.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND is_identity = 'YES'"
        ).fetchall()
        for table, column in rows:
            self.conn.execute(
                "SELECT setval(pg_get_serial_sequence(?, ?),"
                f' coalesce((SELECT max("{column}") FROM "{table}"), 0) + 1, false)',
                (table, column),
            )


class PgListener:
    """LISTEN on the store's channel, on a connection of its own (a thread waits on it).

    ``wait`` answers whether another session committed a write to this store's schema;
    the notifications of the session ``ignore_pid`` (the store's own connection) are
    not counted, as SQLite's ``data_version`` does not count its own connection's.
    """

    def __init__(self, raw: psycopg.Connection[Any], schema: str, ignore_pid: int) -> None:
        self.raw = raw
        self.schema = schema
        self.ignore_pid = ignore_pid

    @classmethod
    def connect(cls, url: str, *, ignore_pid: int = 0) -> PgListener:
        try:
            raw = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            reason = hide_password(_first_line(exc), url)
            raise StoreError(f"cannot listen on {redact_url(url)}: {reason}") from None
        try:
            schema = raw.execute("SELECT current_schema()").fetchone()
            raw.execute(f"LISTEN {NOTIFY_CHANNEL}".encode())
        except psycopg.Error as exc:
            raw.close()
            reason = hide_password(_first_line(exc), url)
            raise StoreError(f"cannot listen on {redact_url(url)}: {reason}") from None
        return cls(raw, str(schema[0]) if schema else "", ignore_pid)

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for notifications; True if one came from another
        session's commit to this store (all that arrived meanwhile are read)."""
        changed = False
        deadline = time.monotonic() + timeout
        try:
            # Other schemas' stores (and this store's own connection) notify the same
            # channel: keep waiting through theirs until one of ours or the timeout.
            while not changed and (left := deadline - time.monotonic()) > 0:
                for note in self.raw.notifies(timeout=left, stop_after=1):
                    changed |= self._ours(note)
            # Others that came with it (a burst of commits) count as the same change.
            for note in self.raw.notifies(timeout=0.0):
                changed |= self._ours(note)
        except psycopg.Error as exc:
            raise StoreError(f"stopped listening: {_first_line(exc)}") from None
        return changed

    def _ours(self, note: psycopg.Notify) -> bool:
        return note.payload == self.schema and note.pid != self.ignore_pid

    @property
    def closed(self) -> bool:
        return self.raw.closed

    def close(self) -> None:
        self.raw.close()


if TYPE_CHECKING:  # the interface is for type checking: no import cost at run time
    from revtrack.store.api import StoreAPI

    # mypy proves here that the PostgreSQL store implements the whole interface.
    _POSTGRES_IMPLEMENTS_API: type[StoreAPI] = PgStore
