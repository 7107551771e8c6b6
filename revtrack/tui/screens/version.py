"""One version of a story: the extracted article, or the raw HTML as captured."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from revtrack.article import Article
from revtrack.safe_text import strip_controls
from revtrack.store.rows import Version
from revtrack.store.store import Store
from revtrack.tui.host import query
from revtrack.tui.widgets.article_view import ArticleView
from revtrack.tui.widgets.diff_text import NOTE
from revtrack.tui.widgets.footer import KeyFooter
from revtrack.tui.widgets.raw_view import RawView, split_lines

__all__ = ["VersionScreen"]


class VersionScreen(Screen[None]):
    """Version ``seq`` of a story (negative counts from the latest); ``r`` toggles raw."""

    DEFAULT_CSS = """
    VersionScreen #version-title {
        height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis;
    }
    VersionScreen #version-body { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="version.back"),
        Binding("r", "toggle_raw", "Raw/article", id="version.raw"),
    ]

    def __init__(self, story_id: int, seq: int, raw: bool = False) -> None:
        super().__init__()
        self.story_id = story_id
        self.seq = seq
        self.raw = raw
        self.version: Version | None = None
        self.article: Article | None = None
        self.raw_loaded = False

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading…"), id="version-title")
        yield Container(id="version-body")
        yield RawView(id="version-raw")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(RawView).display = self.raw
        self.query_one("#version-body").display = not self.raw
        self.load_article()
        if self.raw:
            self.load_raw()
            self.query_one(RawView).focus()

    def load_article(self) -> None:
        story_id, seq = self.story_id, self.seq

        def read(store: Store) -> tuple[Version, Article]:
            version = store.version(story_id, seq)
            return version, store.article(version)

        query(self, read, self._article_loaded, self._failed, group="version")

    def load_raw(self) -> None:
        story_id, seq = self.story_id, self.seq

        def read(store: Store) -> tuple[list[str], int]:
            raw = store.raw_html(store.version(story_id, seq))
            return split_lines(raw), len(raw)

        query(self, read, self._raw_loaded, self._failed, group="version-raw")

    async def _article_loaded(self, loaded: tuple[Version, Article]) -> None:
        self.version, self.article = loaded
        self._show_title()
        body = self.query_one("#version-body")
        await body.remove_children()
        await body.mount(ArticleView(loaded[0], loaded[1], id="version-article"))

    def _raw_loaded(self, loaded: tuple[list[str], int]) -> None:
        lines, size = loaded
        self.raw_loaded = True
        self.query_one(RawView).set_lines(lines)
        self._show_title(size=size)

    def _failed(self, error: str) -> None:
        title = self.query_one("#version-title", Static)
        title.update(Content.assemble((strip_controls(f"Cannot show: {error}"), "$text-error")))

    def _show_title(self, size: int | None = None) -> None:
        if self.version is None:
            return
        mode = "raw HTML" if self.raw else "article"
        extra = f" · {size:,} bytes" if size is not None and self.raw else ""
        title = Content.assemble(
            (f"v{self.version.seq} ", "bold $accent"),
            (strip_controls(self.version.headline), "bold"),
            (f"   [{mode}{extra}]", NOTE),
        )
        self.query_one("#version-title", Static).update(title)

    def action_toggle_raw(self) -> None:
        self.raw = not self.raw
        raw_view = self.query_one(RawView)
        raw_view.display = self.raw
        self.query_one("#version-body").display = not self.raw
        if self.raw and not self.raw_loaded:
            self.load_raw()
        (raw_view if self.raw else self.query_one("#version-body")).focus()
        self._show_title()
