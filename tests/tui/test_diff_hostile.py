"""Hostile article text walks through the diff, version and checks screens literally."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from revtrack.article import Article
from revtrack.tui.screens.checks import ChecksScreen
from revtrack.tui.screens.diff import DiffScreen
from revtrack.tui.screens.version import VersionScreen
from revtrack.tui.widgets.article_view import ArticleView
from revtrack.tui.widgets.diff_header import DiffHeader
from revtrack.tui.widgets.diff_view import DiffView
from revtrack.tui.widgets.raw_view import RawView
from tests.tui.test_diff_fixtures import (
    FILLER,
    HOSTILE,
    HOSTILE_SHOWN,
    NOW,
    HostApp,
    article,
    make_store,
    plain,
    settle,
)


def hostile_versions() -> list[Article]:
    return [
        article("Calm headline", ["Calm body.", *FILLER], dek="[b]dek"),
        article(HOSTILE, [f"Body {HOSTILE}", *FILLER], dek=HOSTILE, corrections=(HOSTILE,)),
    ]


def screen_text(app: HostApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_hostile_text_is_literal_everywhere(tmp_path: Path) -> None:
    store, story_id = make_store(tmp_path, hostile_versions())
    with store.transaction():
        store.add_check(story_id, at=NOW, outcome="error", detail=HOSTILE)
    app = HostApp(store)
    async with app.run_test(size=(160, 40)) as pilot:
        await app.push_screen(DiffScreen(story_id, 1, 2))
        await settle(app, pilot)
        assert HOSTILE_SHOWN in plain(app.screen.query_one(DiffHeader))
        rows = [plain(child) for child in app.screen.query_one(DiffView).children]
        assert any(HOSTILE_SHOWN in row for row in rows)
        assert "\x1b" not in "".join(rows)
        assert "[@click=app.quit]now[/]" in screen_text(app)
        await pilot.press("s", "n", "n", "n")
        await settle(app, pilot)
        assert "[@click=app.quit]now[/]" in screen_text(app)
        await pilot.click(DiffView, offset=(30, 2))  # a click on hostile text runs nothing
        await pilot.pause()
        assert app.is_running

        await app.push_screen(VersionScreen(story_id, 2))
        await settle(app, pilot)
        shown = [plain(child) for child in app.screen.query_one(ArticleView).children]
        assert shown[0] == HOSTILE_SHOWN
        assert sum(HOSTILE_SHOWN in text for text in shown) >= 4
        await pilot.press("r")
        await settle(app, pilot)
        raw = app.screen.query_one(RawView)
        assert any("[$accent]x" in raw.text_at(y) for y in range(len(raw.lines)))
        assert all("\x1b" not in raw.text_at(y) for y in range(len(raw.lines)))

        await app.push_screen(ChecksScreen(story_id))
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.get_row_at(0)[5].plain == HOSTILE_SHOWN
        assert "Mayor [/] resigns" in screen_text(app)
        assert app.is_running
