"""What the stories table shows: sort order, filters and search over StoryRows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.content import Content

from revtrack.tui.format import clean
from revtrack.tui.queries import StoryRow

# (key, header, width) of the table's columns; the headline takes the spare width.
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("headline", "Headline", 30),
    ("site", "Site", 16),
    ("versions", "Ver", 3),
    ("last", "Last change", 16),
    ("labels", "Labels", 19),
    ("next", "Next", 7),
    ("status", "Status", 6),
)
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
    "status": lambda r: r.status,
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

    def set_rows(self, rows: list[StoryRow], *, forget: set[int]) -> None:
        """New rows from the store; labels of ``forget`` (changed stories) are stale."""
        self.rows = rows
        for story_id in forget:
            self.labels.pop(story_id, None)

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
            parts.append(Content.from_markup(" · site [b]$site[/b]", site=clean(self.site)))
        if self.label is not None:
            parts.append(Content.from_markup(" · label [b]$label[/b]", label=self.label))
        if self.query:
            parts.append(Content.from_markup(" · search [b]$q[/b]", q=clean(self.query)))
        return Content("").join(parts)
