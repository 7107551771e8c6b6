"""The TUI at 80x24 (issue 13): the headline gets the width, secondary columns drop out,
labels are never cut mid-word, help and quit stay in the footer, help fits, and the
diff screen says where it is."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Footer
from textual.widgets._footer import FooterKey

from revtrack.review import ReviewCounts, ReviewState
from revtrack.store.rows import StoryUpdate
from revtrack.store.views import StoryRow
from revtrack.tui.screens.checks import ChecksScreen
from revtrack.tui.screens.diff import DiffScreen
from revtrack.tui.screens.help import HelpScreen
from revtrack.tui.screens.story import StoryScreen
from revtrack.tui.stories_model import columns_for, next_word, status_word
from revtrack.tui.widgets.footer import fit_keys
from revtrack.tui.widgets.review_format import counts_content, filters_content
from revtrack.tui.widgets.tables import fit_labels
from tests.tui import test_diff_fixtures as fixtures
from tests.tui.app_support import NOW, cells, make_app, settle
from tests.tui.test_review_screen import review_app

NARROW = (80, 24)


def footer_keys(app: Any) -> list[str]:
    footer = app.screen.query_one(Footer)
    return [key.key_display for key in footer.query(FooterKey)]


def headers(app: Any, table_id: str) -> list[str]:
    table: DataTable[Any] = app.screen.query_one(table_id, DataTable)
    return [str(column.label) for column in table.columns.values()]


def row(status: str = "live", next_check: str = "") -> StoryRow:
    return StoryRow(1, "https://x.example/a", "x.example", "A", 2, "2026-03-13T12:00:00Z",
                    next_check, status)  # fmt: skip


@pytest.mark.parametrize(
    ("labels", "width", "shown"),
    [
        (("fact", "style", "headline"), 19, "fact style headline"),
        (("fact", "style", "headline"), 14, "fact style +1"),
        (("correction", "silent", "headline"), 14, "correction +2"),
        (("removed",), 5, "+1"),
        (("flip-flop", "fact"), 12, "flip-flop +1"),
        (("first",), 14, "first"),
    ],
)
def test_labels_are_cut_at_whole_labels(labels: tuple[str, ...], width: int, shown: str) -> None:
    text = fit_labels(labels, width)
    assert text.plain == shown
    assert len(text.plain) <= width


def test_retired_and_gone_stories_say_so_as_the_cli_does() -> None:
    now = NOW
    assert status_word(row()) == "retired"
    assert next_word(row(), now) == "retired"
    assert status_word(row("gone")) == "gone"
    assert next_word(row("gone"), now) == "—"
    due = (NOW - timedelta(days=337)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert status_word(row(next_check=due)) == "live"
    assert next_word(row(next_check=due), now) == "337d ago"  # never "337d ag"


def test_columns_by_width() -> None:
    assert [key for key, _, _ in columns_for(80)] == ["headline", "versions", "last", "labels"]
    assert "status" in [key for key, _, _ in columns_for(100)]
    assert len(columns_for(140)) == 7


def test_counts_line_drops_the_breakdown_when_narrow() -> None:
    counts = ReviewCounts(unreviewed=12, flagged=3, reviewed=4,
                          unreviewed_by_label=(("correction", 2), ("fact", 9)))  # fmt: skip
    wide = counts_content(counts, 120).plain
    assert "correction 2" in wide
    narrow = counts_content(counts, 78).plain
    assert narrow == "12 unreviewed · 3 flagged · 4 reviewed"


def test_filter_line_fits_at_80_columns() -> None:
    wide = filters_content(None, ReviewState.UNREVIEWED, 1234).plain
    assert wide.endswith("· state: unreviewed · 1,234 shown")
    narrow = filters_content(None, ReviewState.UNREVIEWED, 1234, 78).plain
    assert len(narrow) <= 78
    assert narrow.endswith("· unreviewed · 1,234 shown")


def test_footer_keeps_essential_keys() -> None:
    keys = [FooterKey(k, shown, d, a) for k, shown, d, a in [
        ("escape", "esc", "Back", "back"), ("d", "d", "Diff", "diff"),
        ("v", "v", "Version", "version"), ("x", "x", "A very long description", "x"),
        ("r", "r", "Raw", "raw"), ("question_mark", "?", "Help", "help"),
        ("q", "q", "Quit", "quit"),
    ]]  # fmt: skip
    # esc Back 10 + ? Help 9 + q Quit 9 = 28; d Diff 8 fits, v Version 11 does not.
    assert [k.key for k in fit_keys(keys, 40)] == ["escape", "d", "question_mark", "q"]
    assert [k.key for k in fit_keys(keys, 47)] == ["escape", "d", "v", "question_mark", "q"]
    assert [k.key for k in fit_keys(keys, 10)] == ["escape", "question_mark", "q"]


async def test_stories_at_80_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db", hostile=True)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert headers(app, "#stories") == ["Headline", "Ver", "Changed", "Labels"]
        headline = app.screen.query_one("#stories", DataTable).columns
        assert next(iter(headline.values())).width >= 40
        rows = cells(app, "#stories")
        assert rows[1][2:] == ["7h ago", "fact style +1"]
        assert footer_keys(app)[-2:] == ["?", "q"]
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        assert headers(app, "#stories")[-2:] == ["Next", "Status"]
        assert cells(app, "#stories")[1][4] == "fact style headline"
        assert "^p" in footer_keys(app)


async def test_retired_story_in_the_table(tmp_path: Path) -> None:
    app = make_app(tmp_path / "s.db")
    with app.store.transaction():
        app.store.update_story(1, StoryUpdate(next_check_at=None))  # quiet for a year: retired
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        mayor = next(r for r in cells(app, "#stories") if r[0] == "Mayor resigns")
        assert mayor[5:] == ["retired", "retired"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        meta = str(app.screen.query_one("#story-meta").render())
        assert meta.startswith("retired · 2 versions")


@pytest.mark.parametrize("opener", ["story", "checks", "review"])
async def test_every_footer_shows_help_and_quit_at_80(tmp_path: Path, opener: str) -> None:
    app = review_app(tmp_path / "s.db") if opener == "review" else make_app(tmp_path / "s.db")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        if opener == "story":
            await pilot.press("enter")
        elif opener == "checks":
            await app.push_screen(ChecksScreen(1))
        await pilot.pause()
        await settle(pilot)
        keys = footer_keys(app)
        assert keys[-2:] == ["?", "q"]
        assert keys[0] == "esc"
        await pilot.press("question_mark")
        await pilot.pause()
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        table = app.screen.query_one("#help-keys", DataTable)
        assert box.outer_size.width <= NARROW[0]
        assert table.virtual_size.width <= box.content_size.width  # no sideways scroll
        assert box.virtual_size.height <= box.content_size.height  # no scroll either


async def test_diff_footer_offers_the_other_mode(tmp_path: Path) -> None:
    store, story_id = fixtures.make_store(tmp_path)
    app = fixtures.HostApp(store)
    async with app.run_test(size=NARROW) as pilot:
        await app.push_screen(DiffScreen(story_id, 1, 4))
        await fixtures.settle(app, pilot)
        assert "Side by side" in app.screen.query_one(Footer).query(FooterKey)[1].description
        await pilot.press("s")
        await fixtures.settle(app, pilot)
        await pilot.pause(0.2)
        descriptions = [k.description for k in app.screen.query_one(Footer).query(FooterKey)]
        assert "Inline" in descriptions
        assert "Side by side" not in descriptions
        await pilot.press("s")
        await fixtures.settle(app, pilot)
        assert not app.screen.side


async def test_diff_says_first_last_change_and_pair(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, story_id = fixtures.make_store(tmp_path)
    app = fixtures.HostApp(store)
    said: list[str] = []
    async with app.run_test(size=NARROW) as pilot:
        screen = DiffScreen(story_id, 3, 4)
        monkeypatch.setattr(screen, "notify", lambda message, **_: said.append(message))
        await app.push_screen(screen)
        await fixtures.settle(app, pilot)
        await pilot.press("n")
        assert not said
        await pilot.press("p")
        assert said == ["This is the first change."]
        changes = len(screen.query_one("#diff-view").children)
        await pilot.press(*["n"] * changes)
        assert said[-1] == "This is the last change."
        await pilot.press("right_square_bracket")
        assert said[-1] == "This is the newest pair: v3 → v4."
        await pilot.press("left_square_bracket")
        await fixtures.settle(app, pilot)
        assert (screen.old_seq, screen.new_seq) == (2, 3)
