"""The check log of a story: every fetch, its outcome, status and version."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from revtrack.safe_text import strip_controls
from revtrack.store.rows import Check, CheckOutcome, Story
from revtrack.store.store import Store
from revtrack.tui.format import stamp
from revtrack.tui.host import query
from revtrack.tui.messages import StoreChanged
from revtrack.tui.widgets.diff_header import when
from revtrack.tui.widgets.diff_text import NOTE
from revtrack.tui.widgets.footer import KeyFooter
from revtrack.tui.widgets.tables import fit_column, show_columns

__all__ = ["ChecksScreen"]

Column = tuple[str, str, int]  # (key, header, width); "detail" takes the spare width
COLUMNS: tuple[Column, ...] = (
    ("time", "time", 20), ("outcome", "outcome", 12), ("http", "HTTP", 4),
    ("version", "version", 7), ("ms", "ms", 5), ("detail", "detail", 20),
)  # fmt: skip
# Below 100 columns: times without " UTC" (the header says so), no timings.
NARROW: tuple[Column, ...] = (
    ("time", "time (UTC)", 16), ("outcome", "outcome", 12), ("http", "HTTP", 4),
    ("version", "ver", 4), ("detail", "detail", 20),
)  # fmt: skip
_OUTCOME_STYLES: dict[str, str] = {
    CheckOutcome.NEW_VERSION: "bold green",
    CheckOutcome.FLIP_FLOP: "bold magenta",
    CheckOutcome.GONE: "bold red",
    CheckOutcome.ERROR: "red",
    CheckOutcome.UNCHANGED: "dim",
    CheckOutcome.NOT_MODIFIED: "dim",
    CheckOutcome.NOISE: "yellow",
}


def columns_for(width: int) -> tuple[Column, ...]:
    return COLUMNS if width >= 100 else NARROW


def one_line(detail: str) -> str:
    return " ".join(strip_controls(detail).split())


def check_row(check: Check, columns: tuple[Column, ...] = COLUMNS) -> tuple[Text, ...]:
    """One check as ``Text`` cells (the detail may quote the page: never markup)."""
    status = str(check.http_status) if check.http_status is not None else "—"
    version = f"v{check.version_seq}" if check.version_seq is not None else ""
    cells = {
        "time": Text(when(check.checked_at) if columns is COLUMNS else stamp(check.checked_at)),
        "outcome": Text(check.outcome, style=_OUTCOME_STYLES.get(check.outcome, "")),
        "http": Text(status, justify="right"),
        "version": Text(version),
        "ms": Text(str(check.elapsed_ms), justify="right"),
        "detail": Text(one_line(check.detail), no_wrap=True, overflow="ellipsis"),
    }
    return tuple(cells[key] for key, _, _ in columns)


class ChecksScreen(Screen[None]):
    DEFAULT_CSS = """
    ChecksScreen #checks-title {
        height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ChecksScreen DataTable { height: 1fr; }
    ChecksScreen #checks-detail {
        height: auto; max-height: 3; padding: 0 1; background: $panel; color: $text-muted;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="checks.back"),
    ]

    def __init__(self, story_id: int) -> None:
        super().__init__()
        self.story_id = story_id
        self.loaded = False
        self.checks: dict[str, Check] = {}
        self.columns: tuple[Column, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading check log…"), id="checks-title")
        table: DataTable[Text] = DataTable(id="checks-table", zebra_stripes=True)
        table.cursor_type = "row"
        yield table
        yield Static(id="checks-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._set_columns(self.app.size.width)
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        if self._set_columns(event.size.width):
            self._fill()
        fit_column(self.query_one(DataTable), "detail", event.size.width, minimum=12)

    def _set_columns(self, width: int) -> bool:
        """Show the columns that suit ``width``; True if they changed (redraw the rows)."""
        columns = columns_for(width)
        if columns == self.columns:
            return False
        self.columns = columns
        show_columns(self.query_one(DataTable), columns, "detail", width, minimum=12)
        return True

    def load(self) -> None:
        story_id = self.story_id

        def read(store: Store) -> tuple[Story, list[Check]]:
            return store.story(story_id), store.checks(story_id)

        query(self, read, self._loaded, self._failed, group="checks")

    @staticmethod
    def _repaint_cells(table: DataTable[Text]) -> None:
        # DataTable caches drawn cells by update count, not by width: a paint before
        # the columns were measured keeps header-wide cells. Re-setting a styling
        # reactive clears that cache once the widths are known.
        shown = table.show_cursor
        table.show_cursor = not shown
        table.show_cursor = shown

    def _loaded(self, loaded: tuple[Story, list[Check]]) -> None:
        story, checks = loaded
        self.checks = {str(check.id): check for check in reversed(checks)}  # newest first
        self._fill()
        title = Content.assemble(
            ("Check log ", "bold"),
            (strip_controls(story.headline or story.url), ""),
            (f"   {len(checks)} checks, newest first", NOTE),
        )
        self.query_one("#checks-title", Static).update(title)
        self.loaded = True

    def _fill(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for key, check in self.checks.items():
            table.add_row(*check_row(check, self.columns), key=key)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self.call_after_refresh(self._repaint_cells, table)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The whole detail of the check under the cursor (the column may cut it)."""
        check = self.checks.get(str(event.row_key.value))
        if check is not None:
            detail = one_line(check.detail) or "no detail"
            line = Content.assemble((f"{when(check.checked_at)} {check.outcome}: ", NOTE), detail)
            self.query_one("#checks-detail", Static).update(line)

    @on(StoreChanged)
    def _store_changed(self, event: StoreChanged) -> None:
        """Another process logged checks: reload (the cursor stays on its row number)."""
        event.stop()
        self.load()

    def _failed(self, error: str) -> None:
        message = Content.assemble((strip_controls(f"Cannot load: {error}"), "$text-error"))
        self.query_one("#checks-title", Static).update(message)
        self.loaded = True
