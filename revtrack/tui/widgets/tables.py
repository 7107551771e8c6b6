"""DataTable helpers: one flexible column that takes the width the others leave."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

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
