"""SVG snapshots of the diff screen, inline and side by side, at 120x36 and 80x24."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from revtrack.tui.screens.diff import DiffScreen
from tests.tui.test_diff_fixtures import HostApp, make_store, settle

SnapCompare = Callable[..., bool]


def run_before(story_id: int, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await app.push_screen(DiffScreen(story_id, 1, 4))
        await settle(app, pilot)
        if keys:
            await pilot.press(*keys)
            await settle(app, pilot)

    return before


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
@pytest.mark.parametrize("keys", [(), ("s",), ("n", "n", "n")], ids=["inline", "side", "next"])
def test_diff_screen_snapshot(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int], keys: tuple[str, ...]
) -> None:
    store, story_id = make_store(tmp_path)
    app = HostApp(store)
    assert snap_compare(app, terminal_size=size, run_before=run_before(story_id, *keys))
