"""What a reviewer should see first in a change: the headline, numbers, quotes, notices.

``highlights(changes)`` picks the edits a standards editor looks for (a rewritten
headline, a number that moved, a quote that vanished, a correction notice, a
silent edit) and says each in one short line; ``summarise(changes)`` folds them
into the one line a queue shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from revtrack.diff import ChangeSet, Label, ParagraphOp, SentenceOp
from revtrack.diff.words import hunks
from revtrack.safe_text import single_line

__all__ = ["highlights", "summarise"]

_NUMBER = re.compile(r"\d[\d,.]*")
_QUOTE = re.compile('["“”«»„]')
_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")
_MAX_ITEMS = 12
_QUOTE_CHARS = 90
_FIGURE_CHARS = 24


def _clip(text: str) -> str:
    """The whole text on one line: stored whole, so JSON, CSV and reports carry all of
    it; each view cuts it to its own width (``clip_highlight``)."""
    return single_line(text)


def clip_highlight(text: str, width: int = _QUOTE_CHARS) -> str:
    """A highlight cut to ``width`` characters for a one-line view."""
    text = single_line(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _sentences(op: ParagraphOp) -> Iterator[SentenceOp]:
    yield from op.sentences


def _figure(hunk: str, numbers: list[str]) -> str:
    """The changed words themselves when short ("7-2", "£20m"), else just their numbers."""
    text = single_line(hunk).strip(" ,.;:")
    if not numbers:
        return "—"
    return text if len(text) <= _FIGURE_CHARS else " ".join(numbers)


def _hunk_facts(sentence: SentenceOp) -> Iterator[str]:
    """'number: 12 → 15' and 'name: Smith → Jones' for each fact hunk of an edit."""
    for deleted, inserted, _, _ in hunks(list(sentence.words)):
        old_numbers, new_numbers = _NUMBER.findall(deleted), _NUMBER.findall(inserted)
        if old_numbers != new_numbers and (old_numbers or new_numbers):
            yield f"number: {_figure(deleted, old_numbers)} → {_figure(inserted, new_numbers)}"
            continue
        old_names, new_names = _NAME.findall(deleted), _NAME.findall(inserted)
        if old_names != new_names and old_names and new_names:
            yield f"name: {_clip(' '.join(old_names))} → {_clip(' '.join(new_names))}"


def _sentence_items(sentence: SentenceOp) -> Iterator[str]:
    if sentence.action == "deletion" and _QUOTE.search(sentence.before):
        yield f"quote removed: {_clip(sentence.before)}"
    elif sentence.action == "addition" and _QUOTE.search(sentence.after):
        yield f"quote added: {_clip(sentence.after)}"
    elif sentence.action in ("edit", "merge", "split") and Label.FACT in sentence.labels:
        quoted_before = bool(_QUOTE.search(sentence.before))
        if quoted_before and not _QUOTE.search(sentence.after):
            yield f"quote removed: {_clip(sentence.before)}"
        else:
            yield from _hunk_facts(sentence)


def _field_items(changes: ChangeSet) -> Iterator[str]:
    headline = changes.field("headline")
    if headline is not None:
        yield f"headline: {_clip(str(headline.before))} → {_clip(str(headline.after))}"
    corrections = changes.field("corrections")
    if corrections is not None:
        for item in corrections.items:
            if item.op == "insert":
                yield f"correction added: {_clip(item.after)}"
            elif item.op == "edit":
                yield f"correction changed: {_clip(item.after)}"
            elif item.op == "delete":
                yield f"correction removed: {_clip(item.before)}"
    for op in changes.body:
        if Label.CORRECTION in op.labels and op.op == "insert":
            yield f"correction added: {_clip(op.after)}"


def highlights(changes: ChangeSet) -> tuple[str, ...]:
    """The notable edits of a change, most telling first, at most a dozen, one line each."""
    found: list[str] = list(_field_items(changes))
    if Label.SILENT in changes.labels:
        found.append("silent edit: no new Updated stamp and no correction notice")
    for op in changes.body:
        for sentence in _sentences(op):
            for item in _sentence_items(sentence):
                if item not in found:
                    found.append(item)
    return tuple(found[:_MAX_ITEMS])


def _count(items: tuple[str, ...], prefix: str) -> int:
    return sum(item.startswith(prefix) for item in items)


def summarise(changes: ChangeSet, items: tuple[str, ...] | None = None) -> str:
    """One line: 'headline rewritten · 2 numbers changed · quote removed · +12/-3 words'."""
    items = highlights(changes) if items is None else items
    parts: list[str] = []
    if changes.field("headline") is not None:
        parts.append("headline rewritten")
    for prefix, one, many in (
        ("correction added", "correction added", "corrections added"),
        ("correction changed", "correction changed", "corrections changed"),
        ("number:", "number changed", "numbers changed"),
        ("name:", "name changed", "names changed"),
        ("quote removed", "quote removed", "quotes removed"),
        ("quote added", "quote added", "quotes added"),
    ):
        n = _count(items, prefix)
        if n:
            parts.append(one if n == 1 else f"{n} {many}")
    if Label.SILENT in changes.labels:
        parts.append("silent edit")
    counts = changes.counts
    if counts.words_added or counts.words_removed:
        parts.append(f"+{counts.words_added}/-{counts.words_removed} words")
    elif not parts:
        changed = [f.field for f in changes.fields]
        parts.append(("changed: " + ", ".join(changed)) if changed else "no text change")
    return " · ".join(parts)
