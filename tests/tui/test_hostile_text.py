"""Hostile article text shows literally on every screen and never runs as markup."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from revtrack.tui.screens.help import HelpScreen
from revtrack.tui.screens.stories import StoriesScreen
from revtrack.tui.screens.story import StoryScreen
from tests.tui.app_support import cells, make_app, settle

SHOWN = "Mayor [/] resigns [@click=app.quit]now[/] [$accent]x red"


async def test_hostile_headline_is_literal_everywhere(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db", hostile=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = cells(app, "#stories")
        assert rows[0][0] == SHOWN + " 2"
        await pilot.click("#stories", offset=(10, 2))  # a click on the text runs no action
        await pilot.press("up")
        await pilot.press("slash", *"[/")
        await pilot.press("enter")
        assert cells(app, "#stories")[0][0] == SHOWN + " 2"
        filters = str(app.screen.query_one("#filters", Static).render())
        assert "search [/" in filters
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        title = str(app.screen.query_one("#story-title", Static).render())
        assert title == SHOWN + " 2"
        assert cells(app, "#timeline")[0][6] == SHOWN
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "d")
        await settle(pilot)
        assert type(app.screen).__name__ == "DiffScreen"
        for key in ("v", "r", "l"):
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
        assert app.is_running
        svg = app.export_screenshot()
        assert "\x1b" not in svg
