"""SVG snapshots of the stories, story and help screens at 120x36 and 80x24 (fixed theme,
clock and size)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.app_support import make_app, settle

SIZES = [(120, 36), (80, 24)]
Snap = Callable[..., bool]


async def _stories(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def _story(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("enter")  # the newest: the hostile headline (or "Mayor resigns")
    await settle(pilot)


async def _help(pilot: Pilot[Any]) -> None:
    await _story(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stories_screen(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path / "s.db", hostile=True)
    assert snap_compare(app, terminal_size=size, run_before=_stories)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_story_screen(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path / "s.db", hostile=True)
    assert snap_compare(app, terminal_size=size, run_before=_story)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path / "s.db")
    assert snap_compare(app, terminal_size=size, run_before=_help)
