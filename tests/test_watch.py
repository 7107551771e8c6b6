"""The watch daemon as a real process: stopped mid-pass, it loses and half-writes nothing."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from revtrack.store.store import Store
from tests.loopback import LoopbackServer, Request, Response
from tests.pages import news_page

STORIES = 24


def slow_page(request: Request) -> Response:
    page = news_page(f"Story {request.path} edition {request.hit}", ["Para one.", "Para two."])
    return Response(200, [("Content-Type", "text/html; charset=utf-8")], page.encode(), delay=0.5)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        for i in range(STORIES):
            running.route(f"/s{i}", slow_page)
        yield running


def _revtrack(home: Path, *args: str, **kw: object) -> subprocess.Popen[str]:
    env = {**os.environ, "REVTRACK_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "revtrack", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def _checks(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM checks").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_sigterm_mid_pass_commits_what_was_checked_and_exits_0(
    server: LoopbackServer, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("[fetch]\nmin_host_gap = 0\nper_host = 2\nconcurrency = 2\n")
    adding = _revtrack(home, "add", *(server.url(f"/s{i}") for i in range(STORIES)))
    adding.communicate(timeout=30)
    assert adding.returncode == 0
    watcher = _revtrack(home, "watch")
    db = home / "revtrack.db"
    deadline = time.monotonic() + 30
    while _checks(db) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _checks(db) >= 4, "watch made no progress"

    second = _revtrack(home, "check", "--all")
    out, err = second.communicate(timeout=30)
    assert second.returncode == 1
    assert "another revtrack check or watch is running" in err
    # Named stories can still be checked beside the running watch.
    named = _revtrack(home, "check", server.url("/s0"))
    out, err = named.communicate(timeout=30)
    assert named.returncode == 0, err
    assert out.splitlines()[-1].startswith("checked 1: ")

    watcher.send_signal(signal.SIGTERM)
    out, err = watcher.communicate(timeout=30)
    assert watcher.returncode == 0, err
    assert "stopped after 1 passes" in out
    assert "Traceback" not in err

    with Store.open(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        checked = _checks(db)
        assert 4 <= checked < STORIES  # stopped mid-pass, not after it
        for story in store.stories():
            checks = store.checks(story.id)
            versions = store.versions(story.id)
            # Each version came with its check in one transaction, and reads back whole.
            assert [v.seq for v in versions] == [c.version_seq for c in checks]
            for version in versions:
                assert store.article(version).headline.startswith("Story /s")
                assert store.raw_html(version).startswith(b"<!doctype html>")

    # The next run completes the rest.
    finisher = _revtrack(home, "check")
    out, err = finisher.communicate(timeout=60)
    assert finisher.returncode == 0, err
    with Store.open(db) as store:
        assert all(store.checks(story.id) for story in store.stories())
