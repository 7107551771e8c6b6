"""The help screen: every key of the screen below it and of the app."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

_EXTRA = (
    ("ctrl+p", "Command palette: every action by name"),
    ("↑/↓ pgup/pgdn", "Move the cursor"),
)
BOX_WIDTH = 76  # at most; on narrow terminals the box takes the width less a margin
# Inside the box: border 2, padding 2, scrollbar 2, and the table's cell padding 2 x 2.
_CHROME = 2 + 2 + 2 + 4


def _key_rows(owner: object) -> list[tuple[str, str]]:
    """(key, what it does) for each described binding ``owner`` allows now.

    A binding its ``check_action`` hides (the diff screen's ``s`` offers only the mode
    not shown) is left out, a key is listed once, and a footer-hidden binding of an
    action already listed (the review's 2-4 and 0, which "1-4" explains) is left out.
    """
    rows: list[tuple[str, str]] = []
    keys: set[str] = set()
    shown_actions: set[str] = set()
    check = getattr(owner, "check_action", None)
    for item in getattr(owner, "BINDINGS", []):
        if not isinstance(item, Binding) or not item.description or item.key in keys:
            continue
        _, name, params = parse(item.action)
        if check is not None and check(name, params) is False:
            continue
        if not item.show and name in shown_actions:
            continue
        keys.add(item.key)
        if item.show:
            shown_actions.add(name)
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
        self.rows: list[tuple[str, str]] = []
        self._width = 0

    def compose(self) -> ComposeResult:
        self.rows = [*_key_rows(self.below), *_key_rows(self.app), *_EXTRA]
        with VerticalScroll(id="help-box"):
            yield Static(Text(f"Keys — {type(self.below).__name__.removesuffix('Screen')}",
                              style="bold"), id="help-title")  # fmt: skip
            yield DataTable(
                id="help-keys", cursor_type="none", show_cursor=False, show_header=False
            )
            yield Static(Text("escape closes this help", style="dim"))

    def on_mount(self) -> None:
        self._fill(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fill(event.size.width)

    def _fill(self, screen_width: int) -> None:
        """Fixed column widths that fit the box; long descriptions wrap, never scroll."""
        box = min(BOX_WIDTH, screen_width - 4)
        if box == self._width:
            return
        self._width = box
        key_width = max(len(key) for key, _ in self.rows)
        text_width = max(16, box - _CHROME - key_width)
        self.query_one("#help-box").styles.width = box
        table: DataTable[Text] = self.query_one("#help-keys", DataTable)
        table.clear(columns=True)
        table.add_column("Key", width=key_width)
        table.add_column("Action", width=text_width)
        for key, text in self.rows:
            table.add_row(Text(key, style="bold"), Text(text), height=None)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
