"""The note editor: a small modal with one Input. Enter saves, Escape cancels."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

__all__ = ["NoteScreen"]


class NoteScreen(ModalScreen[str | None]):
    """Edit a change's note; dismisses with the new note, or None when cancelled."""

    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical {
        width: 72; max-width: 95%; height: auto; border: round $accent;
        background: $surface; padding: 0 1;
    }
    NoteScreen Static { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Note — {self.title_text}", style="bold", no_wrap=True,
                              overflow="ellipsis"))  # fmt: skip
            yield Input(self.note, placeholder="why this change matters", id="note-input")
            yield Static(Text("enter saves · escape cancels · empty clears", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
