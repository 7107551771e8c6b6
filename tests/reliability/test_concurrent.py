"""Everything at once on one store: `watch` running, the TUI open (headless) marking
reviews, and `check URL` and `review mark` invoked over and over from other processes.

Zero "database is locked" errors may reach anyone, every command must succeed, every
review mark must be in the record, and the store must audit clean afterwards.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from revtrack.clock import utcnow
from revtrack.review import ReviewState
from revtrack.store.rows import StoryUpdate
from revtrack.store.store import Store
from revtrack.tui.app import make_app
from revtrack.tui.screens.review import ReviewScreen
from tests.reliability.support import (
    ROUNDS,
    add_stories,
    audit_store,
    make_home,
    news_server,
    revtrack_env,
    run,
    running,
    wait_for_rows,
)
from tests.tui.app_support import settle

STORIES = 20
HAMMER_ROUNDS = 8


async def _revtrack(home: Path, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "revtrack", *args, env=revtrack_env(home),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await process.communicate()
    finally:
        if process.returncode is None:  # cancelled: leave no process behind
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def _hammer(home: Path, urls: list[str], results: list[tuple[str, int, str]]) -> None:
    """Checks of single stories and review marks, two at a time, for HAMMER_ROUNDS rounds."""
    for i in range(HAMMER_ROUNDS):
        url = urls[i % len(urls)]
        check, mark = await asyncio.gather(
            _revtrack(home, "check", url),
            _revtrack(home, "review", "mark", urls[i], "2", "flagged", "--note", f"round {i}"),
        )
        results.append(("check", check[0], check[2]))
        results.append(("mark", mark[0], mark[2]))


@pytest.mark.parametrize("round_", ROUNDS)
async def test_watch_tui_check_and_review_mark_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, round_: int
) -> None:
    monkeypatch.setenv("REVTRACK_REVIEWER", "tui")
    home = make_home(tmp_path)
    db = home / "revtrack.db"
    with news_server(STORIES) as (_server, urls):
        add_stories(home, urls)
        for _ in range(2):  # two versions each: every story has a change to review
            assert run(home, "check", "--all", "--quiet").returncode == 0
        # Every story due again every few seconds, so watch keeps writing throughout.
        with Store.open(db) as store, store.transaction():
            for story in store.stories():
                store.update_story(story.id, StoryUpdate(every_s=3, next_check_at=utcnow()))
        with running(home, "watch") as watcher:
            assert wait_for_rows(db, "checks", 2 * STORIES + 5) >= 2 * STORIES + 5
            results: list[tuple[str, int, str]] = []
            app = make_app(db, refresh_every=0.2)
            tui_marks = 0
            try:
                async with app.run_test(size=(120, 36)) as pilot:
                    await settle(pilot)
                    await pilot.press("R")
                    await settle(pilot)
                    assert isinstance(app.screen, ReviewScreen)
                    hammer = asyncio.create_task(_hammer(home, urls, results))
                    try:
                        while not hammer.done():
                            await pilot.press("r")  # mark the selected change reviewed
                            tui_marks += 1
                            await settle(pilot, rounds=2)
                            await asyncio.sleep(0.1)
                    finally:
                        if not hammer.done():
                            hammer.cancel()
                        await asyncio.gather(hammer, return_exceptions=True)
                    await hammer
                    await settle(pilot)
                    counts = app.screen.query_one("#review-counts").render()
            finally:
                app.store.close()
            watcher.send_signal(signal.SIGTERM)
            _out, watch_err = watcher.communicate(timeout=60)
    assert watcher.returncode == 0, watch_err
    errors = [err for _, _, err in results] + [watch_err]
    assert not [e for e in errors if "locked" in e or "Traceback" in e]
    assert [(what, code) for what, code, _ in results if code != 0] == []
    with Store.open(db) as store:
        marks = [m for s in store.stories() for m in store.review_log(s.id)]
        flagged = [m for m in marks if m.reviewer != "tui"]
        assert len(flagged) == HAMMER_ROUNDS
        assert all(m.state is ReviewState.FLAGGED for m in flagged)
        assert 0 < len([m for m in marks if m.reviewer == "tui"]) <= tui_marks
        watched = store.conn.execute("SELECT count(*) FROM checks").fetchone()[0]
    assert watched > 3 * STORIES  # watch kept checking all along
    audit = audit_store(db)
    assert audit.problems == []
    print(f"\nconcurrent: {len(results)} commands, {tui_marks} TUI marks, counts: {counts}")
