"""What the review screen draws, as Text and Content (no markup parsing of article text)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.content import Content

from revtrack.history.highlights import clip_highlight
from revtrack.review import QueueItem, Review, ReviewCounts, ReviewState
from revtrack.safe_text import single_line
from revtrack.tui.format import plain, relative, stamp
from revtrack.tui.widgets.tables import fit_labels

# The detail pane shows each highlight on about one line; reports show it whole.
HIGHLIGHT_CHARS = 110

__all__ = [
    "COLUMNS",
    "LABEL_FILTERS",
    "STATE_FILTERS",
    "Column",
    "columns_for",
    "counts_content",
    "detail_content",
    "filters_content",
    "matches",
    "row_cells",
    "state_text",
]

# The label filter keys 1..4 pick; None is "all" (key 0, or the same key again).
LABEL_FILTERS: tuple[str, ...] = ("correction", "silent", "fact", "headline")
# The state filter cycles in this order; None is "all".
STATE_FILTERS: tuple[ReviewState | None, ...] = (
    ReviewState.UNREVIEWED,
    ReviewState.FLAGGED,
    ReviewState.REVIEWED,
    None,
)
Column = tuple[str, str, int]  # (key, header, width)
# The headline and the summary share the spare width (``ReviewTable.fit``).
COLUMNS: tuple[Column, ...] = (
    ("when", "When", 8), ("site", "Site", 14), ("headline", "Headline", 28),
    ("version", "Ver", 3), ("labels", "Labels", 19), ("state", "Review", 10),
    ("summary", "Summary", 24),
)  # fmt: skip
# 100-119 columns: narrower site and labels. Below 100: no site (the detail pane has it).
MEDIUM: tuple[Column, ...] = tuple(
    (k, h, {"site": 10, "labels": 14}.get(k, w)) for k, h, w in COLUMNS
)
NARROW: tuple[Column, ...] = tuple((k, h, w) for k, h, w in MEDIUM if k != "site")
_STATE_LOOK = {
    ReviewState.UNREVIEWED: ("unreviewed", "dim"),
    ReviewState.REVIEWED: ("reviewed ✓", "green"),
    ReviewState.FLAGGED: ("flagged ⚑", "bold yellow"),
}
_MUTED = "$text-muted"


def matches(item: QueueItem, label: str | None, state: ReviewState | None) -> bool:
    """Whether ``item`` passes the label and state filters (None: any)."""
    if state is not None and item.review.state is not state:
        return False
    return label is None or label in item.change.labels


def state_text(state: ReviewState) -> Text:
    text, style = _STATE_LOOK[state]
    return Text(text, style=style)


def columns_for(width: int) -> tuple[Column, ...]:
    if width >= 120:
        return COLUMNS
    return MEDIUM if width >= 100 else NARROW


def row_cells(item: QueueItem, now: datetime, columns: tuple[Column, ...] = COLUMNS) -> list[Text]:
    """The cells of one change for ``columns`` (untrusted text as plain Text)."""
    change = item.change
    widths = {key: width for key, _, width in columns}
    cells = {
        "when": Text(relative(change.captured_at, now)),
        "site": plain(item.site, no_wrap=True, overflow="ellipsis"),
        "headline": plain(item.headline or item.url, no_wrap=True, overflow="ellipsis"),
        "version": Text(f"v{change.seq}", justify="right"),
        "labels": fit_labels(change.labels, widths.get("labels", 19)),
        "state": state_text(item.review.state),
        "summary": plain(change.summary, no_wrap=True, overflow="ellipsis"),
    }
    return [cells[key] for key in widths]


def counts_content(counts: ReviewCounts, width: int = 200) -> Content:
    """ "12 unreviewed · 3 flagged · 4 reviewed   unreviewed: correction 2 · silent 1 · …";
    the unreviewed counts by label only when the line fits in ``width`` cells."""
    by_label = dict(counts.unreviewed_by_label)
    labels = " · ".join(f"{label} {by_label.get(label, 0)}" for label in LABEL_FILTERS)
    totals = Content.assemble(
        (str(counts.unreviewed), "bold"), " unreviewed · ",
        (str(counts.flagged), "bold"), " flagged · ",
        (str(counts.reviewed), "bold"), " reviewed",
    )  # fmt: skip
    full = Content.assemble(totals, ("   unreviewed: ", _MUTED), labels)
    return full if full.cell_length <= width else totals


def filters_content(
    label: str | None, state: ReviewState | None, shown: int | None, width: int = 200
) -> Content:
    """ "0 all 1 correction … · state: unreviewed · 7 shown"; the chosen label stands out.
    Without "state: " when the line would not fit in ``width`` cells; "… shown" while
    the count is being read (``shown`` None)."""
    parts: list[tuple[str, str] | str] = []
    for key, name in enumerate(("all", *LABEL_FILTERS)):
        chosen = name == (label or "all")
        parts += [(f"{key} {name}", "bold reverse" if chosen else _MUTED), " "]
    count = "…" if shown is None else f"{shown:,}"
    tail: list[tuple[str, str] | str] = [
        ("· state: ", _MUTED), (str(state or "all"), "bold"), (f" · {count} shown", _MUTED),
    ]  # fmt: skip
    line = Content.assemble(*parts, *tail)
    if line.cell_length > width:
        line = Content.assemble(*parts, ("· ", _MUTED), *tail[1:])
    return line


def review_line(review: Review) -> list[tuple[str, str]]:
    text, style = _STATE_LOOK[review.state]
    parts = [("review: ", _MUTED), (text, style)]
    if review.reviewer or review.at:
        parts.append((f"  by {single_line(review.reviewer) or '?'} at {stamp(review.at)}", _MUTED))
    parts.append((" · note: ", _MUTED))
    parts.append((single_line(review.note), "") if review.note else ("none (n to add)", _MUTED))
    return parts


def detail_content(item: QueueItem) -> Content:
    """The selected change, one line each: headline, versions and labels, review and note,
    summary, highlights (the review comes before what may not fit)."""
    change = item.change
    parts: list[tuple[str, str]] = [
        (single_line(item.headline or item.url), "bold"),
        (f"\n{single_line(item.site)} · v{change.base_seq} → v{change.seq}", _MUTED),
        (f" · captured {stamp(change.captured_at)} · labels: ", _MUTED),
        (", ".join(single_line(label) for label in change.labels) or "none", "bold $accent"),
        ("\n", ""),
        *review_line(item.review),
        ("\n", ""),
        (single_line(change.summary), ""),
    ]
    for highlight in change.highlights:
        parts += [("\n  • ", _MUTED), (single_line(clip_highlight(highlight, HIGHLIGHT_CHARS)), "")]
    return Content.assemble(*(part for part in parts if part[0]))
