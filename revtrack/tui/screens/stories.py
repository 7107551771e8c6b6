"""The stories screen: every tracked story, sortable, filterable and searchable."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from revtrack.review.queue import ReviewCounts, ReviewTally, review_tally
from revtrack.store.views import StoryRow
from revtrack.tui.host import StoreHost, query, store_host
from revtrack.tui.messages import StoreChanged
from revtrack.tui.queries import StoriesRead, stories_read
from revtrack.tui.stories_model import (
    LABEL_CHOICES,
    Column,
    StoreTotals,
    StoriesView,
    columns_for,
    row_cells,
    summary_content,
)
from revtrack.tui.widgets.footer import KeyFooter
from revtrack.tui.widgets.tables import fit_column, show_columns

PAGE = 40  # rows drawn at a time (more than a screenful: the first paint draws a page)


class StoriesScreen(Screen[None]):
    """Default screen: the table of stories, each with its last change's labels."""

    # Most useful first: a narrow footer shows as many as fit, in this order.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_story", "Open", show=False, id="open"),
        Binding("slash", "search", "Search", id="search"),
        Binding("R", "app.review", "Review", tooltip="Open the review queue", id="review"),
        Binding("s", "sort", "Sort", tooltip="Sort by the next column", id="sort"),
        Binding("f", "filter_site", "Site", tooltip="Filter by the next site", id="site"),
        Binding("t", "filter_label", "Label", tooltip="Filter by the next label", id="label"),
        Binding("i", "invert", "Reverse", tooltip="Reverse the sort order", id="invert"),
        Binding("x", "clear_filters", "Clear", tooltip="Clear search and filters", id="clear"),
        Binding("g", "reload", "Reload", tooltip="Reload stories from the store", id="reload"),
        Binding("escape", "cancel_search", "Close search", show=False, id="cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = StoriesView()
        self.loaded_generation = -1
        self._totals = StoreTotals(0, 0)
        self._review = ReviewCounts()
        self.shown: list[StoryRow] = []
        self.columns: tuple[Column, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        yield Static(id="filters")
        yield Input(placeholder="search headline or URL", id="search")
        yield DataTable(id="stories", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._set_columns(self.app.size.width)
        self.table.focus()
        self._show_summary()
        self.reload()

    @property
    def host(self) -> StoreHost:
        return store_host(self)

    def reload(self) -> None:
        """Read the stories again (in a worker), remembering which store generation."""
        self.loaded_generation = self.host.generation
        query(self, stories_read, self._stories_loaded, self._failed("stories"), group="stories")

    def show_review_counts(self) -> None:
        """The review counts the app knows, or read them (after the stories: the table
        comes first)."""
        tally = self.host.known_tally()
        if tally is not None:
            self._review_counts_loaded(tally)
            return
        token = self.host.tally_token()
        query(self, review_tally, lambda tally: self._tally_read(tally, token),
              self._failed("review counts"), group="review-counts")  # fmt: skip

    def _tally_read(self, tally: ReviewTally, token: tuple[int, int]) -> None:
        if self.host.keep_tally(tally, token):
            self._review_counts_loaded(tally)
        else:
            self.show_review_counts()  # a mark or a commit came meanwhile

    def on_resize(self, event: events.Resize) -> None:
        if self._set_columns(event.size.width):
            self.refill()
        fit_column(self.table, "headline", event.size.width)

    def _set_columns(self, width: int) -> bool:
        """Show the columns that suit ``width``; True if they changed (redraw the rows)."""
        columns = columns_for(width)
        if columns == self.columns:
            return False
        self.columns = columns
        show_columns(self.table, columns, "headline", width)
        return True

    def on_screen_resume(self) -> None:
        if self.loaded_generation != self.host.generation:
            self.reload()
            return
        self.show_review_counts()  # marks made on the review screen moved them

    # -- results and messages -------------------------------------------------

    def _stories_loaded(self, read: StoriesRead) -> None:
        rows, labels = read
        self.view.set_rows(rows, labels)
        self._totals = StoreTotals(len(rows), sum(r.versions for r in rows))
        self.refill()
        self.call_after_refresh(self.show_review_counts)  # once the table is painted

    def _review_counts_loaded(self, tally: ReviewTally) -> None:
        self._review = tally.counts()
        self._show_summary()

    def _failed(self, what: str) -> Callable[[str], None]:
        def show(error: str) -> None:
            self.notify(error, title=f"Could not load {what}", severity="error", markup=False)

        return show

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        self.reload()

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        table = self.table
        if table.cursor_row >= table.row_count - PAGE // 4 and table.row_count < len(self.shown):
            self._draw_more(table.row_count + PAGE)
            self._show_summary()

    @on(DataTable.RowSelected)
    def _row_selected(self, message: DataTable.RowSelected) -> None:
        self.action_open_story()

    @on(DataTable.HeaderSelected)
    def _header_selected(self, message: DataTable.HeaderSelected) -> None:
        self.view.sort_by(str(message.column_key.value))
        self.refill()

    @on(Input.Changed, "#search")
    def _search_changed(self, message: Input.Changed) -> None:
        self.view.query = message.value
        self.refill()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, message: Input.Submitted) -> None:
        self.table.focus()

    # -- drawing ------------------------------------------------------------

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#stories", DataTable)

    def refill(self) -> None:
        """Redraw the table from the view, keeping the cursor on the same story.

        DataTable measures every cell it is given (about 1 ms a row), so it holds the
        first PAGE rows and grows by PAGE as the cursor nears its end.
        """
        table = self.table
        current = self.selected_story_id()
        self.shown = self.view.visible()
        index = next((i for i, r in enumerate(self.shown) if r.id == current), 0)
        table.clear()
        self._draw_more(index + max(PAGE, self.size.height + PAGE // 4))
        if current is not None and str(current) in table.rows:
            table.move_cursor(row=table.get_row_index(str(current)), animate=False)
        self._show_summary()

    def _draw_more(self, upto: int) -> None:
        table = self.table
        now = self.host.now()
        for row in self.shown[table.row_count : upto]:
            cells = row_cells(row, self.columns, self.view.labels.get(row.id), now)
            table.add_row(*cells, key=str(row.id))

    def _show_summary(self) -> None:
        summary = summary_content(self._totals, self._review)
        self.query_one("#summary", Static).update(summary)
        line = self.view.describe(len(self.table.rows), len(self.shown))
        self.query_one("#filters", Static).update(line)

    def selected_story_id(self) -> int | None:
        table = self.table
        if not table.rows or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    # -- actions ------------------------------------------------------------

    def action_open_story(self) -> None:
        story_id = self.selected_story_id()
        if story_id is None:
            return
        from revtrack.tui.screens.story import StoryScreen

        self.app.push_screen(StoryScreen(story_id))

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    def action_cancel_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.table.focus()

    def action_sort(self) -> None:
        self.view.next_sort()
        self.refill()

    def action_invert(self) -> None:
        self.view.reverse = not self.view.reverse
        self.refill()

    def action_filter_site(self) -> None:
        self.view.next_site()
        self.refill()

    def action_filter_label(self) -> None:
        self.view.label = LABEL_CHOICES[
            (LABEL_CHOICES.index(self.view.label) + 1) % len(LABEL_CHOICES)
        ]
        self.refill()

    def action_clear_filters(self) -> None:
        self.view.site = self.view.label = None
        self.action_cancel_search()
        self.refill()

    def action_reload(self) -> None:
        self.reload()
