"""Highlights are stored whole, so JSON, CSV and reports carry all of them."""

from __future__ import annotations

from revtrack.article import Article
from revtrack.diff import diff_articles
from revtrack.history.highlights import clip_highlight, highlights

QUOTE = (
    "\u201cWe will not accept any deal that leaves the families of the victims without "
    "answers, and we will say so to every minister who asks us,\u201d said the spokeswoman."
)


def test_a_long_quote_removed_is_kept_whole() -> None:
    before = Article(url="u", headline="H", paragraphs=("The talks ended.", QUOTE))
    after = Article(url="u", headline="H", paragraphs=("The talks ended.",))
    items = highlights(diff_articles(before, after))
    quoted = [item for item in items if item.startswith("quote removed: ")]
    assert quoted == [f"quote removed: {QUOTE}"]
    assert not any(item.endswith("…") for item in items)


def test_views_cut_a_highlight_to_their_width() -> None:
    item = f"quote removed: {QUOTE}"
    cut = clip_highlight(item, 60)
    assert len(cut) == 60
    assert cut.endswith("…")
    assert clip_highlight("short", 60) == "short"
