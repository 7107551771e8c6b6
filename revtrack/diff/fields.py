"""Changes of an article's fields other than the body: headline, stamps, lists, metadata."""

from __future__ import annotations

from datetime import datetime

from revtrack.article import Article
from revtrack.diff.body import diff_paragraphs
from revtrack.diff.changeset import FieldChange, FieldValue, ParagraphOp
from revtrack.diff.labels import Label, classify_change, ordered
from revtrack.diff.run import Run
from revtrack.diff.sentences import quote_spans
from revtrack.diff.words import replace_all

__all__ = ["FIELD_KINDS", "diff_fields", "stamp_text", "stamp_value"]

# Field -> kind, in the order changes are reported: what a reader looks at first.
FIELD_KINDS = {
    "headline": "text",
    "dek": "text",
    "byline": "text",
    "updated": "value",
    "updated_text": "value",
    "highlights": "items",
    "corrections": "items",
    "published": "value",
    "url": "value",
    "language": "value",
    "site": "value",
}
_STAMPS = frozenset({"updated", "published"})


def stamp_text(moment: datetime | None) -> str:
    """A stamp as text, exact to the microsecond so that it reads back equal."""
    return moment.isoformat() if moment else ""


def stamp_value(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def diff_fields(before: Article, after: Article, run: Run) -> list[FieldChange]:
    changes = []
    for name, kind in FIELD_KINDS.items():
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        if kind == "items":
            changes.append(_items_change(name, old, new, run))
        elif name in _STAMPS:
            changes.append(_value_change(name, stamp_text(old), stamp_text(new)))
        elif kind == "value":
            changes.append(_value_change(name, old, new))
        else:
            changes.append(_text_change(name, old, new, run))
    return changes


def _really_changed(op: ParagraphOp) -> bool:
    """More than spacing changed: a notice came, went, moved, or its words changed."""
    return op.op in ("insert", "delete", "move") or bool(op.sentences)


def _value_change(name: str, old: str, new: str) -> FieldChange:
    return FieldChange(name, "value", old, new, tuple(replace_all(old, new)))


def _text_change(name: str, old: str, new: str, run: Run) -> FieldChange:
    words = tuple(run.words(old, new))
    kind = classify_change(words, quote_spans(old), quote_spans(new))
    labels = {kind} if kind else set()
    if name == "headline" and kind:  # a change of spacing is no rewrite
        labels.add(Label.HEADLINE)
    return FieldChange(name, "text", old, new, words, labels=ordered(labels))


def _items_change(name: str, old: tuple[str, ...], new: tuple[str, ...], run: Run) -> FieldChange:
    items = tuple(diff_paragraphs(old, new, run))
    labels = {label for op in items for label in op.labels if label != Label.CORRECTION}
    if name == "corrections" and any(_really_changed(op) for op in items):
        labels = {Label.CORRECTION}
    before: FieldValue = old
    return FieldChange(name, "items", before, new, (), items, ordered(labels))
