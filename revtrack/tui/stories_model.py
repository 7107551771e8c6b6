"""What the stories table shows: sort order, filters and search over StoryRows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.content import Content

from revtrack.clock import from_iso
from revtrack.review import ReviewCounts
from revtrack.safe_text import single_line
from revtrack.store.views import StoryRow
from revtrack.tui.format import STATUS_STYLES, iso_stamp, plain, relative
from revtrack.tui.widgets.tables import fit_labels


@dataclass(frozen=True, slots=True)
class StoreTotals:
    """What the summary line counts: stories and their real versions."""

    stories: int
    versions: int


Column = tuple[str, str, int]  # (key, header, width); the headline takes the spare width
# Every column, for terminals of 120 columns and more.
COLUMNS: tuple[Column, ...] = (
    ("headline", "Headline", 30),
    ("site", "Site", 16),
    ("versions", "Ver", 3),
    ("last", "Last change", 16),
    ("labels", "Labels", 19),
    ("next", "Next", 9),  # "1266d ago", "retired"
    ("status", "Status", 7),  # "retired"
)
# 100-119 columns: no Next; the last change as "5h ago"; narrower site and labels.
MEDIUM: tuple[Column, ...] = (
    ("headline", "Headline", 30),
    ("site", "Site", 14),
    ("versions", "Ver", 3),
    ("last", "Changed", 9),  # "1266d ago"
    ("labels", "Labels", 14),
    ("status", "Status", 7),
)
# Below 100 columns: the headline, how many versions, when it changed, its labels.
NARROW: tuple[Column, ...] = (
    ("headline", "Headline", 30),
    ("versions", "Ver", 3),
    ("last", "Changed", 9),  # "1266d ago"
    ("labels", "Labels", 14),
)


def columns_for(width: int) -> tuple[Column, ...]:
    """The columns a terminal ``width`` columns wide shows (the headline gets the rest)."""
    if width >= 120:
        return COLUMNS
    return MEDIUM if width >= 100 else NARROW


def status_word(row: StoryRow) -> str:
    """The story's status; a live story with no next check is "retired" (as ``list`` says)."""
    return "retired" if row.status == "live" and not row.next_check else row.status


def next_word(row: StoryRow, now: datetime) -> str:
    """When the next check is due, in ``revtrack list``'s words ("in 5m", "retired")."""
    if row.next_check:
        return relative(from_iso(row.next_check), now)
    return "—" if row.status == "gone" else "retired"


def last_word(row: StoryRow, now: datetime, *, short: bool) -> str:
    """The last change as a stamp ("2026-03-14 10:00") or, when ``short``, "5h ago"."""
    if not row.last_change:
        return "—"
    return relative(from_iso(row.last_change), now) if short else iso_stamp(row.last_change)


def row_cells(
    row: StoryRow, columns: tuple[Column, ...], labels: tuple[str, ...] | None, now: datetime
) -> list[Text]:
    """The cells of ``row`` for ``columns`` (untrusted headline and site as plain Text)."""
    cells: list[Text] = []
    for key, _, width in columns:
        if key == "headline":
            cells.append(plain(row.headline or row.url, no_wrap=True, overflow="ellipsis"))
        elif key == "site":
            cells.append(plain(row.site, no_wrap=True, overflow="ellipsis"))
        elif key == "versions":
            cells.append(Text(str(row.versions), justify="right"))
        elif key == "last":
            cells.append(Text(last_word(row, now, short=width < 16)))
        elif key == "labels":
            cells.append(fit_labels(labels, width))
        elif key == "next":
            cells.append(Text(next_word(row, now)))
        else:
            status = status_word(row)
            cells.append(Text(status, style=STATUS_STYLES.get(status, "dim")))
    return cells


LABEL_CHOICES: tuple[str | None, ...] = (
    None, "fact", "correction", "silent", "headline", "style", "removed", "restored",
    "flip-flop", "first",
)  # fmt: skip
_SORT_KEYS: dict[str, Callable[[StoryRow], Any]] = {
    "headline": lambda r: (r.headline or r.url).casefold(),
    "site": lambda r: r.site,
    "versions": lambda r: r.versions,
    "last": lambda r: r.last_change,
    "next": lambda r: r.next_check,
    "status": status_word,
}


class StoriesView:
    """Rows plus the user's sort, filters and search; ``visible()`` is what to draw."""

    def __init__(self) -> None:
        self.rows: list[StoryRow] = []
        self.labels: dict[int, tuple[str, ...]] = {}
        self.sort = "last"
        self.reverse = True
        self.site: str | None = None
        self.label: str | None = None
        self.query = ""

    def set_rows(self, rows: list[StoryRow], labels: dict[int, tuple[str, ...]]) -> None:
        """New rows from the store, with the labels of each story's last change."""
        self.rows, self.labels = rows, labels

    def sort_by(self, column: str) -> None:
        """Sort by ``column``; the same column again reverses the order."""
        if column == "labels":
            return
        if column == self.sort:
            self.reverse = not self.reverse
        else:
            self.sort, self.reverse = column, column in {"versions", "last"}

    def next_sort(self) -> None:
        keys = list(_SORT_KEYS)
        self.sort_by(keys[(keys.index(self.sort) + 1) % len(keys)])

    def sites(self) -> list[str]:
        return sorted({r.site for r in self.rows})

    def next_site(self) -> None:
        choices: list[str | None] = [None, *self.sites()]
        index = choices.index(self.site) if self.site in choices else 0
        self.site = choices[(index + 1) % len(choices)]

    def _keep(self, row: StoryRow, needle: str) -> bool:
        if self.site is not None and row.site != self.site:
            return False
        return not needle or needle in row.headline.casefold() or needle in row.url.casefold()

    def filtered_all(self) -> list[StoryRow]:
        """Rows passing the site filter and search (label filter not applied)."""
        needle = self.query.strip().casefold()
        kept = [r for r in self.rows if self._keep(r, needle)]
        return sorted(kept, key=_SORT_KEYS[self.sort], reverse=self.reverse)

    def visible(self) -> list[StoryRow]:
        rows = self.filtered_all()
        if self.label is not None:
            rows = [r for r in rows if self.label in self.labels.get(r.id, ())]
        return rows

    def describe(self, drawn: int, shown: int) -> Content:
        """The filter line: what is shown and why (site and query are untrusted)."""
        arrow = "↓" if self.reverse else "↑"
        more = f" (first {drawn}, more on scrolling)" if drawn < shown else ""
        parts = [Content.from_markup("$shown shown$more · sort $sort $arrow", shown=f"{shown:,}",
                                     more=more, sort=self.sort, arrow=arrow)]  # fmt: skip
        if self.site is not None:
            parts.append(Content.from_markup(" · site [b]$site[/b]", site=single_line(self.site)))
        if self.label is not None:
            parts.append(Content.from_markup(" · label [b]$label[/b]", label=self.label))
        if self.query:
            parts.append(Content.from_markup(" · search [b]$q[/b]", q=single_line(self.query)))
        return Content("").join(parts)


def summary_content(totals: StoreTotals, review: ReviewCounts) -> Content:
    """The stories screen's top line: what the store holds and what awaits review."""
    return Content.from_markup(
        "[b]$stories[/b] stories · [b]$versions[/b] versions · "
        "[b]$unreviewed[/b] unreviewed · [b]$flagged[/b] flagged  [dim](R: review)[/dim]",
        stories=str(totals.stories),
        versions=str(totals.versions),
        unreviewed=str(review.unreviewed),
        flagged=str(review.flagged),
    )
