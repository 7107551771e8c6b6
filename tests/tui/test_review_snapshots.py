"""SVG snapshots of the review queue (fixed theme, clock, size and reviewer)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.app_support import settle
from tests.tui.test_review_screen import review_app

Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVTRACK_REVIEWER", "ana")


async def _queue(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def _marked(pilot: Pilot[Any]) -> None:
    """Flag the newest change with a note, review the next, then show every state."""
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    await pilot.press("v", "v", "v")  # flagged, reviewed, all
    await pilot.press("n")
    await pilot.pause()
    await pilot.press(*"desk asked for the source", "enter")
    await settle(pilot)


async def _help(pilot: Pilot[Any]) -> None:
    """The longest help: descriptions wrap inside the box at 80 columns."""
    await settle(pilot)
    await pilot.press("question_mark")
    await pilot.pause()
    await settle(pilot)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
def test_review_queue(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> None:
    app = review_app(tmp_path / "s.db", hostile=True)
    assert snap_compare(app, terminal_size=size, run_before=_queue)


def test_review_help(snap_compare: Snap, tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db", hostile=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_help)


def test_review_marked(snap_compare: Snap, tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db", hostile=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_marked)
