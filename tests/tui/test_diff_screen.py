"""DiffScreen: inline and side by side, folds, change navigation, stepping pairs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.content import Content

from revtrack.tui.messages import StoreChanged
from revtrack.tui.screens.diff import DiffScreen
from revtrack.tui.widgets.diff_header import DiffHeader
from revtrack.tui.widgets.diff_view import DiffRow, DiffView, FoldRow, SideRow
from tests.tui.test_diff_fixtures import (
    HostApp,
    add_versions,
    make_store,
    plain,
    settle,
    versions,
)

SIZE = (120, 36)


async def open_diff(tmp_path: Path, old: int, new: int) -> tuple[HostApp, DiffScreen]:
    store, story_id = make_store(tmp_path)
    app = HostApp(store)
    return app, DiffScreen(story_id, old, new)


def texts(view: DiffView) -> list[str]:
    return [plain(child) for child in view.children]


async def test_inline_shows_fields_words_and_labels(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 1, 4)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        header = plain(app.screen.query_one(DiffHeader))
        assert "v1" in header
        assert "v4" in header
        assert "Updated 09:00" in header
        assert "fact" in header
        view = app.screen.query_one(DiffView)
        shown = texts(view)
        assert shown[0].startswith("headline: Strike kills 13")
        assert any(t.startswith("corrections:") and "misstated" in t for t in shown)
        toll = next(child for child in view.children if "1 person3 people" in plain(child))
        assert isinstance(toll, DiffRow)
        content = toll.content
        assert isinstance(content, Content)
        styles = {str(span.style) for span in content.spans}
        assert any("strike" in style and "$error-muted" in style for style in styles)
        assert any("$success-muted" in style for style in styles)
        assert any("(deleted)" in t and "We will rebuild" in t for t in shown)


async def test_moved_paragraph_is_marked(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 3, 4)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        shown = texts(app.screen.query_one(DiffView))
        assert any("(moved from ¶7)" in t and "Paragraph 6" in t for t in shown)
        assert any("(moved to ¶2)" in t for t in shown)


async def test_toggle_side_by_side(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 1, 2)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        view = app.screen.query_one(DiffView)
        assert view.query(DiffRow)
        assert not view.query(SideRow)
        await pilot.press("s")
        await settle(app, pilot)
        assert screen.side
        assert not view.query(DiffRow)
        row = next(r for r in view.query(SideRow) if "killed" in plain(r))
        old, new = (plain(child) for child in row.children)
        assert "1 person" in old
        assert "3 people" not in old
        assert "3 people" in new
        assert "side by side" in plain(app.screen.query_one(DiffHeader))
        await pilot.press("s")
        await settle(app, pilot)
        assert view.query(DiffRow)
        assert not view.query(SideRow)


async def test_folds_expand_on_enter_and_click(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 1, 2)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        view = app.screen.query_one(DiffView)
        folds = list(view.query(FoldRow))
        assert len(folds) == 1
        hidden = len(folds[0].row.texts)
        assert "unchanged paragraphs" in plain(folds[0])
        before = len(view.children)
        folds[0].focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert not view.query(FoldRow)
        assert len(view.children) == before - 1 + hidden
        assert len(view.rows) == len(view.children)

    app, screen = await open_diff(tmp_path / "b", 1, 4)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        view = app.screen.query_one(DiffView)
        fold = view.query(FoldRow).first()
        view.scroll_to_widget(fold, animate=False)
        await pilot.pause()
        count = len(view.query(FoldRow))
        assert await pilot.click(fold)
        await settle(app, pilot)
        assert len(view.query(FoldRow)) == count - 1


async def test_expanded_folds_survive_toggle(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 1, 2)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        view = app.screen.query_one(DiffView)
        view.query(FoldRow).first().focus()
        await pilot.press("enter", "s")
        await settle(app, pilot)
        assert not view.query(FoldRow)
        assert len(view.children) == len(view.rows)


async def test_next_and_previous_change(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 1, 4)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        view = app.screen.query_one(DiffView)
        changes = view.changes()
        assert len(changes) >= 6
        await pilot.press("n")
        assert app.screen.focused is changes[0]
        await pilot.press("n", "n")
        assert app.screen.focused is changes[2]
        await pilot.press("p")
        assert app.screen.focused is changes[1]
        for _ in range(len(changes) + 2):
            await pilot.press("n")
        await pilot.pause()
        last = changes[-1]
        assert app.screen.focused is last
        assert view.scroll_y > 0
        assert last.region.overlaps(view.region)  # scrolled into view


async def test_step_pairs_within_bounds(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 2, 3)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert (screen.old_seq, screen.new_seq) == (3, 4)
        header = plain(app.screen.query_one(DiffHeader))
        assert "v3" in header
        assert "v4" in header
        await pilot.press("right_square_bracket")  # no version 5: stays
        await settle(app, pilot)
        assert (screen.old_seq, screen.new_seq) == (3, 4)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(app, pilot)
        assert (screen.old_seq, screen.new_seq) == (1, 2)
        assert screen.pair is not None
        assert screen.pair.old.seq == 1
        await pilot.press("left_square_bracket")  # no version 0: stays
        await settle(app, pilot)
        assert (screen.old_seq, screen.new_seq) == (1, 2)


async def test_negative_seqs_count_from_the_end(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, -2, -1)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        assert (screen.old_seq, screen.new_seq) == (3, 4)


async def test_same_version_says_no_changes(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 2, 2)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        shown = texts(app.screen.query_one(DiffView))
        assert "No changes" in shown[0]


async def test_missing_version_shows_an_error(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 1, 99)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        error = app.screen.query_one("#diff-error")
        assert error.display
        assert "no version 99" in plain(error)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DiffScreen)


async def test_new_versions_extend_the_step_bound(tmp_path: Path) -> None:
    store, story_id = make_store(tmp_path, versions()[:3])
    app = HostApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = DiffScreen(story_id, 2, 3)
        await app.push_screen(screen)
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert (screen.old_seq, screen.new_seq) == (2, 3)
        add_versions(store, story_id, versions()[3:])
        screen.post_message(StoreChanged(1))
        for _ in range(300):  # the re-read starts once the message is handled: wait for it
            await settle(app, pilot)
            if screen.pair is not None and screen.pair.latest == 4:
                break
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert (screen.old_seq, screen.new_seq) == (3, 4)


async def test_degraded_diff_says_so(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 1, 2)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        assert screen.pair is not None
        assert "DEGRADED" not in plain(app.screen.query_one(DiffHeader))
        changes = replace(screen.pair.changes, degraded_reasons=("time budget of 10 s spent",))
        app.screen.query_one(DiffHeader).show(replace(screen.pair, changes=changes), side=False)
        await pilot.pause()
        assert "DEGRADED (coarser diff): time budget of 10 s spent" in plain(
            app.screen.query_one(DiffHeader)
        )


async def test_double_expand_is_harmless(tmp_path: Path) -> None:
    app, screen = await open_diff(tmp_path, 1, 2)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await settle(app, pilot)
        view = app.screen.query_one(DiffView)
        fold = view.query(FoldRow).first()
        fold.action_expand()
        fold.action_expand()
        await settle(app, pilot)
        assert not view.query(FoldRow)
        assert len(view.rows) == len(view.children)
        assert app.is_running
