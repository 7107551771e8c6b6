"""The review queue: every change since yesterday, its diff, and the reviewer's marks.

Workers read and write the store (holding ``store_lock``) and only post messages;
the ``@on`` handlers own the table, the detail pane and the filters.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from revtrack.review import QueueItem, ReviewCounts, ReviewState, mark_change
from revtrack.review.reviewer import default_reviewer
from revtrack.safe_text import single_line
from revtrack.tui.host import StoreHost
from revtrack.tui.messages import StoreChanged
from revtrack.tui.queries import change_diff, review_items, review_totals
from revtrack.tui.widgets.footer import KeyFooter
from revtrack.tui.widgets.review_detail import ReviewDetail
from revtrack.tui.widgets.review_format import (
    LABEL_FILTERS,
    STATE_FILTERS,
    counts_content,
    filters_content,
    matches,
)
from revtrack.tui.widgets.review_keys import REVIEW_BINDINGS
from revtrack.tui.widgets.review_messages import (
    ChangeDiffed,
    ChangeMarked,
    QueueLoaded,
    ReviewCountsLoaded,
    ReviewFailed,
)
from revtrack.tui.widgets.review_note import NoteScreen
from revtrack.tui.widgets.review_table import Key, ReviewTable

__all__ = ["ReviewScreen"]


class ReviewScreen(Screen[None]):
    """The queue of changes (top), the selected change and its diff (below)."""

    DEFAULT_CSS = """
    ReviewScreen #review-counts { height: 1; padding: 0 1; background: $boost; }
    ReviewScreen #review-filters { height: 1; padding: 0 1; }
    ReviewScreen #review-counts, ReviewScreen #review-filters {
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    ReviewScreen #review-queue { height: 40%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = list(REVIEW_BINDINGS)

    def __init__(self) -> None:
        super().__init__()
        self.items: list[QueueItem] = []  # every change; the table holds those that match
        self.label: str | None = None
        self.state: ReviewState | None = ReviewState.UNREVIEWED
        self.loaded = False  # the first QueueLoaded arrived
        self.diff_key: Key | None = None  # the change whose diff was asked for
        self.diff_ready = False  # the diff of ``diff_key`` is on screen
        self.marks = 0  # marks applied to ``items``: a read begun before one is stale
        self.loaded_generation = -1  # the app's store generation the last read began at
        self.reviewer = default_reviewer()
        self.counts: ReviewCounts | None = None

    @property
    def host(self) -> StoreHost:
        return cast(StoreHost, self.app)

    @property
    def table(self) -> ReviewTable:
        return self.query_one("#review-queue", ReviewTable)

    @property
    def shown(self) -> list[QueueItem]:
        return self.table.items

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading the review queue…"), id="review-counts")
        yield Static(id="review-filters")
        yield ReviewTable(id="review-queue")
        yield ReviewDetail()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.table.focus()
        self._show_filters()
        self.load_queue()

    def on_resize(self) -> None:
        self.table.fit(self.size.width)
        if self.counts is not None:
            self._show_counts(self.counts)
        self._show_filters()

    def on_screen_resume(self) -> None:
        if self.loaded and self.loaded_generation != getattr(self.app, "generation", 0):
            self.load_queue()  # another process wrote while a screen was on top of this one

    # -- workers ------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-load")
    def load_queue(self) -> None:
        marks, self.loaded_generation = self.marks, getattr(self.app, "generation", 0)
        try:
            with self.host.store_lock:
                items, counts = review_items(self.host.store)
        except Exception as exc:  # shown to the user, never a crash
            self.post_message(ReviewFailed("the review queue", str(exc)))
            return
        self.post_message(QueueLoaded(items, counts, marks))

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-counts")
    def load_counts(self) -> None:
        try:
            with self.host.store_lock:
                counts = review_totals(self.host.store)
        except Exception as exc:
            self.post_message(ReviewFailed("the review counts", str(exc)))
            return
        self.post_message(ReviewCountsLoaded(counts))

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-diff")
    def load_diff(self, key: Key, base_seq: int) -> None:
        try:
            with self.host.store_lock:
                changes = change_diff(self.host.store, key[0], base_seq, key[1])
        except Exception as exc:
            self.post_message(ReviewFailed("the diff", f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(ChangeDiffed(key, changes))

    @work(thread=True, exit_on_error=False, group="review-mark")  # never cancel a write
    def store_mark(self, key: Key, state: ReviewState | None, note: str | None) -> None:
        try:
            with self.host.store_lock:
                review = mark_change(self.host.store, key[0], key[1], state=state, note=note,
                                     reviewer=self.reviewer, at=self.host.now())  # fmt: skip
        except Exception as exc:
            self.post_message(ReviewFailed("the mark", str(exc)))
            return
        self.post_message(ChangeMarked(key, review))

    # -- messages -----------------------------------------------------------

    @on(QueueLoaded)
    def _queue_loaded(self, message: QueueLoaded) -> None:
        if message.marks != self.marks:
            self.load_queue()  # read before a mark landed: it would bring the item back
            return
        self.loaded = True
        self.items = message.items
        self._show_counts(message.counts)
        self.refill()

    @on(ChangeMarked)
    def _change_marked(self, message: ChangeMarked) -> None:
        self.marks += 1
        self.items = [
            dataclasses.replace(item, review=message.review) if item.key == message.key else item
            for item in self.items
        ]
        self.refill()  # a marked item leaves a queue it no longer matches
        self.load_counts()  # the list is right already; re-reading it all costs more

    @on(ReviewCountsLoaded)
    def _counts_loaded(self, message: ReviewCountsLoaded) -> None:
        self._show_counts(message.counts)

    def _show_counts(self, counts: ReviewCounts) -> None:
        self.counts = counts
        line = counts_content(counts, self.app.size.width - 2)  # less the padding
        self.query_one("#review-counts", Static).update(line)

    @on(ChangeDiffed)
    async def _change_diffed(self, message: ChangeDiffed) -> None:
        if message.key != self.diff_key:
            return  # the cursor moved on
        await self.query_one(ReviewDetail).show_diff(message.changes)
        self.diff_ready = True

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        message.stop()
        self.load_queue()

    @on(ReviewFailed)
    def _failed(self, message: ReviewFailed) -> None:
        self.notify(single_line(message.error), title=f"Could not load {message.what}",
                    severity="error", markup=False)  # fmt: skip

    @on(DataTable.RowHighlighted, "#review-queue")
    def _row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        self.table.draw_more()
        self._show_selected()

    @on(DataTable.RowSelected, "#review-queue")
    def _row_selected(self, message: DataTable.RowSelected) -> None:
        self.action_open_story()

    # -- drawing ------------------------------------------------------------

    def refill(self) -> None:
        """Redraw the queue; the cursor stays on its change, or at its place if it left."""
        shown = [item for item in self.items if matches(item, self.label, self.state)]
        self.table.show(shown, self.host.now())
        self._show_filters()
        self._show_selected()

    def _show_filters(self) -> None:
        line = filters_content(self.label, self.state, len(self.shown), self.app.size.width - 2)
        self.query_one("#review-filters", Static).update(line)

    def _show_selected(self) -> None:
        """The selected change's details now; its diff once the worker has it."""
        detail, item = self.query_one(ReviewDetail), self.selected_item()
        if item is None:
            empty = "Nothing to review here." if self.loaded else "Loading…"
            detail.show_empty(f"{empty} (v: state filter, 0-4: label filter)")
            self.diff_key, self.diff_ready = None, True
            return
        detail.show_item(item)
        if item.key != self.diff_key:
            self.diff_key, self.diff_ready = item.key, False
            self.load_diff(item.key, item.change.base_seq)

    def selected_item(self) -> QueueItem | None:
        return self.table.selected_item()

    # -- actions ------------------------------------------------------------

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_mark(self, state: str) -> None:
        item = self.selected_item()
        if item is None:
            self.app.bell()
            return
        self.store_mark(item.key, ReviewState(state), None)

    def action_flag(self) -> None:
        item = self.selected_item()
        if item is None:
            self.app.bell()
            return
        flagged = item.review.state is ReviewState.FLAGGED
        self.store_mark(item.key, ReviewState.UNREVIEWED if flagged else ReviewState.FLAGGED, None)

    def action_note(self) -> None:
        item = self.selected_item()
        if item is None:
            self.app.bell()
            return

        def save(note: str | None) -> None:
            if note is not None and note != item.review.note:
                self.store_mark(item.key, None, note)

        title = single_line(item.headline or item.url)
        self.app.push_screen(NoteScreen(title, single_line(item.review.note)), save)

    def action_open_story(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        from revtrack.tui.screens.story import StoryScreen

        self.app.push_screen(StoryScreen(item.change.story_id))

    def action_cycle_state(self) -> None:
        self.state = STATE_FILTERS[(STATE_FILTERS.index(self.state) + 1) % len(STATE_FILTERS)]
        self.refill()

    def action_label(self, number: int) -> None:
        label = LABEL_FILTERS[number - 1] if number >= 1 else None
        self.label = None if label == self.label else label
        self.refill()
