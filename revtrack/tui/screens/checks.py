"""The check log of a story: every fetch, its outcome, status and version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from revtrack.store.rows import Check, CheckOutcome, Story
from revtrack.tui.host import StoreHost
from revtrack.tui.messages import StoreChanged
from revtrack.tui.widgets.diff_header import when
from revtrack.tui.widgets.diff_text import NOTE, clean

__all__ = ["ChecksFailed", "ChecksLoaded", "ChecksScreen"]

COLUMNS = ("time", "outcome", "HTTP", "version", "ms", "detail")
_OUTCOME_STYLES: dict[str, str] = {
    CheckOutcome.NEW_VERSION: "bold green",
    CheckOutcome.FLIP_FLOP: "bold magenta",
    CheckOutcome.GONE: "bold red",
    CheckOutcome.ERROR: "red",
    CheckOutcome.UNCHANGED: "dim",
    CheckOutcome.NOT_MODIFIED: "dim",
    CheckOutcome.NOISE: "yellow",
}


@dataclass
class ChecksLoaded(Message):
    story: Story
    checks: list[Check]


@dataclass
class ChecksFailed(Message):
    error: str


def check_row(check: Check) -> tuple[Text, ...]:
    """One check as ``Text`` cells (the detail may quote the page: never markup)."""
    status = str(check.http_status) if check.http_status is not None else "—"
    version = f"v{check.version_seq}" if check.version_seq is not None else ""
    return (
        Text(when(check.checked_at)),
        Text(check.outcome, style=_OUTCOME_STYLES.get(check.outcome, "")),
        Text(status, justify="right"),
        Text(version),
        Text(str(check.elapsed_ms), justify="right"),
        Text(" ".join(clean(check.detail).split())),
    )


class ChecksScreen(Screen[None]):
    DEFAULT_CSS = """
    ChecksScreen #checks-title { height: 1; padding: 0 1; background: $panel; }
    ChecksScreen DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="checks.back"),
    ]

    def __init__(self, story_id: int) -> None:
        super().__init__()
        self.story_id = story_id
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading check log…"), id="checks-title")
        table: DataTable[Text] = DataTable(id="checks-table", zebra_stripes=True)
        table.cursor_type = "row"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="checks")
    def load(self) -> None:
        host = cast(StoreHost, self.app)
        try:
            with host.store_lock:
                story = host.store.story(self.story_id)
                checks = host.store.checks(self.story_id)
        except Exception as exc:  # shown on screen
            self.post_message(ChecksFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(ChecksLoaded(story, checks))

    @staticmethod
    def _repaint_cells(table: DataTable[Text]) -> None:
        # DataTable caches drawn cells by update count, not by width: a paint before
        # the columns were measured keeps header-wide cells. Re-setting a styling
        # reactive clears that cache once the widths are known.
        shown = table.show_cursor
        table.show_cursor = not shown
        table.show_cursor = shown

    @on(ChecksLoaded)
    def _loaded(self, event: ChecksLoaded) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for check in reversed(event.checks):  # newest first
            table.add_row(*check_row(check), key=str(check.id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self.call_after_refresh(self._repaint_cells, table)
        title = Content.assemble(
            ("Check log ", "bold"),
            (clean(event.story.headline or event.story.url), ""),
            (f"   {len(event.checks)} checks, newest first", NOTE),
        )
        self.query_one("#checks-title", Static).update(title)
        self.loaded = True

    @on(StoreChanged)
    def _store_changed(self, event: StoreChanged) -> None:
        """Another process logged checks: reload (the cursor stays on its row number)."""
        event.stop()
        self.load()

    @on(ChecksFailed)
    def _failed(self, event: ChecksFailed) -> None:
        message = Content.assemble((clean(f"Cannot load: {event.error}"), "$text-error"))
        self.query_one("#checks-title", Static).update(message)
        self.loaded = True
