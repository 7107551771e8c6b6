"""One capture pass at a time per store: an advisory lock on a file beside it."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from revtrack.errors import LockedError


@contextmanager
def pass_lock(path: Path) -> Iterator[None]:
    """Hold the lock for the block; raise LockedError at once if another pass holds it.

    The kernel drops a flock when its holder dies, so a killed pass never
    leaves a stale lock behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise LockedError(
                f"another revtrack check or watch is running on this store (pid {holder})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
