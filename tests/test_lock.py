"""The pass lock: one pass at a time, and work that may run beside a pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from revtrack.errors import LockedError
from revtrack.lock import pass_lock, pass_lock_if_free


def test_a_second_pass_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    lock = tmp_path / "revtrack.lock"
    refused = pytest.raises(LockedError, match=r"is running on this store \(pid \d+")
    with pass_lock(lock), refused, pass_lock(lock):
        pass  # pragma: no cover - never entered
    with pass_lock(lock):  # released when the holder is done
        pass


def test_if_free_takes_the_lock_only_when_nobody_holds_it(tmp_path: Path) -> None:
    lock = tmp_path / "sub" / "revtrack.lock"
    with pass_lock_if_free(lock) as held:
        assert held
        with pass_lock_if_free(lock) as beside:
            assert not beside
        with pytest.raises(LockedError), pass_lock(lock):
            pass  # pragma: no cover - never entered
    with pass_lock(lock):
        pass


def test_no_lock_file_means_no_lock(tmp_path: Path) -> None:
    """A PostgreSQL store has no lock file: passes run side by side, and each one does
    the duties a lock holder would (pass_lock_if_free says it holds it)."""
    with pass_lock(None), pass_lock(None), pass_lock_if_free(None) as held:
        assert held
    assert list(tmp_path.iterdir()) == []
