"""Several `watch` processes on one PostgreSQL store: each story checked once, a killed
worker's stories picked up after its lease (issue 15)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from revtrack.clock import utcnow
from revtrack.store.open import open_store_at
from tests.loopback import LoopbackServer
from tests.workers.pages import Pages

PER_SITE = 12
LEASE_S = 3


def _wait_for(condition: object, seconds: float) -> bool:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return bool(condition())


def test_three_workers_check_each_story_once_and_survive_a_sigkill(
    pg_url: str, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    pages = Pages()
    with LoopbackServer() as server, open_store_at(pg_url) as store:
        # Two sites on one server: localhost and 127.0.0.1.
        hosts = (f"http://localhost:{server.port}", f"http://127.0.0.1:{server.port}")
        for i in range(PER_SITE):
            server.route(f"/s{i}", pages)
        for base in hosts:
            for i in range(PER_SITE):
                store.add_story(f"{base}/s{i}", now=utcnow())
        stories = store.stories()
        home = tmp_path / "home"
        home.mkdir()
        (home / "config.toml").write_text("[fetch]\nper_host = 2\nmin_host_gap = 0.05\n")
        env = {**os.environ, "REVTRACK_HOME": str(home)}
        env.pop("REVTRACK_STORE", None)
        for n in range(3):
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "revtrack",
                        "--store",
                        pg_url,
                        "watch",
                        "-q",
                        "--worker-id",
                        f"w{n}",
                        "--lease",
                        str(LEASE_S),
                    ],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )

        def checked() -> int:
            return sum(1 for s in stories if store.checks(s.id))

        # SIGKILL one worker at a random point of the run.
        at = random.randint(1, len(stories) // 2)
        _wait_for(lambda: checked() >= at, 60)
        processes[0].send_signal(signal.SIGKILL)
        assert _wait_for(lambda: checked() == len(stories), 60), "not every story was checked"
        for process in processes[1:]:
            process.send_signal(signal.SIGTERM)
        for process in processes[1:]:
            _out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
        # Each story checked exactly once (a check moves the next one a minute on at
        # least), never by two workers at once, and the per-host cap held.
        counts = [len(store.checks(s.id)) for s in stories]
        assert counts == [1] * len(stories)
        assert pages.most_per_path == 1
        assert pages.most_per_host <= 2
        assert processes[0].wait(timeout=30) == -signal.SIGKILL
        server.raise_errors()
