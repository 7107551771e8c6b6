"""The stories screen: every tracked story, sortable, filterable and searchable."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Static

from revtrack.review import ReviewCounts
from revtrack.tui.messages import LabelsComputed, LoadFailed, StoreChanged, StoriesLoaded
from revtrack.tui.queries import StoreTotals, StoryRow
from revtrack.tui.screens.stories_load import StoriesLoader
from revtrack.tui.stories_model import (
    LABEL_CHOICES,
    Column,
    StoriesView,
    columns_for,
    row_cells,
    summary_content,
)
from revtrack.tui.widgets.footer import KeyFooter
from revtrack.tui.widgets.review_messages import ReviewCountsLoaded
from revtrack.tui.widgets.tables import fit_column, fit_labels, show_columns

PAGE = 60


class StoriesScreen(StoriesLoader):
    """Default screen: the table of stories."""

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
        self._totals = StoreTotals(0, 0, 0)
        self._review = ReviewCounts()
        self._pending: set[int] = set()
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

    def reload(self) -> None:
        """Read the stories again (in a worker), remembering which store generation."""
        self.loaded_generation = getattr(self.app, "generation", 0)
        self.load_stories()
        self.load_review_counts()

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

    def on_screen_suspend(self) -> None:
        """Another screen is on top: stop labelling rows, free the store for it."""
        self.workers.cancel_group(self, "labels")
        self._pending = set()

    def on_screen_resume(self) -> None:
        if self.loaded_generation != getattr(self.app, "generation", 0):
            self.reload()
            return
        self.load_review_counts()  # marks made on the review screen
        if self.shown:
            self.request_labels()

    # -- messages -----------------------------------------------------------

    @on(StoriesLoaded)
    def _stories_loaded(self, message: StoriesLoaded) -> None:
        changed = self.view.set_rows(message.rows)
        self._totals = message.totals
        self._pending -= changed
        self.refill()
        self.request_labels()

    @on(LabelsComputed)
    def _labels_computed(self, message: LabelsComputed) -> None:
        self.view.labels.update(message.labels)
        table = self.table
        if self.view.label is not None:
            self.refill()
        else:
            for story_id, labels in message.labels.items():
                key = str(story_id)
                if key in table.rows:
                    table.update_cell(key, "labels", fit_labels(labels, self._labels_width()))
        self._show_summary()

    @on(ReviewCountsLoaded)
    def _review_counts_loaded(self, message: ReviewCountsLoaded) -> None:
        self._review = message.counts
        self._show_summary()

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        self.reload()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.notify(
            message.error, title=f"Could not load {message.what}", severity="error", markup=False
        )

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        table = self.table
        if table.cursor_row >= table.row_count - PAGE // 4 and table.row_count < len(self.shown):
            self._draw_more(table.row_count + PAGE)
            self._show_summary()
        key = message.row_key.value
        if key is not None and int(key) not in self.view.labels:
            self.request_labels()

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
        self._draw_more(index + max(PAGE, 2 * self.size.height))
        if current is not None and str(current) in table.rows:
            table.move_cursor(row=table.get_row_index(str(current)), animate=False)
        self._show_summary()

    def _draw_more(self, upto: int) -> None:
        table = self.table
        now = self.host.now()
        for row in self.shown[table.row_count : upto]:
            cells = row_cells(row, self.columns, self.view.labels.get(row.id), now)
            table.add_row(*cells, key=str(row.id))

    def _labels_width(self) -> int:
        return next((width for key, _, width in self.columns if key == "labels"), 19)

    def _show_summary(self) -> None:
        summary = summary_content(self._totals, self._review)
        self.query_one("#summary", Static).update(summary)
        line = self.view.describe(len(self.table.rows), len(self.shown))
        self.query_one("#filters", Static).update(line)

    def request_labels(self) -> None:
        """Compute labels for rows around the cursor (or all, when filtering by label)."""
        table = self.table
        visible = self.shown if self.view.label is None else self.view.filtered_all()
        if self.view.label is None:
            top = max(0, min(int(table.scroll_offset.y), table.cursor_row) - 5)
            visible = visible[top : top + max(table.size.height, 40) + 10]
        wanted = [r.id for r in visible if r.id not in self.view.labels]
        if wanted and not set(wanted) <= self._pending:
            self._pending = set(wanted)
            self.compute_labels(wanted)

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
        self.request_labels()

    def action_clear_filters(self) -> None:
        self.view.site = self.view.label = None
        self.action_cancel_search()
        self.refill()

    def action_reload(self) -> None:
        self.reload()
