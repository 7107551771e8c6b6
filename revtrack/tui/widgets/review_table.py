"""The review queue's table: one row per change, keyed "story:seq", drawn a page at a time."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from revtrack.review import QueueItem
from revtrack.tui.widgets.review_format import Column, columns_for, row_cells
from revtrack.tui.widgets.tables import SCROLLBAR, fit_column

__all__ = ["Key", "ReviewTable"]

Key = tuple[int, int]  # (story id, seq)
PAGE = 40  # rows drawn at a time (a few screenfuls): DataTable measures every cell it is given


def _row_key(key: Key) -> str:
    return f"{key[0]}:{key[1]}"


class ReviewTable(DataTable[Text]):
    """Changes newest first; the cursor stays on its change across redraws."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.items: list[QueueItem] = []
        self._now = datetime.min
        self.columns_shown: tuple[Column, ...] = ()
        self.set_columns(columns_for(120))

    def show(self, items: list[QueueItem], now: datetime) -> None:
        """Redraw with ``items``; a change that left keeps the cursor at its place (the next)."""
        current, index = self.selected_key(), max(self.cursor_row, 0)
        self.items, self._now = items, now
        keys = [item.key for item in items]
        row = keys.index(current) if current in keys else min(index, len(keys) - 1)
        self.clear()
        self.draw_upto(max(PAGE, row + PAGE))
        if keys:
            self.move_cursor(row=row, animate=False, scroll=True)

    def draw_upto(self, upto: int) -> None:
        for item in self.items[self.row_count : upto]:
            cells = row_cells(item, self._now, self.columns_shown)
            self.add_row(*cells, key=_row_key(item.key))

    def extend(self, items: list[QueueItem]) -> None:
        """More changes after the last (a page read later); drawn as the cursor nears them."""
        self.items += items
        self.draw_more()

    def replace(self, item: QueueItem, *, keep: bool) -> None:
        """A change marked: its row redrawn (``keep``) or removed, the rest left as they are
        (the cursor stays at its place: the next change takes it)."""
        index = next((i for i, shown in enumerate(self.items) if shown.key == item.key), None)
        if index is None:
            return
        key = _row_key(item.key)
        if keep:
            self.items[index] = item
            if index < self.row_count:
                cells = row_cells(item, self._now, self.columns_shown)
                for (column, _, _), cell in zip(self.columns_shown, cells, strict=True):
                    self.update_cell(key, column, cell)
            return
        del self.items[index]
        if index < self.row_count:
            self.remove_row(key)
            self.draw_more()

    def draw_more(self) -> None:
        """Near the end of the drawn rows: draw the next page."""
        if self.cursor_row >= self.row_count - 10 and self.row_count < len(self.items):
            self.draw_upto(self.row_count + PAGE)

    def set_columns(self, columns: tuple[Column, ...]) -> bool:
        """Show ``columns`` (rows are redrawn); False if they are shown already."""
        if columns == self.columns_shown:
            return False
        self.columns_shown = columns
        self.clear(columns=True)
        for key, label, width in columns:
            self.add_column(label, key=key, width=width)
        return True

    def fit(self, width: int) -> None:
        """The columns that suit ``width``; the headline and the summary share what the
        others leave, the headline a little more (both end in "…" when cut)."""
        if self.set_columns(columns_for(width)) and self.items:
            self.show(self.items, self._now)
        fixed = sum(w for k, _, w in self.columns_shown if k not in ("headline", "summary"))
        spare = width - fixed - 2 * len(self.columns_shown) - SCROLLBAR
        self.columns["headline"].width = max(12, spare * 11 // 20)  # type: ignore[index]
        fit_column(self, "summary", width, minimum=8)

    def selected_key(self) -> Key | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        value = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        if value is None:
            return None
        story_id, seq = value.split(":")
        return (int(story_id), int(seq))

    def selected_item(self) -> QueueItem | None:
        key = self.selected_key()
        return next((item for item in self.items if item.key == key), None)
