"""DataTable helpers: one flexible column that takes the width the others leave, and
label cells that fit their column in whole words."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from revtrack.tui.format import LABEL_STYLES, labels_text

SCROLLBAR = 2


def fit_column(table: DataTable[Any], key: str, total_width: int, minimum: int = 16) -> None:
    """Give column ``key`` whatever ``total_width`` leaves after the other columns."""
    column = table.columns.get(key)  # type: ignore[call-overload]
    if column is None or total_width <= 0:
        return
    others = sum(c.get_render_width(table) for k, c in table.columns.items() if k != key)
    width = max(minimum, total_width - others - 2 * table.cell_padding - SCROLLBAR)
    if column.width == width:
        return
    column.width = width
    table._clear_caches()
    table._require_update_dimensions = True
    table.refresh(layout=True)


def show_columns(
    table: DataTable[Any],
    columns: tuple[tuple[str, str, int], ...],
    flexible: str,
    width: int,
    minimum: int = 16,
) -> None:
    """Replace the table's columns (and rows) with ``columns`` (key, header, width); the
    ``flexible`` one takes what ``width`` leaves."""
    table.clear(columns=True)
    for key, label, size in columns:
        table.add_column(label, key=key, width=size)
    fit_column(table, flexible, width, minimum)


def fit_labels(labels: tuple[str, ...] | None, width: int) -> Text:
    """Labels as a cell at most ``width`` wide: whole labels only, the rest counted.

    ``("fact", "silent", "headline")`` in 14 cells is "fact silent +1"; a label is
    never cut mid-word ("remov", "flip-"). None means 'not computed yet'.
    """
    if labels is None or len(" ".join(labels)) <= width:
        return labels_text(labels)
    text = Text()
    for count, label in enumerate(labels):
        more = f"+{len(labels) - count}"
        rest = len(labels) - count - 1
        room = width - len(text) - (1 if count else 0)
        if len(label) > room or (rest and len(label) + 1 + len(f"+{rest}") > room):
            text.append(" " if count else "")
            text.append(more, style="dim")
            return text
        if count:
            text.append(" ")
        text.append(label, style=LABEL_STYLES.get(label, ""))
    return text
