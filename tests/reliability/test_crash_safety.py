"""SIGKILL at random points of `check --all` and `watch`: nothing committed is lost or torn.

Each run kills a real revtrack process while it writes 200 changing stories, then
opens the store as revtrack does and audits it: `PRAGMA integrity_check`, every
version readable and matching its fingerprint, no check naming a missing version,
no version without its check or its change row, and every version a reader saw
committed before the kill still there unchanged. Then the next run completes.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.loopback import unused_port
from tests.reliability.support import (
    FAST_FETCH,
    ROUNDS,
    add_stories,
    audit_store,
    committed_versions,
    count_rows,
    lost_versions,
    make_home,
    news_server,
    run,
    running,
    wait_for_rows,
)

STORIES = 200
KILLS = 6


def _kill_at_random_point(
    process: subprocess.Popen[str], db: Path, rng: random.Random, checks_before: int, span: int
) -> dict[tuple[int, int], object]:
    """Let the process commit a random number of checks, then SIGKILL it mid-flight."""
    wait_for_rows(db, "checks", checks_before + rng.randint(1, span), timeout=90)
    time.sleep(rng.uniform(0, 0.05))  # land anywhere, also inside a transaction
    seen = committed_versions(db)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return dict(seen)


def _assert_intact(db: Path, seen: dict[tuple[int, int], object], *, outbox: bool = False) -> int:
    audit = audit_store(db, outbox=outbox)
    assert audit.problems == []
    assert lost_versions(seen, audit.versions) == []  # type: ignore[arg-type]
    return len(audit.versions)


@pytest.mark.parametrize("seed", ROUNDS)
def test_check_all_survives_sigkill_at_random_points(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    # A webhook nobody listens on: every change must also leave its outbox row.
    home = make_home(
        tmp_path, FAST_FETCH + f'[notify]\nwebhook = "http://127.0.0.1:{unused_port()}/"\n'
    )
    db = home / "revtrack.db"
    with news_server(STORIES) as (_server, urls):
        add_stories(home, urls)
        versions = 0
        for _ in range(KILLS):
            checks = count_rows(db, "checks")
            with running(home, "check", "--all", "--quiet") as process:
                seen = _kill_at_random_point(process, db, rng, checks, STORIES - 10)
            versions = _assert_intact(db, seen, outbox=True)
        done = run(home, "check", "--all", "--quiet")
        assert done.returncode == 0, done.stderr
        summary, webhook = done.stdout.splitlines()[-2:]
        assert summary.startswith(f"checked {STORIES}: ")
        assert "error" not in summary
        assert webhook.startswith("webhook: delivered 0, ")  # nobody listens: all kept
        assert _assert_intact(db, {}, outbox=True) == versions + STORIES
    print(f"\ncheck --all: {KILLS} SIGKILLs, {versions} versions audited, 0 lost")


@pytest.mark.parametrize("seed", ROUNDS)
def test_watch_survives_sigkill_at_random_points(tmp_path: Path, seed: int) -> None:
    rng = random.Random(1000 + seed)
    home = make_home(tmp_path)
    db = home / "revtrack.db"
    with news_server(STORIES) as (_server, urls):
        add_stories(home, urls)
        for _ in range(KILLS):
            checks = count_rows(db, "checks")
            span = max(2, (STORIES - checks) // 2)
            with running(home, "watch", "--quiet") as process:
                seen = _kill_at_random_point(process, db, rng, checks, span)
            _assert_intact(db, seen)
        # The next watch finishes the pass (every story checked once) and stops cleanly.
        with running(home, "watch", "--quiet") as process:
            deadline = time.monotonic() + 300  # a bound on waiting, never a measurement
            while _unchecked(db) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _unchecked(db) == 0
            process.send_signal(signal.SIGTERM)
            _out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert "Traceback" not in err
        versions = _assert_intact(db, {})
    print(f"\nwatch: {KILLS} SIGKILLs, {versions} versions audited, 0 lost")


def _unchecked(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return int(
            conn.execute("SELECT count(*) FROM stories WHERE last_checked_at IS NULL").fetchone()[0]
        )
    finally:
        conn.close()
