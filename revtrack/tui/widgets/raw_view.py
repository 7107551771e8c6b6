"""Raw HTML as captured, drawn line by line: a 15 MB page scrolls without freezing.

A line-API ``ScrollView``: ``render_line`` crops one source line to the visible
columns and keeps recent strips in an LRU cache (as toolong's log view does). The
text is cleaned of control characters per line, only when that line is drawn.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from revtrack.safe_text import strip_controls

__all__ = ["WRAP", "RawView", "split_lines"]

WRAP = 2_000  # longer lines (minified pages) are broken at this column, so all is reachable


def split_lines(raw: bytes) -> list[str]:
    """The page's lines, decoded leniently, long ones broken every ``WRAP`` columns.

    O(size): call it in a worker.
    """
    lines: list[str] = []
    for line in raw.decode("utf-8", errors="replace").expandtabs(4).splitlines():
        if len(line) <= WRAP:
            lines.append(line)
        else:
            lines += [line[k : k + WRAP] for k in range(0, len(line), WRAP)]
    return lines


class RawView(ScrollView, can_focus=True):
    """Lines of text in a virtual canvas; only visible lines are drawn."""

    DEFAULT_CSS = """
    RawView { height: 1fr; background: $surface; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[str] = []
        self._cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(2000)

    def set_lines(self, lines: list[str]) -> None:
        self.lines = lines
        self._cache.clear()
        width = max((len(line) for line in lines), default=0)
        self.virtual_size = Size(width, len(lines))
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    def text_at(self, y: int) -> str:
        """Line ``y`` as displayed (cleaned), whole."""
        return strip_controls(self.lines[y]) if 0 <= y < len(self.lines) else ""

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        key = (index, scroll_x, width)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        style = self.rich_style
        if index >= len(self.lines):
            strip = Strip.blank(width, style)
        else:
            piece = strip_controls(self.lines[index][scroll_x : scroll_x + width + 8])
            strip = Strip([Segment(piece, style)]).crop_extend(0, width, style)
        self._cache[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
