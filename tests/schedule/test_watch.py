"""The watch daemon as a real process: stopped mid-pass, it loses and half-writes nothing."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from revtrack.store.store import Store
from tests.loopback import LoopbackServer, Request, Response
from tests.pages import news_page

STORIES = 24
ANSWERED_AT_ONCE = 4  # requests (besides /s0) answered before the rest are held


class HeldPages:
    """Story pages where, after the first few, every request waits for `release`.

    So a pass can never finish before the test has done what it does mid-pass, however
    slow the machine is. /s0 is never held: the test checks it by name beside the watch.
    """

    def __init__(self) -> None:
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._answered = 0

    def __call__(self, request: Request) -> Response:
        if request.path != "/s0":
            with self._lock:
                self._answered += 1
                hold = self._answered > ANSWERED_AT_ONCE
            if hold:
                self.release.wait(timeout=600)  # a bound; the test or the fixture releases
        page = news_page(f"Story {request.path} edition {request.hit}", ["Para one.", "Para two."])
        return Response(200, [("Content-Type", "text/html; charset=utf-8")], page.encode())


@pytest.fixture
def pages() -> Iterator[HeldPages]:
    held = HeldPages()
    try:
        yield held
    finally:
        held.release.set()  # no server thread is left waiting


@pytest.fixture
def server(pages: HeldPages) -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        for i in range(STORIES):
            running.route(f"/s{i}", pages)
        yield running


def _revtrack(
    processes: list[subprocess.Popen[str]], home: Path, *args: str
) -> subprocess.Popen[str]:
    env = {**os.environ, "REVTRACK_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "revtrack", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    processes.append(process)
    return process


def _checks(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM checks").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_sigterm_mid_pass_commits_what_was_checked_and_exits_0(
    server: LoopbackServer,
    pages: HeldPages,
    processes: list[subprocess.Popen[str]],
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    # The timeout is only a bound: held pages must not time out while the test works.
    (home / "config.toml").write_text(
        "[fetch]\nmin_host_gap = 0\nper_host = 2\nconcurrency = 2\ntimeout = 600\n"
    )
    adding = _revtrack(processes, home, "add", *(server.url(f"/s{i}") for i in range(STORIES)))
    adding.communicate(timeout=30)
    assert adding.returncode == 0
    watcher = _revtrack(processes, home, "watch")
    db = home / "revtrack.db"
    deadline = time.monotonic() + 120  # a bound on waiting for progress, never a measurement
    while _checks(db) < ANSWERED_AT_ONCE and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _checks(db) >= ANSWERED_AT_ONCE, "watch made no progress"
    # The watch now waits on held pages: the pass cannot end before SIGTERM.

    second = _revtrack(processes, home, "check", "--all")
    out, err = second.communicate(timeout=30)
    assert second.returncode == 1
    assert "another revtrack check or watch is running" in err
    # Named stories can still be checked beside the running watch.
    named = _revtrack(processes, home, "check", server.url("/s0"))
    out, err = named.communicate(timeout=30)
    assert named.returncode == 0, err
    assert out.splitlines()[-1].startswith("checked 1: ")

    watcher.send_signal(signal.SIGTERM)
    # Once the stop is set (the signal is handled before any reply that follows it) the
    # checks in flight may finish; nothing new starts.
    pages.release.set()
    out, err = watcher.communicate(timeout=60)
    assert watcher.returncode == 0, err
    assert "stopped after 1 passes" in out
    assert "Traceback" not in err

    with Store.open(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        checked = _checks(db)
        assert ANSWERED_AT_ONCE <= checked < STORIES  # stopped mid-pass, not after it
        for story in store.stories():
            checks = store.checks(story.id)
            versions = store.versions(story.id)
            # Each version came with its check in one transaction, and reads back whole.
            assert [v.seq for v in versions] == [c.version_seq for c in checks]
            for version in versions:
                assert store.article(version).headline.startswith("Story /s")
                assert store.raw_html(version).startswith(b"<!doctype html>")

    # The next run completes the rest.
    finisher = _revtrack(processes, home, "check")
    out, err = finisher.communicate(timeout=60)
    assert finisher.returncode == 0, err
    with Store.open(db) as store:
        assert all(store.checks(story.id) for story in store.stories())
