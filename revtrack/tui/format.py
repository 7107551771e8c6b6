"""Small formatters for times and labels shown in tables (Text and plain str, no markup)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from revtrack.clock import relative as clock_relative
from revtrack.safe_text import single_line

LABEL_STYLES = {
    "fact": "bold red",
    "correction": "bold yellow",
    "silent": "bold magenta",
    "headline": "bold cyan",
    "style": "dim",
    "removed": "bold red",
    "restored": "green",
    "flip-flop": "yellow",
    "first": "dim",
}
STATUS_STYLES = {"live": "green", "gone": "red", "error": "bold red", "new": "dim"}


def labels_text(labels: tuple[str, ...] | None) -> Text:
    """Labels as a styled cell; None means 'not computed yet'."""
    if labels is None:
        return Text("…", style="dim")
    text = Text()
    for i, label in enumerate(labels):
        if i:
            text.append(" ")
        text.append(label, style=LABEL_STYLES.get(label, ""))
    return text


def iso_stamp(iso: str) -> str:
    """A stored ISO 8601 stamp ("2026-03-14T10:00:00Z") as "2026-03-14 10:00"."""
    return f"{iso[:10]} {iso[11:16]}" if iso else "—"


def stamp(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def relative(moment: datetime | None, now: datetime) -> str:
    """'in 5m', 'now', '3h ago', or '—'."""
    return clock_relative(moment, now, missing="—")


def clean(value: str) -> str:
    """Untrusted text for one line: escape sequences and control characters removed."""
    return single_line(value)


def plain(value: str, style: str = "", **kwargs: object) -> Text:
    """An untrusted string as a Text cell (never parsed as markup)."""
    return Text(clean(value), style=style, **kwargs)  # type: ignore[arg-type]
