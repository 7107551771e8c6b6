"""The review queue screen: list, filter, mark, flag, note, jump, live refresh, hostile text."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Static

from revtrack.cli import cli
from revtrack.history.records import ensure_changes
from revtrack.review import ReviewState, change_items, mark_change
from revtrack.review.reviewer import default_reviewer
from revtrack.store.store import Store
from revtrack.tui.app import RevtrackApp
from revtrack.tui.screens.review import ReviewScreen
from revtrack.tui.screens.stories import StoriesScreen
from revtrack.tui.screens.story import StoryScreen
from tests.tui import test_diff_fixtures as fixtures
from tests.tui.app_support import NOW, add_story, add_version, article, cells, fixed_clock, settle

SIZE = (120, 36)
# Every kind of hostile string at once: markup close, action, variable, link, ANSI, OSC 8.
HOSTILE = (
    "Evil [/] [@click=app.quit]x[/] [$var] [link=http://x]y[/link] \x1b[31mred "
    "\x1b]8;;http://x\x07osc"
)
HOSTILE_SHOWN = "Evil [/] [@click=app.quit]x[/] [$var] [link=http://x]y[/link] red osc"
# Newest first, as change_items orders them (story id, seq) with their labels.
EXPECTED = [
    ((4, 4), ("correction",)),
    ((3, 2), ("fact", "style", "headline")),
    ((4, 3), ("fact", "silent")),
    ((4, 2), ("fact", "headline")),
    ((1, 2), ("fact", "style", "headline")),
    ((2, 3), ("fact", "headline")),
    ((2, 2), ("fact", "headline")),
]


def review_store(path: Path, *, hostile: bool = False) -> Store:
    """Three stories (fact/headline changes) and one with a silent edit and a correction."""
    store = Store.open(path)
    add_story(store, "https://a.example.com/mayor", ["Mayor speaks", "Mayor resigns"], start=8)
    add_story(store, "https://a.example.com/strike", ["Strike", "Strike kills 2", "Strike kills 3"])
    if hostile:
        add_story(store, "https://evil.example.net/x", [HOSTILE, HOSTILE + " 2"], start=3)
    else:
        add_story(store, "https://b.example.org/bus", ["Bus late", "Bus very late"], start=3)
    story, _ = store.add_story(fixtures.URL, now=NOW - timedelta(hours=6))
    fixtures.add_versions(store, story.id, fixtures.versions())
    return store


def review_app(path: Path, *, hostile: bool = False, refresh_every: float = 0) -> RevtrackApp:
    app = RevtrackApp(review_store(path, hostile=hostile), clock=fixed_clock,
                      refresh_every=refresh_every, review=True)  # fmt: skip
    app.theme = "textual-dark"
    return app


def keys(app: RevtrackApp) -> list[tuple[int, int]]:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return [item.key for item in screen.shown]


def text(app: RevtrackApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def selected(app: RevtrackApp) -> tuple[int, int] | None:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen.table.selected_key()


async def wait_for(pilot: Pilot[None], condition: object, tries: int = 400) -> None:
    for _ in range(tries):
        await settle(pilot, rounds=1)
        if condition():  # type: ignore[operator]
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never showed the change")


@pytest.fixture(autouse=True)
def reviewer(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("REVTRACK_REVIEWER", "ana")
    return "ana"


async def test_queue_lists_unreviewed_changes_newest_first(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert keys(app) == [key for key, _ in EXPECTED]
        rows = cells(app, "#review-queue")
        assert [r[3] for r in rows] == ["v4", "v2", "v3", "v2", "v2", "v3", "v2"]
        assert rows[0][:3] == ["2h ago", "news.example.com", "Strike kills 3"]
        assert rows[0][4:] == ["correction", "unreviewed", "correction added"]
        assert rows[2][4] == "fact silent"
        counts = text(app, "#review-counts")
        assert counts.startswith("7 unreviewed · 0 flagged · 0 reviewed")
        assert "correction 1 · silent 1 · fact 6 · headline 5" in counts
        assert "7 shown" in text(app, "#review-filters")
        info = text(app, "#review-info")  # the newest change is selected, with its details
        assert "v3 → v4" in info
        assert "An earlier version misstated the toll." in info
        assert "note: none" in info
        assert app.screen.diff_ready  # type: ignore[attr-defined]


async def test_label_filter_keys(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1")
        assert keys(app) == [(4, 4)]
        await pilot.press("2")
        assert keys(app) == [(4, 3)]
        assert cells(app, "#review-queue")[0][6].startswith("quote removed")
        await pilot.press("4")
        assert keys(app) == [key for key, labels in EXPECTED if "headline" in labels]
        await pilot.press("4")  # the same key again: every label
        assert len(keys(app)) == 7
        await pilot.press("3", "0")
        assert len(keys(app)) == 7


async def test_mark_reviewed_leaves_the_queue_and_is_stored(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        assert selected(app) == (4, 3)
        await pilot.press("r")
        await settle(pilot)
        review = app.store.review(4, 3)
        assert (review.state, review.reviewer, review.at) == (ReviewState.REVIEWED, "ana", NOW)
        assert [m.state for m in app.store.review_log(4, 3)] == [ReviewState.REVIEWED]
        assert (4, 3) not in keys(app)
        assert selected(app) == (4, 2)  # the next one takes its place under the cursor
        assert text(app, "#review-counts").startswith("6 unreviewed · 0 flagged · 1 reviewed")
        await pilot.press("v", "v")  # state filter: flagged, then reviewed
        assert keys(app) == [(4, 3)]
        assert cells(app, "#review-queue")[0][5] == "reviewed ✓"
        assert "reviewed ✓  by ana at 2026-03-14 12:00" in text(app, "#review-info")
        await pilot.press("u")  # back to unreviewed: leaves the reviewed view
        await settle(pilot)
        assert app.store.review(4, 3).state is ReviewState.UNREVIEWED
        assert keys(app) == []
        assert "Nothing to review here" in text(app, "#review-info")
        await pilot.press("tab")  # tab cycles too: all
        assert len(keys(app)) == 7


async def test_last_item_marked_moves_the_cursor_up(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["down"] * 6)
        assert selected(app) == (2, 2)
        await pilot.press("r")
        await settle(pilot)
        assert selected(app) == (2, 3)
        assert len(keys(app)) == 6


async def test_flag_toggles(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert app.store.review(4, 4).state is ReviewState.FLAGGED
        assert (4, 4) not in keys(app)
        assert text(app, "#review-counts").startswith("6 unreviewed · 1 flagged")
        await pilot.press("v")  # flagged
        assert keys(app) == [(4, 4)]
        assert cells(app, "#review-queue")[0][5] == "flagged ⚑"
        await pilot.press("f")  # again: unflagged
        await settle(pilot)
        assert app.store.review(4, 4).state is ReviewState.UNREVIEWED
        assert keys(app) == []
        states = [m.state for m in app.store.review_log(4, 4)]
        assert states == [ReviewState.FLAGGED, ReviewState.UNREVIEWED]


async def test_note_is_saved_on_enter_and_dropped_on_escape(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"toll checked")
        await pilot.press("enter")
        await settle(pilot)
        review = app.store.review(4, 4)
        assert (review.note, review.state, review.reviewer) == (
            "toll checked", ReviewState.UNREVIEWED, "ana")  # fmt: skip
        assert keys(app)[0] == (4, 4)  # a note alone keeps the change in the queue
        assert "note: toll checked" in text(app, "#review-info")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*" and more", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.store.review(4, 4).note == "toll checked"
        assert len(app.store.review_log(4, 4)) == 1


async def test_enter_and_s_open_the_story(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        assert app.screen.story_id == 3
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert selected(app) == (3, 2)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        assert app.screen.story_id == 3
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # the review screen sits over the stories screen
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)


async def test_marks_from_another_process_show_after_live_refresh(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    app = review_app(path, refresh_every=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with Store.open(path) as other:
            mark_change(other, 4, 4, state=ReviewState.FLAGGED, note="ask the desk",
                        reviewer="bo", at=NOW)  # fmt: skip
        await wait_for(pilot, lambda: (4, 4) not in keys(app))
        assert text(app, "#review-counts").startswith("6 unreviewed · 1 flagged")
        with Store.open(path) as other:  # a new version and its change, as capture keeps them
            body = ["Strikes killed 9 people overnight, officials said on Monday."]
            add_version(other, 2, article("https://a.example.com/strike", "Strike kills 9",
                                          body, 0), NOW)  # fmt: skip
        await wait_for(pilot, lambda: (2, 4) in keys(app))
        assert keys(app)[0] == (2, 4)
        assert text(app, "#review-counts").startswith("7 unreviewed · 1 flagged")
        await pilot.press("enter")  # a mark while the story screen is on top
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        with Store.open(path) as other:
            mark_change(other, 1, 2, state=ReviewState.REVIEWED, reviewer="bo", at=NOW)
        await wait_for(pilot, lambda: app.generation >= 3)
        await pilot.press("escape")
        await wait_for(pilot, lambda: (1, 2) not in keys(app))
        assert text(app, "#review-counts").startswith("6 unreviewed · 1 flagged · 1 reviewed")


async def test_stories_header_counts_and_the_way_in(tmp_path: Path) -> None:
    store = review_store(tmp_path / "s.db")
    app = RevtrackApp(store, clock=fixed_clock, refresh_every=0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        assert "7 unreviewed · 0 flagged" in text(app, "#summary")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Review queue" in titles
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Review queue" not in titles
        assert {"Reviewed", "Flag", "Unreview", "Note", "Story", "State", "Label"} <= set(titles)
        assert len(titles) == len(set(titles))
        await pilot.press("r", "f")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        assert "5 unreviewed · 1 flagged" in text(app, "#summary")


async def test_help_lists_the_review_keys(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = cells(app, "#help-keys")
        assert ["r", "Mark the change reviewed"] in rows
        assert ["1-4", "Filter by label: 1 correction, 2 silent, 3 fact, 4 headline "
                "(again: all)"] in rows  # fmt: skip
        assert ["v", "Next state filter: unreviewed, flagged, reviewed, all (also tab)"] in rows


async def test_hostile_text_is_literal(tmp_path: Path) -> None:
    app = review_app(tmp_path / "s.db", hostile=True)
    ensure_changes(app.store)
    mark_change(app.store, 3, 2, state=None, note=HOSTILE, reviewer=HOSTILE, at=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        assert selected(app) == (3, 2)
        assert cells(app, "#review-queue")[1][2] == HOSTILE_SHOWN + " 2"
        info = text(app, "#review-info")
        assert info.startswith(HOSTILE_SHOWN + " 2\n")
        assert f"note: {HOSTILE_SHOWN}" in info
        assert f"by {HOSTILE_SHOWN} at" in info
        await pilot.click("#review-queue", offset=(30, 2))  # a click on the text runs nothing
        await pilot.click("#review-info", offset=(10, 0))
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
        assert "\x1b" not in app.export_screenshot()


def test_default_reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_reviewer() == "ana"
    monkeypatch.delenv("REVTRACK_REVIEWER")
    monkeypatch.setattr("getpass.getuser", lambda: "desk")
    assert default_reviewer() == "desk"


def test_tui_review_flag_opens_the_queue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[bool] = []
    monkeypatch.setattr(RevtrackApp, "run", lambda self: opened.append(self.open_review))
    monkeypatch.setattr("revtrack.cli.on_terminal", lambda: True)
    runner = CliRunner()
    for args in (["tui", "--review"], ["tui"]):
        result = runner.invoke(cli, ["--home", str(tmp_path), *args], catch_exceptions=False)
        assert result.exit_code == 0
    assert opened == [True, False]


def test_expected_matches_the_store(tmp_path: Path) -> None:
    """The table of changes these tests rely on, read without the TUI."""
    with review_store(tmp_path / "s.db") as store:
        ensure_changes(store)
        assert [(i.key, i.change.labels) for i in change_items(store)] == EXPECTED
