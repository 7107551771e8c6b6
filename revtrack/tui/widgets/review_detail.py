"""The selected change: its headline, labels, summary, highlights, review, and full diff."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from revtrack.diff import ChangeSet
from revtrack.review import QueueItem
from revtrack.tui.widgets.diff_view import DiffView
from revtrack.tui.widgets.review_format import detail_content

__all__ = ["ReviewDetail"]


class ReviewDetail(Vertical):
    """Details on top (a few lines), the diff widget of the diff screen below."""

    DEFAULT_CSS = """
    ReviewDetail { height: 1fr; }
    ReviewDetail #review-info {
        height: auto; max-height: 8; padding: 0 1; background: $panel;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="review-info")
        yield DiffView(id="review-diff")

    def show_item(self, item: QueueItem) -> None:
        self.query_one("#review-info", Static).update(detail_content(item))

    def show_empty(self, text: str) -> None:
        self.query_one("#review-info", Static).update(Content.styled(text, "dim"))
        self.query_one(DiffView).remove_children()

    async def show_diff(self, changes: ChangeSet) -> None:
        await self.query_one(DiffView).show(changes, side=False)
