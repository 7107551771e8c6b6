"""Opening the SQLite store: pragmas, migrations, and errors a user can read."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from revtrack.errors import StoreError
from revtrack.store.migrations import apply_migrations

BUSY_TIMEOUT_MS = 30_000


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _describe(exc: sqlite3.Error, path: Path) -> str:
    text = str(exc)
    if _read_only_fs(path):
        return f"{path} is on a read-only file system ({text}); nothing was changed"
    if "unable to open" in text and path.is_dir():
        return f"{path} is a folder, not a revtrack store ({text})"
    if "not a database" in text or "malformed" in text:
        return f"{path} is not a revtrack store or is damaged ({text})"
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only ({text})"
    if "locked" in text or "busy" in text:
        return f"{path} is busy: another revtrack process kept it locked too long"
    if "disk" in text and "full" in text:
        return f"the disk holding {path} is full; nothing was lost"
    if "disk I/O error" in text:
        return (
            f"cannot write {path} (disk I/O error: is the disk full or the file too large?);"
            " nothing committed was lost"
        )
    return f"{path}: {text}"


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) the store at ``path``, migrated to the latest schema."""
    try:
        if readonly:
            conn = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            try:
                apply_migrations(conn)
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
    except OSError as exc:
        raise StoreError(f"cannot open store {path}: {exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        raise StoreError(_describe(exc, path)) from None
    conn.row_factory = sqlite3.Row
    return conn


def describe_error(exc: sqlite3.Error, path: Path) -> StoreError:
    return StoreError(_describe(exc, path))
