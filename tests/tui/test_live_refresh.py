"""Versions another process adds appear in the open app without a restart."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from revtrack.store.store import Store
from revtrack.tui.screens.story import StoryScreen
from tests.tui.app_support import NOW, add_story, add_version, article, cells, make_app, settle

URL = "https://a.example.com/strike"


async def wait_for(pilot: object, condition: object, tries: int = 400) -> None:
    for _ in range(tries):
        await settle(pilot, rounds=1)  # type: ignore[arg-type]
        if condition():  # type: ignore[operator]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError("the app never showed the change")


async def test_new_versions_and_stories_appear(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    app = make_app(path, refresh_every=0.05)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("down")  # cursor on "Strike kills 3"
        with Store.open(path) as other:  # a second connection: another process's writes
            body = ["Strikes killed 9 people overnight, officials said on Monday."]
            add_version(other, 3, article(URL, "Strike kills 9", body, 0), NOW)
        await wait_for(pilot, lambda: cells(app, "#stories")[0][:3] == [
            "Strike kills 9", "a.example.com", "4"])  # fmt: skip
        assert app.screen.selected_story_id() == 3  # type: ignore[attr-defined]
        # 3 changes at start, and the new version's change (computed for the header)
        await wait_for(pilot, lambda: "4 unreviewed · 0 flagged" in str(
            app.screen.query_one("#summary").render()))  # fmt: skip
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        await pilot.press("up")
        with Store.open(path) as other:
            body = ["Strikes killed 10 people overnight, officials said on Monday."]
            add_version(other, 3, article(URL, "Strike kills 10", body, 0), NOW + timedelta(1))
            add_story(other, "https://c.example.com/new", ["Brand new"], start=1)
        await wait_for(pilot, lambda: [r[2] for r in cells(app, "#timeline")][-1] == "v5")
        assert app.screen.selected_key() == "v:3"
        await pilot.press("escape")
        await wait_for(pilot, lambda: len(cells(app, "#stories")) == 4)
