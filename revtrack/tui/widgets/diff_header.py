"""The diff screen's header: the story, versions A and B, labels, counts, degradation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from revtrack.article import Article
from revtrack.clock import page_time
from revtrack.diff.changeset import ChangeSet, Counts
from revtrack.safe_text import strip_controls
from revtrack.store.rows import Version
from revtrack.tui.widgets.diff_text import LABEL, NOTE, Part

__all__ = ["DiffHeader", "DiffPair", "when"]


@dataclass(frozen=True, slots=True)
class DiffPair:
    """Everything the diff screen shows about one pair of versions."""

    headline: str
    old: Version
    new: Version
    old_article: Article
    new_article: Article
    changes: ChangeSet
    latest: int  # the story's latest seq: how far ``]`` may step


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "—"


def _short(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def _version(name: str, version: Version, article: Article) -> list[Part]:
    page = page_time(article.updated, article.updated_offset, missing="—", utc="")
    stamp = article.updated_text or page
    return [
        (f"{name} ", "bold"),
        (f"v{version.seq}", "bold $accent"),
        (f"  captured {_short(version.captured_at)}", ""),
        ("  page: ", NOTE),
        (stamp, ""),
        (f"  {article.word_count} words\n", NOTE),
    ]


def _counts(c: Counts) -> str:
    return (
        f"words +{c.words_added} −{c.words_removed} · ¶ +{c.paragraphs_added} "
        f"−{c.paragraphs_deleted} ~{c.paragraphs_edited} moved {c.paragraphs_moved} "
        f"={c.paragraphs_unchanged}"
    )


def header_content(pair: DiffPair, *, side: bool) -> Content:
    changes = pair.changes
    parts: list[Part] = [
        (pair.headline or pair.new_article.headline, "bold"),
        (f"   [{'side by side' if side else 'inline'}]\n", NOTE),
        *_version("A", pair.old, pair.old_article),
        *_version("B", pair.new, pair.new_article),
        ("labels: ", NOTE),
        (", ".join(changes.labels) or "none", LABEL),
        (f"  {_counts(changes.counts)}", NOTE),
    ]
    if changes.degraded:
        reasons = "; ".join(changes.degraded_reasons)
        parts.append((f"\nDEGRADED (coarser diff): {reasons}", "bold $text-error"))
    return Content.assemble(*((strip_controls(text), style) for text, style in parts if text))


class DiffHeader(Static):
    DEFAULT_CSS = """
    DiffHeader { height: auto; padding: 0 1; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content("Loading diff…"), id=id)

    def show(self, pair: DiffPair, *, side: bool) -> None:
        self.update(header_content(pair, side=side))
