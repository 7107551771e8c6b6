"""The review queue: every change since yesterday, its diff, and the reviewer's marks.

The store is read and written through ``host.query``; its callbacks own the table, the
detail pane and the filters. A store with few changes is read whole and filtered here;
a big one is read a page at a time for the filter shown (``queue_page``), more as the
cursor nears the end, with the counts from one aggregate read (``review_tally``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from revtrack.diff import ChangeSet
from revtrack.review.queue import (
    QueueItem,
    ReviewTally,
    mark_change,
    queue_page,
    review_tally,
)
from revtrack.review.reviewer import default_reviewer
from revtrack.safe_text import single_line
from revtrack.store.reviews import Review, ReviewState
from revtrack.store.store import Store
from revtrack.tui.host import StoreHost, query, store_host
from revtrack.tui.messages import StoreChanged
from revtrack.tui.queries import change_diff
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
from revtrack.tui.widgets.review_note import NoteScreen
from revtrack.tui.widgets.review_table import Key, ReviewTable

__all__ = ["PAGE", "QueueRead", "ReviewScreen", "read_queue"]

PAGE = 200  # changes read at a time; a store with no more than this is read whole
MORE_AT = 50  # read the next page when the cursor is this close to the last change read

Filter = tuple[ReviewState | None, str | None]  # (state, label); None: any


@dataclass(frozen=True, slots=True)
class QueueRead:
    """Changes newest first: every one (``whole``), or the first of those ``filter`` keeps."""

    items: list[QueueItem]
    whole: bool
    filter: Filter
    complete: bool  # every change the filter keeps is in ``items``


def read_queue(store: Store, wanted: Filter, size: int, total: int | None = None) -> QueueRead:
    """Every change when there are no more than ``PAGE``; else the first ``size`` (at
    least ``PAGE``) of those ``wanted`` keeps. ``total``: how many changes there are,
    when the tally says (else a first read finds out)."""
    if total is None or total <= PAGE:
        everything = queue_page(store, limit=PAGE + 1)
        if len(everything) <= PAGE:
            return QueueRead(everything, True, (None, None), True)
    size = max(size, PAGE)
    items = queue_page(store, state=wanted[0], label=wanted[1], limit=size)
    return QueueRead(items, False, wanted, len(items) < size)


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
        self.items: list[QueueItem] = []  # the changes read; the table holds those that match
        self.whole = False  # ``items`` is every change: filters need no read
        self.items_filter: Filter = (None, None)  # what ``items`` was read for (not whole)
        self.complete = False  # ``items`` holds every change its filter keeps
        self.label: str | None = None
        self.state: ReviewState | None = ReviewState.UNREVIEWED
        self.loaded = False  # the first read arrived
        self.diff_key: Key | None = None  # the change whose diff was asked for
        self.diff_ready = False  # the diff of ``diff_key`` is on screen
        self.marks = 0  # marks applied to ``items``: a read begun before one is stale
        self.loaded_generation = -1  # the app's store generation the last read began at
        self.reviewer = default_reviewer()
        self.tally: ReviewTally | None = None

    @property
    def host(self) -> StoreHost:
        return store_host(self)

    @property
    def table(self) -> ReviewTable:
        return self.query_one("#review-queue", ReviewTable)

    @property
    def shown(self) -> list[QueueItem]:
        return self.table.items

    @property
    def filter(self) -> Filter:
        return (self.state, self.label)

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
        if self.tally is not None:
            self._show_counts(self.tally)
        self._show_filters()

    def on_screen_resume(self) -> None:
        if self.loaded and self.loaded_generation != self.host.generation:
            self.load_queue()  # another process wrote while a screen was on top of this one

    # -- reads and writes -----------------------------------------------------

    def load_queue(self) -> None:
        """Read the queue again (as many changes as are read now), then the counts."""
        marks, self.loaded_generation = self.marks, self.host.generation
        wanted = self.filter
        size = len(self.items) if self._filtered_here() else 0
        known = self.host.known_tally()
        total = None if known is None else known.total()
        query(self, lambda store: read_queue(store, wanted, size, total),
              lambda read: self._queue_loaded(read, marks), self._failed("the review queue"),
              group="review-load")  # fmt: skip

    def load_more(self) -> None:
        """The next page of the filter shown, after the last change read."""
        wanted, after = self.items_filter, self.items[-1]
        query(self, lambda store: queue_page(store, state=wanted[0], label=wanted[1],
                                             after=after, limit=PAGE),
              lambda page: self._more_loaded(wanted, after, page),
              self._failed("the review queue"), group="review-more")  # fmt: skip

    def load_counts(self) -> None:
        token = self.host.tally_token()
        query(self, review_tally, lambda tally: self._tally_read(tally, token),
              self._failed("the review counts"), group="review-counts")  # fmt: skip

    def _tally_read(self, tally: ReviewTally, token: tuple[int, int]) -> None:
        if self.host.keep_tally(tally, token):
            self._show_counts(tally)
        else:
            self.load_counts()  # a mark or a commit came meanwhile: it may lack it

    def load_diff(self, key: Key, base_seq: int) -> None:
        query(self, lambda store: change_diff(store, key[0], base_seq, key[1]),
              lambda changes: self._change_diffed(key, changes), self._failed("the diff"),
              group="review-diff")  # fmt: skip

    def store_mark(self, key: Key, state: ReviewState | None, note: str | None) -> None:
        reviewer, at = self.reviewer, self.host.now()
        query(self, lambda store: mark_change(store, key[0], key[1], state=state, note=note,
                                              reviewer=reviewer, at=at),
              lambda review: self._change_marked(key, review), self._failed("the mark"),
              group="review-mark", write=True)  # fmt: skip

    # -- results and messages -------------------------------------------------

    def _queue_loaded(self, read: QueueRead, marks: int) -> None:
        if marks != self.marks:
            self.load_queue()  # read before a mark landed: it would bring the item back
            return
        self.loaded = True
        self.items, self.whole = read.items, read.whole
        self.items_filter, self.complete = read.filter, read.complete
        self.refill()
        tally = self.host.known_tally()
        if tally is None:
            self.load_counts()
        else:
            self._show_counts(tally)

    def _more_loaded(self, wanted: Filter, after: QueueItem, page: list[QueueItem]) -> None:
        if wanted != self.items_filter or not self.items or self.items[-1] is not after:
            return  # the queue was read again meanwhile
        self.items += page
        self.complete = len(page) < PAGE
        if wanted == self.filter:
            self.table.extend([item for item in page if matches(item, self.label, self.state)])
            self._show_filters()

    def _change_marked(self, key: Key, review: Review) -> None:
        """The mark is stored: the item, its row and the counts change here (no read)."""
        self.marks += 1
        index = next((i for i, item in enumerate(self.items) if item.key == key), None)
        if index is None:  # not among the changes read (cannot happen): count them again
            self.host.tally_marked((), ReviewState.UNREVIEWED, ReviewState.UNREVIEWED)
            self.load_counts()
            return
        before = self.items[index]
        item = dataclasses.replace(before, review=review)
        self.items[index] = item
        moved = self.host.tally_marked(item.change.labels, before.review.state, review.state)
        if moved is not None:
            self._show_counts(moved)
        else:
            self.load_counts()
        if self._filtered_here():
            self.table.replace(item, keep=matches(item, self.label, self.state))
            self._show_filters()
            self._more_if_near_the_end()
            self._show_selected()

    def _show_counts(self, tally: ReviewTally) -> None:
        self.tally = tally
        line = counts_content(tally.counts(), self.app.size.width - 2)  # less the padding
        self.query_one("#review-counts", Static).update(line)
        self._show_filters()

    async def _change_diffed(self, key: Key, changes: ChangeSet) -> None:
        if key != self.diff_key:
            return  # the cursor moved on
        await self.query_one(ReviewDetail).show_diff(changes)
        self.diff_ready = True

    def _failed(self, what: str) -> Callable[[str], None]:
        def show(error: str) -> None:
            self.notify(single_line(error), title=f"Could not load {what}", severity="error",
                        markup=False)  # fmt: skip

        return show

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        message.stop()
        self.load_queue()

    @on(DataTable.RowHighlighted, "#review-queue")
    def _row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        self._more_if_near_the_end()
        self._show_selected()

    def _more_if_near_the_end(self) -> None:
        """Draw the next rows read, and read the next page, as the cursor nears the end."""
        self.table.draw_more()
        near_end = self.table.cursor_row >= len(self.table.items) - MORE_AT
        if near_end and not self.whole and not self.complete and self.items:
            self.load_more()

    @on(DataTable.RowSelected, "#review-queue")
    def _row_selected(self, message: DataTable.RowSelected) -> None:
        self.action_open_story()

    # -- drawing ------------------------------------------------------------

    def _filtered_here(self) -> bool:
        """Whether the changes read are the ones to filter for what is shown."""
        return self.whole or self.items_filter == self.filter

    def refill(self) -> None:
        """Redraw the queue; the cursor stays on its change, or at its place if it left.

        A big queue whose filter changed is read again first (the table waits for it)."""
        if not self._filtered_here():
            self._show_filters()
            self.load_queue()
            return
        shown = [item for item in self.items if matches(item, self.label, self.state)]
        self.table.show(shown, self.host.now())
        self._show_filters()
        self._show_selected()

    def _show_filters(self) -> None:
        count: int | None = len(self.shown)
        if not self._filtered_here():
            count = None  # being read
        elif not self.whole and self.tally is not None:
            count = self.tally.total(self.state, self.label)
        line = filters_content(self.label, self.state, count, self.app.size.width - 2)
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
