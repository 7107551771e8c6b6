"""An extracted article, field by field; every string is shown as plain ``Content``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from revtrack.article import Article
from revtrack.clock import page_time
from revtrack.safe_text import strip_controls
from revtrack.store.rows import Version
from revtrack.tui.widgets.diff_header import when
from revtrack.tui.widgets.diff_text import NOTE, Part

__all__ = ["ArticleView"]


def _content(*parts: Part) -> Content:
    return Content.assemble(*((strip_controls(text), style) for text, style in parts if text))


class ArticleView(VerticalScroll):
    """Headline, dek, byline, dates, highlights, paragraphs and corrections."""

    DEFAULT_CSS = """
    ArticleView { height: 1fr; padding: 0 2; }
    ArticleView > Static { margin-top: 1; }
    ArticleView > .-headline { text-style: bold; color: $text-primary; }
    ArticleView > .-dek { text-style: italic; }
    ArticleView > .-meta { color: $text-muted; margin-top: 0; }
    ArticleView > .-section { text-style: bold; color: $text-accent; }
    ArticleView > .-correction { color: $text-warning; }
    """

    def __init__(self, version: Version, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.version = version
        self.article = article

    def compose(self) -> ComposeResult:
        art, version = self.article, self.version
        yield Static(_content((art.headline or "(no headline)", "")), classes="-headline")
        if art.dek:
            yield Static(_content((art.dek, "")), classes="-dek")
        yield Static(self._meta(), classes="-meta")
        if art.highlights:
            yield Static(_content(("Highlights", "")), classes="-section")
            for item in art.highlights:
                yield Static(_content(("• ", NOTE), (item, "")), classes="-item")
        for paragraph in art.paragraphs:
            yield Static(_content((paragraph, "")), classes="-paragraph")
        if art.corrections:
            yield Static(_content(("Corrections", "")), classes="-section")
            for item in art.corrections:
                yield Static(_content((item, "")), classes="-correction")
        yield Static(_content((f"v{version.seq} · {art.word_count} words", NOTE)), classes="-meta")

    def _meta(self) -> Content:
        art, version = self.article, self.version
        updated = page_time(art.updated, art.updated_offset, missing="—", utc=" UTC")
        published = page_time(art.published, art.published_offset, missing="—", utc=" UTC")
        stamp = art.updated_text or updated
        return _content(
            (art.byline + "\n" if art.byline else "", ""),
            (f"published {published} · updated ", NOTE),
            (stamp, ""),
            (f"\nv{version.seq} captured {when(version.captured_at)} · ", NOTE),
            (art.url, NOTE),
        )
