"""One capture pass at a time per SQLite store: an advisory lock on a file beside it.

A PostgreSQL store has no lock file (``Paths.lock_file`` is None): any number of passes
run at once, on any machines, as workers that lease what they check from the database
(``store/claims.py``), so no two check one story at once.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from revtrack.errors import LockedError, StoreError


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return True


def _open_lock_file(path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(
            f"cannot open the lock file {path}: {exc.strerror or exc} (is the folder read-only?)"
        ) from None


@contextmanager
def pass_lock(path: Path | None) -> Iterator[None]:
    """Hold the lock for the block; raise LockedError at once if another pass holds it.

    The kernel drops a flock when its holder dies, so a killed pass never
    leaves a stale lock behind. No path (a PostgreSQL store): no lock.
    """
    if path is None:
        yield
        return
    fd = _open_lock_file(path)
    try:
        if not _try_lock(fd):
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise LockedError(
                f"another revtrack check or watch is running on this store (pid {holder})"
            )
        yield
    finally:
        os.close(fd)


@contextmanager
def pass_lock_if_free(path: Path | None) -> Iterator[bool]:
    """Hold the lock for the block if no one else does; yields whether it is held.

    For work that is safe beside a running pass (SQLite serialises the writes)
    but should leave the pass's own duties, such as sending the outbox, to it.
    No path (a PostgreSQL store, where no pass holds a lock): True, the duties are its.
    """
    if path is None:
        yield True
        return
    fd = _open_lock_file(path)
    try:
        yield _try_lock(fd)
    finally:
        os.close(fd)
