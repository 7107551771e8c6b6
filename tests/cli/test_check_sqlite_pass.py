"""`revtrack check` on SQLite is as before: one pass at a time under the file lock, no
worker, no leases (the PostgreSQL worker run is tests/workers/test_check_workers.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from revtrack.errors import LockedError
from revtrack.lock import pass_lock
from revtrack.paths import resolve_paths


def test_check_on_sqlite_takes_the_lock_and_is_no_worker(
    run: Callable[..., Result], home: Path
) -> None:
    assert run("add", "http://127.0.0.1:9/a").exit_code == 0
    lock = resolve_paths(str(home)).lock_file
    with pass_lock(lock), pytest.raises(LockedError, match="another revtrack check or watch"):
        run("check", "--all")
    done = run("check", "--all")  # the port refuses: an error, recorded
    assert done.exit_code == 0, done.output
    assert not any(line.startswith("worker ") for line in done.output.splitlines())
    assert done.output.splitlines()[-1] == "checked 1: 1 error"
