"""The body of the diff screen: one widget per row in a ``VerticalScroll``.

Rows come from ``diff_items.rows`` (unchanged runs already folded), so even a
15,000-word story mounts only its changes, their context and the folds. Changed rows
can take focus: ``next_change`` / ``previous_change`` move it and scroll it into view.
A ``FoldRow`` asks (``FoldRow.Expand``) to be replaced by the paragraphs it hides.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Click
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from revtrack.diff.changeset import ChangeSet
from revtrack.tui.widgets.diff_items import Row, rows, unfold
from revtrack.tui.widgets.diff_text import row_content, side_content

__all__ = ["DiffRow", "DiffView", "FoldRow", "SideRow"]

FIRST_ROWS = 8  # rows mounted before the first paint; the rest follow right after
TAIL_DELAY = 0.05  # seconds: lets the first screenful paint before the rest is mounted


class DiffRow(Static):
    """One row of the inline view."""

    DEFAULT_CSS = """
    DiffRow { height: auto; padding: 0 1 0 0; border-left: blank; margin-top: 1; }
    DiffRow.-field { background: $boost; }
    DiffRow:focus { border-left: thick $accent; background: $accent 10%; }
    """

    def __init__(self, row: Row) -> None:
        super().__init__(row_content(row), classes=f"-{row.kind}")
        self.row = row
        self.can_focus = row.is_change


class SideRow(Widget):
    """One row of the side-by-side view: the old column and the new column."""

    DEFAULT_CSS = """
    SideRow {
        height: auto; layout: horizontal; padding: 0 1 0 0; border-left: blank; margin-top: 1;
    }
    SideRow > Static { width: 1fr; height: auto; }
    SideRow > Static.-old { margin-right: 2; }
    SideRow.-field { background: $boost; }
    SideRow:focus { border-left: thick $accent; background: $accent 10%; }
    """

    def __init__(self, row: Row) -> None:
        super().__init__(classes=f"-{row.kind}")
        self.row = row
        self.can_focus = row.is_change

    def compose(self) -> ComposeResult:
        old, new = side_content(self.row)
        yield Static(old, classes="-old")
        yield Static(new, classes="-new")


class FoldRow(Static, can_focus=True):
    """A run of unchanged paragraphs, shown as one line until expanded."""

    DEFAULT_CSS = """
    FoldRow { height: 1; margin-top: 1; border-left: blank; color: $text-muted; }
    FoldRow:hover { background: $boost; }
    FoldRow:focus { border-left: thick $accent; background: $accent 10%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "expand", "Expand", id="diff.expand")]

    @dataclass
    class Expand(Message):
        fold: FoldRow

    def __init__(self, row: Row) -> None:
        super().__init__(row_content(row))
        self.row = row

    def action_expand(self) -> None:
        self.post_message(self.Expand(self))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.action_expand()


class DiffView(VerticalScroll):
    """All rows of one ChangeSet, inline or side by side."""

    DEFAULT_CSS = """
    DiffView { height: 1fr; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.side = False
        self.rows: list[Row] = []
        self.complete = True  # every row is mounted (none pending)
        self._generation = 0

    def show(self, changes: ChangeSet, *, side: bool) -> AwaitComplete:
        """Replace what is shown with ``changes``."""
        self.rows = rows(changes)
        self.side = side
        return self._remount(None)

    def set_side(self, side: bool) -> AwaitComplete:
        """Switch between inline and side by side, keeping the focused row focused."""
        focused = self._focused_index()
        self.side = side
        return self._remount(focused)

    def _widget(self, row: Row) -> Widget:
        if row.kind == "fold":
            return FoldRow(row)
        return SideRow(row) if self.side else DiffRow(row)

    def _remount(self, focus_index: int | None) -> AwaitComplete:
        """Mount a screenful of rows now and the rest after the first paint."""
        self._generation += 1
        generation = self._generation
        first = max(FIRST_ROWS, self.app.size.height // 3, (focus_index or 0) + 1)
        head, tail = self.rows[:first], self.rows[first:]

        self.complete = False

        async def remount() -> None:
            with self.app.batch_update():
                await self.remove_children()
                await self.mount_all([self._widget(row) for row in head])
            if focus_index is not None and focus_index < len(self.children):
                self.children[focus_index].focus()
            if tail:
                self.set_timer(TAIL_DELAY, partial(self._mount_tail, tail, generation))
            else:
                self.complete = True

        return AwaitComplete(remount())

    async def _mount_tail(self, tail: list[Row], generation: int) -> None:
        if generation != self._generation:
            return  # replaced meanwhile
        await self.mount_all([self._widget(row) for row in tail])
        self.complete = True

    def _focused_index(self) -> int | None:
        focused = self.screen.focused
        if focused is not None and focused.parent is self:
            return self.children.index(focused)
        return None

    @on(FoldRow.Expand)
    async def _expand(self, event: FoldRow.Expand) -> None:
        event.stop()
        fold = event.fold
        if fold.parent is not self or fold not in self.children:
            return  # already expanded (a double click), or the diff was replaced
        index = self.children.index(fold)
        revealed = unfold(fold.row)
        self.rows[index : index + 1] = revealed
        with self.app.batch_update():
            await self.mount_all([self._widget(row) for row in revealed], after=fold)
            await fold.remove()

    def changes(self) -> list[Widget]:
        """The rows that are changes (and folds are not), in order."""
        return [
            child
            for child in self.children
            if isinstance(child, DiffRow | SideRow) and child.can_focus
        ]

    def next_change(self) -> Widget | None:
        return self._step(+1)

    def previous_change(self) -> Widget | None:
        return self._step(-1)

    def _step(self, direction: int) -> Widget | None:
        """Focus the change after (or before) the focused row, or the first (last) one."""
        targets = self.changes()
        if not targets:
            return None
        children = list(self.children)
        focused = self.screen.focused
        if focused is not None and focused in children:
            here = children.index(focused)
            if direction > 0:
                after = [t for t in targets if children.index(t) > here]
                target = after[0] if after else targets[-1]
            else:
                before = [t for t in targets if children.index(t) < here]
                target = before[-1] if before else targets[0]
        else:
            target = targets[0] if direction > 0 else targets[-1]
        target.focus(scroll_visible=False)
        self.scroll_to_center(target, animate=False)
        return target
