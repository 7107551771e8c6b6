"""The app closing while another process commits: a late store change reaches no screen."""

from __future__ import annotations

from pathlib import Path

from revtrack.tui.messages import StoreChanged
from tests.tui.app_support import make_app, settle


async def test_store_change_after_the_last_screen_closed_is_dropped(tmp_path: Path) -> None:
    # The poll worker can post StoreChanged just before the app exits; by the time the
    # app handles it the screen stack may be empty (textual's ScreenStackError).
    app = make_app(tmp_path / "revtrack.db")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            stack = app._screen_stack  # the live list, as during shutdown
            screens = list(stack)
            stack.clear()
            try:
                app._store_changed(StoreChanged(app.generation + 1))
            finally:
                stack.extend(screens)
            assert app.generation == 1  # taken note of, and nothing to refresh
            app._store_changed(StoreChanged(app.generation + 1))  # the normal path still works
            await settle(pilot)
            assert app.generation == 2
    finally:
        app.store.close()
