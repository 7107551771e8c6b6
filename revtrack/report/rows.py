"""A ChangeSet as rows of a diff: one per changed field, list item and paragraph.

Every format shows the same rows: Markdown as -/+ lines, HTML side by side, the feed
inline. A row's ``words`` is a word diff (``=``, ``-``, ``+`` segments) whose old side
is the old text and whose new side the new text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from revtrack.diff import ChangeSet, FieldChange, ParagraphOp, Segment
from revtrack.diff.words import DELETE, EQUAL, INSERT, join_side, replace_all

__all__ = ["DiffRow", "diff_rows"]

_OP_NOTES = {"insert": "added", "delete": "removed", "edit": "edited", "move": "moved"}


@dataclass(frozen=True, slots=True)
class DiffRow:
    title: str  # "headline", "paragraph 3", "corrections 1"
    note: str  # "edited", "added", "moved from paragraph 5", ...
    words: tuple[Segment, ...]

    @property
    def old(self) -> str:
        return join_side(self.words, DELETE)

    @property
    def new(self) -> str:
        return join_side(self.words, INSERT)

    @property
    def changed(self) -> bool:
        return any(op != EQUAL for op, _ in self.words)


def _value(value: str | tuple[str, ...]) -> str:
    return value if isinstance(value, str) else "\n".join(value)


def _op_words(op: ParagraphOp) -> tuple[Segment, ...]:
    if op.words:
        return op.words
    if op.op == "insert":
        return (Segment(INSERT, op.after),)
    if op.op == "delete":
        return (Segment(DELETE, op.before),)
    if op.before == op.after:  # moved unchanged
        return (Segment(EQUAL, op.after),)
    return tuple(replace_all(op.before, op.after))


def _op_title(name: str, op: ParagraphOp) -> str:
    """Numbered in the new version; a removed one by its place in the old version."""
    if op.new is not None:
        return f"{name} {op.new + 1}"
    return f"{name} {(op.old or 0) + 1} (old)"


def _op_row(title: str, op: ParagraphOp) -> DiffRow:
    note = _OP_NOTES.get(op.op, op.op)
    if op.op == "move" and op.old is not None:
        note = f"moved from {op.old + 1}" + (", edited" if op.words else "")
    return DiffRow(title, note, _op_words(op))


def _field_rows(change: FieldChange) -> Iterator[DiffRow]:
    if change.kind == "items":
        for op in change.items:
            if op.changed:
                yield _op_row(_op_title(change.field, op), op)
        return
    words = change.words or tuple(replace_all(_value(change.before), _value(change.after)))
    yield DiffRow(change.field, "changed", words)


def diff_rows(changes: ChangeSet) -> list[DiffRow]:
    """The changed fields in their fixed order, then the changed paragraphs in reading order."""
    rows = [row for change in changes.fields for row in _field_rows(change)]
    for op in changes.body:
        if op.changed:
            rows.append(_op_row(_op_title("paragraph", op), op))
    return rows
