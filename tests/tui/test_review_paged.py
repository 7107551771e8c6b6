"""The review queue of a big store: read a page at a time for the filter shown, with
counts from the aggregate tally (PAGE made small, so seven changes are a big store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from revtrack.tui.screens import review
from tests.tui.app_support import settle
from tests.tui.test_review_screen import EXPECTED, SIZE, keys, review_app, selected, text

NEWEST = [key for key, _ in EXPECTED]
HEADLINE = [key for key, labels in EXPECTED if "headline" in labels]


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review, "PAGE", 3)
    monkeypatch.setattr(review, "MORE_AT", 1)
    monkeypatch.setenv("REVTRACK_REVIEWER", "ana")


async def test_pages_load_as_the_cursor_nears_the_end(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, review.ReviewScreen)
        assert not screen.whole
        assert keys(app) == NEWEST[:3]
        assert "7 shown" in text(app, "#review-filters")  # counted, not read
        assert text(app, "#review-counts").startswith("7 unreviewed · 0 flagged · 0 reviewed")
        assert "correction 1 · silent 1 · fact 6 · headline 5" in text(app, "#review-counts")
        await pilot.press("down")  # two rows from the end of the page: not yet
        await settle(pilot)
        assert keys(app) == NEWEST[:3]
        await pilot.press("down")
        await settle(pilot)
        assert keys(app) == NEWEST[:6]
        await pilot.press(*["down"] * 3)
        await settle(pilot)
        assert keys(app) == NEWEST
        assert selected(app) == NEWEST[5]


async def test_filters_read_again_and_marks_count_here(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")  # correction
        await settle(pilot)
        assert keys(app) == [(4, 4)]
        assert "1 shown" in text(app, "#review-filters")
        await pilot.press("4")  # headline: a page of five
        await settle(pilot)
        assert keys(app) == HEADLINE[:3]
        assert "5 shown" in text(app, "#review-filters")
        await pilot.press("4")  # all labels again: the cursor stays on its change
        await settle(pilot)
        assert keys(app) == NEWEST[:3]
        assert selected(app) == (3, 2)
        await pilot.press("up", "r")
        await settle(pilot)
        assert app.store.review(4, 4).state == "reviewed"
        assert keys(app)[:2] == NEWEST[1:3]  # left the unreviewed queue, the rest stay
        assert selected(app) == NEWEST[1]
        await pilot.press("down")  # the next page comes as the cursor nears the end
        await settle(pilot)
        assert keys(app) == NEWEST[1:6]
        await pilot.press("down", "down", "down")
        await settle(pilot)
        assert keys(app) == NEWEST[1:]
        assert text(app, "#review-counts").startswith("6 unreviewed · 0 flagged · 1 reviewed")
        assert "6 shown" in text(app, "#review-filters")
        await pilot.press("v")  # flagged: none
        await settle(pilot)
        assert keys(app) == []
        await pilot.press("v")  # reviewed
        await settle(pilot)
        assert keys(app) == [(4, 4)]
        assert "1 shown" in text(app, "#review-filters")
