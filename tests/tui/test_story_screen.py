"""The story screen: timeline rows and every action (diff, marks, version, raw, checks)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import DataTable, Static

from revtrack.tui.app import RevtrackApp
from revtrack.tui.screens.stories import StoriesScreen
from revtrack.tui.screens.story import StoryScreen
from tests.tui.app_support import cells, make_app, settle

SIZE = (120, 36)
MAYOR, FIRE, STRIKE = 1, 2, 3


def notes(app: App[None]) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_story(app: RevtrackApp, pilot: object, story_id: int) -> StoryScreen:
    screen = StoryScreen(story_id)
    await app.push_screen(screen)
    await settle(pilot)  # type: ignore[arg-type]
    return screen


async def test_timeline_shows_versions_labels_events_and_quiet_checks(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_story(app, pilot, STRIKE)
        rows = cells(app, "#timeline")
        assert [r[2] for r in rows] == ["v1", "v2", "v3"]
        assert rows[0][5] == "first"
        assert "fact" in rows[2][5]
        assert rows[2][6].startswith("+")
        assert "words" in rows[2][6]
        assert rows[2][3] == "2026-03-14 04:00"
        assert "Strike kills 3" in str(app.screen.query_one("#story-title", Static).render())
        await pilot.press("escape")
        await open_story(app, pilot, FIRE)
        rows = cells(app, "#timeline")
        assert [r[2] for r in rows] == ["v1", "quiet checks", "gone"]
        assert rows[1][6] == "3 noise"
        assert rows[2][6] == "HTTP 410"


async def test_diff_keys_open_the_diff_of_the_version_and_its_predecessor(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_story(app, pilot, STRIKE)
        for key in ("d", "enter"):
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert type(screen).__name__ == "DiffScreen"
            assert (screen.story_id, screen.old_seq, screen.new_seq) == (STRIKE, 2, 3)  # type: ignore[attr-defined]
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, StoryScreen)


async def test_first_version_and_event_rows_have_no_diff(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        story = await open_story(app, pilot, FIRE)
        table = story.query_one("#timeline", DataTable)
        assert str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value) == "v:1"
        await pilot.press("d")  # the cursor starts on the latest version, here the first
        assert isinstance(app.screen, StoryScreen)
        assert any("first version" in n for n in notes(app))
        await pilot.press("down", "down", "d")  # an event row stands for the version before it
        assert isinstance(app.screen, StoryScreen)
        assert sum("first version" in n for n in notes(app)) == 2


async def test_mark_a_and_b_then_compare(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        story = await open_story(app, pilot, STRIKE)
        await pilot.press("c")
        assert any("Mark two" in n for n in notes(app))
        await pilot.press("b", "up", "up", "a")
        assert (story.mark_a, story.mark_b) == (1, 3)
        assert [r[0] for r in cells(app, "#timeline")] == ["A", "", "B"]
        assert "A=1 B=3" in str(story.query_one("#story-meta", Static).render())
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "DiffScreen"
        assert (screen.old_seq, screen.new_seq) == (1, 3)  # type: ignore[attr-defined]


async def test_version_raw_and_check_log_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_story(app, pilot, STRIKE)
        for key, name, raw in (("v", "VersionScreen", False), ("r", "VersionScreen", True)):
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert type(screen).__name__ == name
            assert (screen.seq, screen.raw) == (3, raw)  # type: ignore[attr-defined]
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "ChecksScreen"
        assert app.screen.story_id == STRIKE  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)


async def test_unknown_story_is_reported_not_crashed(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_story(app, pilot, 99)
        assert isinstance(app.screen, StoryScreen)
        assert any("not tracked" in n for n in notes(app))
