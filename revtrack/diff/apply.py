"""Rebuilding the new version from the old one and a ChangeSet.

The proof that a ChangeSet is complete and exact: every ``=`` and ``-`` word must match
the old text, every old paragraph must be accounted for once, and what comes out is the
new version, field for field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from revtrack.article import Article
from revtrack.diff.changeset import ChangeSet, FieldChange, ParagraphOp
from revtrack.diff.fields import stamp_text, stamp_value
from revtrack.diff.words import DELETE, INSERT, Segment, join_side

__all__ = ["ChangeSetMismatchError", "apply_changeset", "apply_ops", "apply_words"]


class ChangeSetMismatchError(ValueError):
    """The ChangeSet was not made from this old version."""


def apply_changeset(before: Article, changes: ChangeSet) -> Article:
    """``before`` with every change applied: the ``after`` the ChangeSet was made from."""
    values: dict[str, Any] = {
        change.field: _apply_field(change, getattr(before, change.field))
        for change in changes.fields
    }
    values["paragraphs"] = apply_ops(before.paragraphs, changes.body)
    return replace(before, **values)


def apply_words(old: str, words: Sequence[Segment]) -> str:
    if join_side(words, DELETE) != old:
        raise ChangeSetMismatchError("a word diff does not match the old text")
    return join_side(words, INSERT)


def apply_ops(old: Sequence[str], ops: Sequence[ParagraphOp]) -> tuple[str, ...]:
    """New paragraphs (or list items) from the old ones and their ops."""
    out: list[str] = []
    used: set[int] = set()
    for op in ops:
        if op.old is not None:
            taken = range(op.old, op.old + op.count)
            if used.intersection(taken) or not 0 <= op.old <= op.old + op.count <= len(old):
                raise ChangeSetMismatchError(f"paragraph {op.old} used twice or missing")
            used.update(taken)
        if op.op == "delete":
            continue
        if op.new != len(out):
            raise ChangeSetMismatchError(f"paragraph {op.new} out of order")
        if op.op == "equal":
            assert op.old is not None
            out += old[op.old : op.old + op.count]
        else:
            out.append(_new_text(op, old))
    if len(used) != len(old):
        raise ChangeSetMismatchError("some old paragraphs are not accounted for")
    return tuple(out)


def _new_text(op: ParagraphOp, old: Sequence[str]) -> str:
    if op.op == "insert":
        return op.after
    assert op.old is not None
    if op.words:
        return apply_words(old[op.old], op.words)
    return old[op.old]


def _apply_field(change: FieldChange, old: Any) -> Any:
    if change.kind == "items":
        return apply_ops(old, change.items)
    if change.field in ("updated", "published"):
        return stamp_value(apply_words(stamp_text(old), change.words))
    return apply_words(old, change.words)
