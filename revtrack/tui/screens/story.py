"""The story screen: one story's timeline of versions, events and quiet checks."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from revtrack.history.timeline import Timeline, VersionEntry, story_timeline
from revtrack.safe_text import single_line
from revtrack.store.rows import Story, Version
from revtrack.tui.format import STATUS_STYLES, plain, stamp
from revtrack.tui.host import StoreHost, query, store_host
from revtrack.tui.messages import StoreChanged
from revtrack.tui.screens.links import open_checks, open_diff, open_version
from revtrack.tui.timeline_model import TimelineRow, previous_seq, timeline_rows
from revtrack.tui.widgets.footer import KeyFooter
from revtrack.tui.widgets.tables import fit_column, fit_labels, show_columns

Column = tuple[str, str, int]
# Every column at 120 columns and more; "detail" takes the spare width.
_COLUMNS: tuple[Column, ...] = (
    ("mark", "", 2), ("at", "Captured", 16), ("what", "What", 12),
    ("updated", "Page updated", 16), ("words", "Words", 5),
    ("labels", "Labels", 19), ("detail", "Changes / headline", 30),
)  # fmt: skip
_DROP_MEDIUM = {"updated"}  # 100-119 columns
_DROP_NARROW = {"updated", "words"}  # below 100


def columns_for(width: int) -> tuple[Column, ...]:
    """The timeline columns a terminal ``width`` columns wide shows."""
    if width >= 120:
        return _COLUMNS
    drop = _DROP_MEDIUM if width >= 100 else _DROP_NARROW
    return tuple(
        (key, label, 14 if key == "labels" else size)
        for key, label, size in _COLUMNS
        if key not in drop
    )


class StoryScreen(Screen[None]):
    """Timeline of one story; pick versions to diff, view, or mark for comparison."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back"),
        Binding("d", "diff", "Diff", tooltip="Diff the version against the one before", id="diff"),
        Binding("a", "mark_a", "Mark A", tooltip="Mark the selected version as A", id="mark_a"),
        Binding("b", "mark_b", "Mark B", tooltip="Mark the selected version as B", id="mark_b"),
        Binding("c", "compare", "Compare", tooltip="Diff versions A and B", id="compare"),
        Binding("v", "view_version", "Version", tooltip="Show the extracted article", id="version"),
        Binding("r", "view_raw", "Raw", tooltip="Show the raw HTML as captured", id="raw"),
        Binding("l", "check_log", "Checks", tooltip="Show the story's check log", id="checks"),
    ]  # fmt: skip

    def __init__(self, story_id: int) -> None:
        super().__init__()
        self.story_id = story_id
        self.story: Story | None = None
        self.versions: list[Version] = []
        self.entries: dict[int, VersionEntry] = {}
        self.mark_a: int | None = None
        self.mark_b: int | None = None
        self.loaded_generation = -1
        self.rows: list[TimelineRow] = []
        self.columns: tuple[Column, ...] = ()

    @property
    def host(self) -> StoreHost:
        return store_host(self)

    def compose(self) -> ComposeResult:
        yield Static(id="story-title")
        yield Static(id="story-meta")
        yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._set_columns(self.app.size.width)
        self.load_story()

    def on_resize(self, event: events.Resize) -> None:
        if self._set_columns(event.size.width):
            self._fill()
        fit_column(self.query_one("#timeline", DataTable), "detail", event.size.width)

    def _set_columns(self, width: int) -> bool:
        """Show the columns that suit ``width``; True if they changed (redraw the rows)."""
        columns = columns_for(width)
        if columns == self.columns:
            return False
        self.columns = columns
        show_columns(self.query_one("#timeline", DataTable), columns, "detail", width)
        return True

    def on_screen_resume(self) -> None:
        if self.loaded_generation not in (-1, self.host.generation):
            self.load_story()

    # -- the load -----------------------------------------------------------

    def load_story(self) -> None:
        """The story's timeline, read whole: versions with their stored labels, events
        and quiet checks (no diff)."""
        self.loaded_generation = self.host.generation
        story_id = self.story_id
        query(self, lambda store: story_timeline(store, story_id), self._timeline_loaded,
              self._load_failed, group="story")  # fmt: skip

    def _timeline_loaded(self, timeline: Timeline) -> None:
        self.story = timeline.story
        self.versions = [entry.version for entry in timeline.versions]
        self.entries = {entry.version.seq: entry for entry in timeline.versions}
        self._show_title(timeline.story)
        self.rows = timeline_rows(timeline)
        self._fill()

    def _load_failed(self, error: str) -> None:
        self.notify(error, title="Could not load story", severity="error", markup=False)

    def _fill(self) -> None:
        """Redraw every timeline row, keeping the cursor on its row."""
        table = self.query_one("#timeline", DataTable)
        current = self.selected_key()
        table.clear()
        for row in self.rows:
            table.add_row(*self._cells(row), key=row.key)
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current), animate=False)
        elif current is None and table.row_count:
            versions = [i for i, key in enumerate(table.rows) if str(key.value).startswith("v:")]
            table.move_cursor(row=versions[-1] if versions else table.row_count - 1, animate=False)

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        self.load_story()

    @on(DataTable.RowSelected)
    def _row_selected(self, message: DataTable.RowSelected) -> None:
        self.action_diff()

    # -- drawing ------------------------------------------------------------

    def _show_title(self, story: Story) -> None:
        title = plain(story.headline or story.url, style="bold")
        self.query_one("#story-title", Static).update(title)
        # What changes first, the URL last: a narrow terminal cuts the URL.
        retired = story.status == "live" and story.next_check_at is None
        meta = Content.from_markup(
            "[b]$status[/b] · $count versions · marks: A=$a B=$b · $site · $url",
            url=single_line(story.url), site=single_line(story.site),
            status="retired" if retired else story.status, count=str(len(self.versions)),
            a=str(self.mark_a or "-"), b=str(self.mark_b or "-"),
        )  # fmt: skip
        self.query_one("#story-meta", Static).update(meta)

    def _mark(self, row: TimelineRow) -> str:
        seq = row.version.seq if row.version else None
        return "".join(m for m, s in (("A", self.mark_a), ("B", self.mark_b)) if s == seq and seq)

    def _labels_width(self) -> int:
        return next((width for key, _, width in self.columns if key == "labels"), 19)

    def _cells(self, row: TimelineRow) -> list[Text]:
        style = "" if row.version else STATUS_STYLES.get(row.what, "italic dim")
        cells = {
            "mark": Text(self._mark(row), style="bold reverse"),
            "at": Text(stamp(row.at)),
            "what": Text(row.what, style=style),
            "updated": Text(stamp(row.updated) if row.version else ""),
            "words": Text("" if row.words is None else str(row.words), justify="right"),
            "labels": fit_labels(row.labels, self._labels_width()) if row.version else Text(),
            "detail": plain(row.detail, no_wrap=True, overflow="ellipsis"),
        }  # fmt: skip
        return [cells[key] for key, _, _ in self.columns]

    def _redraw_marks(self) -> None:
        table = self.query_one("#timeline", DataTable)
        for v in self.versions:
            key = f"v:{v.seq}"
            if key in table.rows:
                mark = "".join(m for m, s in (("A", self.mark_a), ("B", self.mark_b)) if s == v.seq)
                table.update_cell(key, "mark", Text(mark, style="bold reverse"))
        if self.story is not None:
            self._show_title(self.story)

    def selected_key(self) -> str | None:
        table = self.query_one("#timeline", DataTable)
        if not table.rows:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected_seq(self) -> int | None:
        """The version on the cursor row or, on an event row, the version before it."""
        table = self.query_one("#timeline", DataTable)
        for row in range(table.cursor_row, -1, -1):
            key = table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
            if key is not None and key.startswith("v:"):
                return int(key[2:])
        self.notify("Select a version first.", severity="warning")
        return None

    # -- actions ------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_diff(self) -> None:
        seq = self.selected_seq()
        if seq is None:
            return
        before = previous_seq(self.versions, seq)
        if before is None:
            self.notify(f"v{seq} is the first version: nothing to compare.", severity="warning")
            return
        open_diff(self.app, self.story_id, before, seq)

    def action_mark_a(self) -> None:
        self.mark_a = self.selected_seq() or self.mark_a
        self._redraw_marks()

    def action_mark_b(self) -> None:
        self.mark_b = self.selected_seq() or self.mark_b
        self._redraw_marks()

    def action_compare(self) -> None:
        if self.mark_a is None or self.mark_b is None or self.mark_a == self.mark_b:
            self.notify("Mark two different versions with a and b first.", severity="warning")
            return
        old, new = sorted((self.mark_a, self.mark_b))
        open_diff(self.app, self.story_id, old, new)

    def action_view_version(self) -> None:
        seq = self.selected_seq()
        if seq is not None:
            open_version(self.app, self.story_id, seq)

    def action_view_raw(self) -> None:
        seq = self.selected_seq()
        if seq is not None:
            open_version(self.app, self.story_id, seq, raw=True)

    def action_check_log(self) -> None:
        open_checks(self.app, self.story_id)
