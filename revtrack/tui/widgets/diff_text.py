"""Diff rows as ``Content``: article text is appended as plain text, never parsed.

Every article string goes through ``clean`` (terminal escape sequences and control
characters removed) and into ``Content.assemble`` as a ``(text, style)`` pair, so
``[/]``, ``[$accent]`` or ``[@click=app.quit]`` show literally.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from revtrack.diff.changeset import FieldChange, ParagraphOp
from revtrack.diff.words import DELETE, EQUAL, INSERT, Segment
from revtrack.safe_text import strip_controls
from revtrack.tui.widgets.diff_items import Row

__all__ = ["DELETED", "INSERTED", "LABEL", "NOTE", "Part", "row_content", "side_content"]

DELETED = "$text-error on $error-muted strike"
INSERTED = "$text-success on $success-muted"
NOTE = "$text-muted"
LABEL = "$text-warning"
NAME = "bold"

Part = tuple[str, str]


def _assemble(parts: Sequence[Part]) -> Content:
    pieces = [(strip_controls(text), style) for text, style in parts if text]
    return Content.assemble(*pieces, strip_control_codes=False)  # strip_controls() did it


def _words(segments: Sequence[Segment], side: str) -> list[Part]:
    """A word diff; ``side`` "old"/"new" keeps only that version's words."""
    parts: list[Part] = []
    for op, text in segments:
        if op == EQUAL:
            parts.append((text, ""))
        elif op == DELETE and side != "new":
            parts.append((text, DELETED if text.strip() else ""))
        elif op == INSERT and side != "old":
            parts.append((text, INSERTED if text.strip() else ""))
    return parts


def _labels(labels: Sequence[str]) -> list[Part]:
    return [(f"  [{', '.join(labels)}]", LABEL)] if labels else []


def _paragraph(op: ParagraphOp, side: str) -> list[Part]:
    """One changed paragraph (or list item) as parts, for ``side``."""
    if op.op == "insert":
        return [] if side == "old" else [(op.after, INSERTED)]
    if op.op == "delete":
        return [] if side == "new" else [(op.before, DELETED)]
    if op.op == "equal":
        return [("\n".join(op.texts), "")]
    if op.words:
        return _words(op.words, side)
    return [(op.before if side == "old" else op.after, "")]


def _field(change: FieldChange, side: str) -> list[Part]:
    parts: list[Part] = [(f"{change.field}: ", NAME)]
    if change.kind == "items":
        for op in change.items:
            item = _paragraph(op, side)
            if item and (op.op != "equal" or side != "inline"):
                parts += [("\n  • ", NOTE), *item]
    elif change.kind == "value" and side == "inline":
        parts += [*_words(change.words, "old"), ("  →  ", NOTE), *_words(change.words, "new")]
    else:
        parts += _words(change.words, side)
    return parts + ([] if side == "old" else _labels(change.labels))


def _number(index: int | None) -> str:
    return f"¶{(index or 0) + 1}"


def _note(op: ParagraphOp) -> str:
    if op.op == "move":
        return f"(moved from {_number(op.old)}) "
    return {"insert": "(added) ", "delete": "(deleted) "}.get(op.op, "")


def _fold(row: Row) -> list[Part]:
    count = len(row.texts)
    noun = "paragraph" if count == 1 else "paragraphs"
    return [(f"… {count} unchanged {noun}  (enter or click to expand)", NOTE)]


def row_content(row: Row) -> Content:
    """A row for the inline view."""
    op = row.op
    if row.kind == "field" and row.field is not None:
        return _assemble(_field(row.field, "inline"))
    if row.kind == "context":
        return _assemble([(f"{_number(row.new)}  ", NOTE), (row.texts[0], NOTE)])
    if row.kind == "fold":
        return _assemble(_fold(row))
    if row.kind == "empty" or op is None:
        return _assemble([("No changes between these versions.", NOTE)])
    if row.kind == "moved-away":
        return _assemble([(f"{_number(op.old)}  (moved to {_number(op.new)})", NOTE)])
    where = _number(op.old if op.op == "delete" else op.new)
    head: list[Part] = [(f"{where}  ", NOTE), (_note(op), NOTE)]
    return _assemble(head + _paragraph(op, "inline") + _labels(op.labels))


def side_content(row: Row) -> tuple[Content, Content]:
    """A row for the side-by-side view: the old column and the new column."""
    op = row.op
    if row.kind == "field" and row.field is not None:
        return _assemble(_field(row.field, "old")), _assemble(_field(row.field, "new"))
    if row.kind == "context":
        text = row.texts[0]
        old = [(f"{_number(row.old)}  ", NOTE), (text, NOTE)]
        return _assemble(old), _assemble([(f"{_number(row.new)}  ", NOTE), (text, NOTE)])
    if row.kind in ("fold", "empty") or op is None:
        return row_content(row), Content("")
    if row.kind == "moved-away":
        old = [(f"{_number(op.old)}  ", NOTE), (op.before or op.after, DELETED)]
        return _assemble(old), _assemble([(f"(moved to {_number(op.new)})", NOTE)])
    if op.op == "move":
        left: list[Part] = [(f"(moved from {_number(op.old)})", NOTE)]
    else:
        left = (
            [(f"{_number(op.old)}  ", NOTE), *_paragraph(op, "old")] if op.old is not None else []
        )
    right = [(f"{_number(op.new)}  ", NOTE), *_paragraph(op, "new")] if op.new is not None else []
    return _assemble(left), _assemble(right + _labels(op.labels))
