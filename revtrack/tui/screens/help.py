"""The help screen: every key of the screen below it and of the app."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

_EXTRA = (
    ("ctrl+p", "Command palette: every action by name"),
    ("up/down, pgup/pgdn", "Move the cursor"),
)


def _key_rows(owner: object) -> list[tuple[str, str]]:
    rows = []
    for item in getattr(owner, "BINDINGS", []):
        if isinstance(item, Binding) and item.description:
            key = item.key_display or item.key.replace("question_mark", "?").replace("slash", "/")
            rows.append((key, item.tooltip or item.description))
    return rows


class HelpScreen(ModalScreen[None]):
    """Keys of ``below`` (the screen help was opened on) and the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close", id="close"),
        Binding("question_mark", "dismiss", "Close", show=False, id="close2"),
        Binding("q", "dismiss", "Close", show=False, id="close3"),
    ]

    def __init__(self, below: Screen[object]) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text(f"Keys — {type(self.below).__name__.removesuffix('Screen')}",
                              style="bold"), id="help-title")  # fmt: skip
            table: DataTable[Text] = DataTable(
                id="help-keys", cursor_type="none", show_cursor=False
            )
            table.add_columns("Key", "Action")
            for key, text in [*_key_rows(self.below), *_key_rows(self.app), *_EXTRA]:
                table.add_row(Text(key, style="bold"), Text(text))
            yield table
            yield Static(Text("escape closes this help", style="dim"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
