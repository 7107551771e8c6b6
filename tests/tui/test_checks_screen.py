"""ChecksScreen: the check log as a DataTable of Text cells, newest first."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable

from revtrack.tui.messages import StoreChanged
from revtrack.tui.screens.checks import ChecksScreen
from tests.tui.test_diff_fixtures import HOSTILE, HOSTILE_SHOWN, NOW, HostApp, make_store, settle


async def test_check_log_rows(tmp_path: Path) -> None:
    store, story_id = make_store(tmp_path)
    with store.transaction():
        store.add_check(story_id, at=NOW, outcome="new-version", http_status=200, version_seq=2)
        store.add_check(
            story_id, at=NOW + timedelta(minutes=5), outcome="not-modified", http_status=304
        )
        store.add_check(
            story_id, at=NOW + timedelta(minutes=9), outcome="error", detail=HOSTILE, elapsed_ms=7
        )
    app = HostApp(store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = ChecksScreen(story_id)
        await app.push_screen(screen)
        await settle(app, pilot)
        assert screen.loaded
        table: DataTable[Text] = app.screen.query_one(DataTable)
        assert table.row_count == 3
        newest = table.get_row_at(0)
        assert all(isinstance(cell, Text) for cell in newest)
        assert newest[0].plain == "2026-03-14 12:09 UTC"
        assert newest[1].plain == "error"
        assert newest[2].plain == "—"
        assert newest[5].plain == HOSTILE_SHOWN
        oldest = [cell.plain for cell in table.get_row_at(2)]
        assert oldest[1:4] == ["new-version", "200", "v2"]
        assert [cell.plain for cell in table.get_row_at(1)][1:3] == ["not-modified", "304"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ChecksScreen)


async def test_unknown_story_shows_an_error(tmp_path: Path) -> None:
    store, _ = make_store(tmp_path)
    app = HostApp(store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = ChecksScreen(999)
        await app.push_screen(screen)
        await settle(app, pilot)
        assert screen.loaded
        assert app.screen.query_one(DataTable).row_count == 0
        assert app.is_running


async def test_reloads_when_the_store_changes(tmp_path: Path) -> None:
    store, story_id = make_store(tmp_path)
    with store.transaction():
        store.add_check(story_id, at=NOW, outcome="unchanged", http_status=200)
    app = HostApp(store)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = ChecksScreen(story_id)
        await app.push_screen(screen)
        await settle(app, pilot)
        assert app.screen.query_one(DataTable).row_count == 1
        with store.transaction():
            store.add_check(story_id, at=NOW, outcome="gone", http_status=410)
        screen.post_message(StoreChanged(1))
        await settle(app, pilot)
        table: DataTable[Text] = app.screen.query_one(DataTable)
        assert table.row_count == 2
        assert table.get_row_at(0)[1].plain == "gone"
