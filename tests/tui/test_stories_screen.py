"""The stories screen: loading, sorting, filters, search, opening a story, help, palette."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from revtrack.tui.screens.help import HelpScreen
from revtrack.tui.screens.stories import PAGE, StoriesScreen
from revtrack.tui.screens.story import StoryScreen
from tests.tui.app_support import cells, make_app, settle

SIZE = (120, 36)


def headlines(app: object) -> list[str]:
    return [row[0] for row in cells(app, "#stories")]  # type: ignore[arg-type]


async def test_lists_stories_with_counts_and_labels(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        rows = cells(app, "#stories")
        assert [r[0] for r in rows] == ["Mayor resigns", "Strike kills 3", "Fire downtown"]
        mayor = rows[0]
        assert mayor[1:4] == ["a.example.com", "2", "2026-03-14 05:00"]
        assert "headline" in mayor[4]
        assert mayor[6] == "live"
        assert rows[2][4] == "first"
        assert rows[2][6] == "gone"
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "3 stories" in summary
        assert "6 versions" in summary


async def test_sort_keys_and_header_click(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")  # oldest change first
        assert headlines(app)[0] == "Fire downtown"
        screen = app.screen
        assert isinstance(screen, StoriesScreen)
        await pilot.press("s")  # next column after "last": "next"
        assert screen.view.sort == "next"
        table = screen.query_one("#stories", DataTable)
        header = DataTable.HeaderSelected(table, ColumnKey("headline"), 0, Text("Headline"))
        table.post_message(header)
        await pilot.pause()
        assert headlines(app) == ["Fire downtown", "Mayor resigns", "Strike kills 3"]


async def test_filter_by_site_and_label_then_clear(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert sorted(headlines(app)) == ["Mayor resigns", "Strike kills 3"]
        await pilot.press("f")
        assert headlines(app) == ["Fire downtown"]
        await pilot.press("x", "t")  # label filter: fact
        await settle(pilot)
        assert sorted(headlines(app)) == ["Mayor resigns", "Strike kills 3"]
        filters = str(app.screen.query_one("#filters", Static).render())
        assert "label fact" in filters
        await pilot.press("x")
        assert len(headlines(app)) == 3


async def test_search_filters_by_headline_and_url(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        search = app.screen.query_one("#search", Input)
        assert search.display
        assert search.has_focus
        await pilot.press(*"strike")
        assert headlines(app) == ["Strike kills 3"]
        search.value = "example.org"
        await pilot.pause()
        assert headlines(app) == ["Fire downtown"]
        await pilot.press("enter")
        assert app.screen.query_one("#stories", DataTable).has_focus
        await pilot.press("escape")
        assert not search.display
        assert len(headlines(app)) == 3


async def test_enter_opens_story_and_escape_returns(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        assert app.screen.story is not None
        assert app.screen.story.headline == "Strike kills 3"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)
        assert app.screen.selected_story_id() == app.screen.view.visible()[1].id


async def test_help_lists_keys_and_closes(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = [row[0] for row in cells(app, "#help-keys")]
        assert {"/", "s", "f", "t", "?", "ctrl+p"} <= set(keys)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoriesScreen)


async def test_palette_has_every_action(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Search", "Sort", "Reverse", "Site", "Label", "Clear", "Reload", "Help"} <= titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Reverse")
        await command.callback()
        await pilot.pause()
        assert headlines(app)[0] == "Fire downtown"
        await pilot.press("down", "enter")
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Diff", "Mark A", "Mark B", "Compare", "Version", "Raw", "Checks"} <= titles


async def test_reload_key(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert len(headlines(app)) == 3


async def test_long_lists_are_drawn_a_page_at_a_time(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    with app.store.transaction():
        for n in range(150):
            app.store.conn.execute(
                "INSERT INTO stories (url, site, added_at, headline) VALUES (?, ?, ?, ?)",
                (f"https://c.example.com/{n}", "c.example.com", "2026-03-01T00:00:00Z", f"S{n}"),
            )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#stories", DataTable)
        first = table.row_count
        assert PAGE <= first < 153
        assert f"153 shown (first {first}" in str(app.screen.query_one("#filters", Static).render())
        for _ in range(first):
            await pilot.press("down")
        assert first < table.row_count <= 153
        assert table.cursor_row == first
        await pilot.press("slash", *"S149", "enter")
        assert headlines(app) == ["S149"]
