"""A ChangeSet as Rich renderables: inline, side by side, or a paragraph-level unified diff.

Article text is hostile: every piece is cleaned of terminal escape sequences and then
appended to a ``rich.text.Text`` as plain text (``Text.append(s, style=...)``), never
parsed as markup, so "[/]", "[bold]" or "[@click=app.quit]" print literally. In plain
mode (no colour: not a terminal, or ``NO_COLOR``) deletions and insertions are marked
``[-...-]`` and ``{+...+}`` so the change survives without styles.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from revtrack.diff.changeset import ChangeSet, Counts, FieldChange, ParagraphOp
from revtrack.diff.words import DELETE, EQUAL, INSERT, Segment
from revtrack.safe_text import strip_controls

__all__ = ["FORMATS", "TEXT_FORMATS", "Look", "render", "summary"]

TEXT_FORMATS = ("inline", "side", "unified")
FORMATS = (*TEXT_FORMATS, "json")  # json is ChangeSet.to_json(), no rendering needed

DELETED = "red strike"
INSERTED = "green"
DELETED_LINE = "red"
INSERTED_LINE = "green"
CHANGED_WORD = "bold reverse"
NOTE = "dim"
LABELS = "yellow"
HEADER = "bold"


@dataclass(frozen=True, slots=True)
class Look:
    """How to draw: ``plain`` adds text markers for terminals without colour."""

    plain: bool = False
    context: int = 1  # unchanged paragraphs shown on each side of a change
    old_name: str = "old"
    new_name: str = "new"


def render(changes: ChangeSet, fmt: str, look: Look) -> list[RenderableType]:
    """The renderables for ``fmt`` (inline, side or unified), summary first."""
    if fmt not in TEXT_FORMATS:
        raise ValueError(f"not a text format: {fmt!r} (choose from {', '.join(TEXT_FORMATS)})")
    body = {"inline": _inline, "side": _side, "unified": _unified}[fmt](changes, look)
    return [*summary(changes), *body]


# -- summary --------------------------------------------------------------------------


def summary(changes: ChangeSet) -> list[Text]:
    lines = []
    if changes.labels:
        lines.append(Text("labels: ", style=NOTE).append(", ".join(changes.labels), LABELS))
    lines.append(Text(_counts_line(changes.counts), style=NOTE))
    if changes.degraded:
        reasons = "; ".join(changes.degraded_reasons)
        lines.append(Text(f"degraded: {reasons}", style="bold red"))
    if changes.is_empty:
        lines.append(Text("no changes", style=NOTE))
    return lines


def _counts_line(c: Counts) -> str:
    return (
        f"words +{c.words_added} -{c.words_removed} · sentences +{c.sentences_added} "
        f"-{c.sentences_deleted} ~{c.sentences_edited} moved {c.sentences_moved}"
        + (f" merged {c.sentences_merged}" if c.sentences_merged else "")
        + (f" split {c.sentences_split}" if c.sentences_split else "")
        + f" · paragraphs +{c.paragraphs_added} -{c.paragraphs_deleted} "
        f"~{c.paragraphs_edited} moved {c.paragraphs_moved} ={c.paragraphs_unchanged}"
    )


# -- words ----------------------------------------------------------------------------


def _append(text: Text, piece: str, style: str = "") -> None:
    text.append(strip_controls(piece), style=style or None)


def _words(segments: Sequence[Segment], look: Look, side: str = "both") -> Text:
    """A word diff as one Text: ``side`` "old" or "new" shows only that version's words."""
    text = Text()
    for op, piece in segments:
        if op == EQUAL:
            _append(text, piece)
        elif op == DELETE and side != "new":
            _marked(text, piece, DELETED, ("[-", "-]"), look)
        elif op == INSERT and side != "old":
            _marked(text, piece, INSERTED, ("{+", "+}"), look)
    return text


def _marked(text: Text, piece: str, style: str, marks: tuple[str, str], look: Look) -> None:
    if not piece.strip():
        _append(text, piece)  # a change of spacing: not worth a marker
    elif look.plain:
        _append(text, f"{marks[0]}{piece}{marks[1]}")
    else:
        _append(text, piece, style)


def _whole(piece: str, style: str, marks: tuple[str, str], look: Look) -> Text:
    text = Text()
    _marked(text, piece, style, marks, look)
    return text


def _field(change: FieldChange, look: Look) -> Text:
    line = Text(f"{change.field}: ", style=HEADER)
    if change.kind == "items":
        items = Text("\n").join(_item(op, look) for op in change.items if op.op != "equal")
        line.append("\n").append_text(items)
    else:
        line.append_text(_words(change.words, look))
    return _with_labels(line, change.labels)


def _item(op: ParagraphOp, look: Look) -> Text:
    return Text("  • ").append_text(_paragraph(op, look))


def _with_labels(text: Text, labels: Sequence[str]) -> Text:
    if labels:
        text.append(f"  [{', '.join(labels)}]", style=LABELS)
    return text


# -- paragraphs -----------------------------------------------------------------------


def _paragraph(op: ParagraphOp, look: Look) -> Text:
    """One changed paragraph, inline."""
    if op.op == "insert":
        return _whole(op.after, INSERTED, ("{+", "+}"), look)
    if op.op == "delete":
        return _whole(op.before, DELETED, ("[-", "-]"), look)
    if op.words:
        return _words(op.words, look)
    return Text(strip_controls(op.after))


@dataclass(frozen=True, slots=True)
class _Item:
    """What a view shows in order: an op, a moved paragraph's old place, or a gap."""

    op: ParagraphOp | None = None
    moved_away: bool = False
    text: str = ""
    old: int | None = None
    new: int | None = None
    skipped: int = 0


def _items(ops: Sequence[ParagraphOp], context: int) -> Iterator[_Item]:
    """Ops in reading order, moves also shown where they left, equal runs trimmed."""
    with_sources = list(_with_move_sources(ops))
    for k, item in enumerate(with_sources):
        op = item.op
        if op is None or op.op != "equal":
            yield item
            continue
        yield from _trimmed(op, context, first=k == 0, last=k == len(with_sources) - 1)


def _with_move_sources(ops: Sequence[ParagraphOp]) -> Iterator[_Item]:
    moved = sorted((op.old, op) for op in ops if op.op == "move" and op.old is not None)
    for op in ops:
        if op.op != "move" and op.old is not None:
            while moved and moved[0][0] < op.old:
                yield _Item(moved.pop(0)[1], moved_away=True)
        yield _Item(op)
    for _, op in moved:
        yield _Item(op, moved_away=True)


def _trimmed(op: ParagraphOp, context: int, *, first: bool, last: bool) -> Iterator[_Item]:
    assert op.old is not None
    assert op.new is not None
    shown_head = 0 if first else context
    shown_tail = 0 if last else context
    if shown_head + shown_tail >= op.count:
        shown_head, shown_tail = op.count, 0
    for k in range(shown_head):
        yield _Item(text=op.texts[k], old=op.old + k, new=op.new + k)
    skipped = op.count - shown_head - shown_tail
    if skipped:
        yield _Item(skipped=skipped)
    for k in range(op.count - shown_tail, op.count):
        yield _Item(text=op.texts[k], old=op.old + k, new=op.new + k)


def _unchanged(count: int) -> str:
    return f"{count} unchanged paragraph{'' if count == 1 else 's'}"


def _where(op: ParagraphOp) -> str:
    if op.op == "delete":
        return f"¶{(op.old or 0) + 1}"
    return f"¶{(op.new or 0) + 1}"


def _note_for(op: ParagraphOp) -> str:
    if op.op == "move":
        return f"(moved from ¶{(op.old or 0) + 1}) "
    return {"insert": "(added) ", "delete": "(deleted) "}.get(op.op, "")


# -- inline ---------------------------------------------------------------------------


def _inline(changes: ChangeSet, look: Look) -> list[RenderableType]:
    out: list[RenderableType] = [_field(change, look) for change in changes.fields]
    for item in _items(changes.body, look.context):
        out.append(Text())
        out.append(_inline_item(item, look))
    return out


def _inline_item(item: _Item, look: Look) -> Text:
    if item.skipped:
        return Text(f"⋯ {_unchanged(item.skipped)}", style=NOTE)
    if item.op is None:
        return Text(f"¶{(item.new or 0) + 1}  ", style=NOTE).append(strip_controls(item.text))
    op = item.op
    if item.moved_away:
        return Text(f"¶{(op.old or 0) + 1}  (moved to ¶{(op.new or 0) + 1})", style=NOTE)
    line = Text(f"{_where(op)}  ", style=NOTE).append(_note_for(op), style=NOTE)
    return _with_labels(line.append_text(_paragraph(op, look)), op.labels)


# -- side by side ---------------------------------------------------------------------


def _side(changes: ChangeSet, look: Look) -> list[RenderableType]:
    table = Table(expand=True, show_lines=True, box=box.SIMPLE)
    table.add_column(look.old_name, ratio=1, overflow="fold")
    table.add_column(look.new_name, ratio=1, overflow="fold")
    for change in changes.fields:
        table.add_row(*_side_field(change, look))
    for item in _items(changes.body, look.context):
        table.add_row(*_side_item(item, look))
    return [table]


def _side_field(change: FieldChange, look: Look) -> tuple[Text, Text]:
    name = Text(f"{change.field}: ", style=HEADER)
    if change.kind == "items":
        old = Text("\n").join(_side_op(op, look)[0] for op in change.items)
        new = Text("\n").join(_side_op(op, look)[1] for op in change.items)
        return name.copy().append_text(old), _with_labels(name.append_text(new), change.labels)
    return (
        name.copy().append_text(_words(change.words, look, "old")),
        _with_labels(name.append_text(_words(change.words, look, "new")), change.labels),
    )


def _side_item(item: _Item, look: Look) -> tuple[Text, Text]:
    if item.skipped:
        gap = Text(f"⋯ {item.skipped} unchanged", style=NOTE)
        return gap, gap.copy()
    if item.op is None:
        return Text(strip_controls(item.text), style=NOTE), Text(
            strip_controls(item.text), style=NOTE
        )
    op = item.op
    if item.moved_away:
        return _whole(op.before, DELETED, ("[-", "-]"), look), Text(
            f"(moved to ¶{(op.new or 0) + 1})", style=NOTE
        )
    old, new = _side_op(op, look)
    if op.op == "move":
        old = Text(f"(moved from ¶{(op.old or 0) + 1})", style=NOTE)
    return old, _with_labels(new, op.labels)


def _side_op(op: ParagraphOp, look: Look) -> tuple[Text, Text]:
    if op.op == "insert":
        return Text(), _whole(op.after, INSERTED, ("{+", "+}"), look)
    if op.op == "delete":
        return _whole(op.before, DELETED, ("[-", "-]"), look), Text()
    if op.op == "equal":
        return Text(strip_controls("\n".join(op.texts))), Text(strip_controls("\n".join(op.texts)))
    if op.words:
        return _words(op.words, look, "old"), _words(op.words, look, "new")
    return Text(strip_controls(op.before)), Text(strip_controls(op.after))


# -- unified --------------------------------------------------------------------------


def _unified(changes: ChangeSet, look: Look) -> list[RenderableType]:
    out: list[RenderableType] = [
        Text(f"--- {look.old_name}", style=HEADER),
        Text(f"+++ {look.new_name}", style=HEADER),
    ]
    for change in changes.fields:
        out += _unified_field(change, look)
    for item in _items(changes.body, look.context):
        out += _unified_item(item, look)
    return out


def _line(prefix: str, body: Text, style: str) -> Text:
    line = Text(prefix, style=style)
    line.append_text(body)
    line.stylize(style)
    return line


def _emphasised(segments: Sequence[Segment], side: str, look: Look) -> Text:
    """One side of a word diff for a -/+ line: the changed words stand out."""
    text = Text()
    for op, piece in segments:
        if op == EQUAL:
            _append(text, piece)
        elif op == side:
            _append(text, piece, "" if look.plain else CHANGED_WORD)
    return text


def _unified_field(change: FieldChange, look: Look) -> list[Text]:
    header = Text(f"@@ {change.field} @@", style="cyan")
    if change.kind == "items":
        lines = [header]
        for op in change.items:
            if op.op != "equal":
                lines += _unified_op(op, look)
        return lines
    return [
        header,
        _line("-", _emphasised(change.words, DELETE, look), DELETED_LINE),
        _line("+", _emphasised(change.words, INSERT, look), INSERTED_LINE),
    ]


def _unified_item(item: _Item, look: Look) -> list[Text]:
    if item.skipped:
        return [Text(f"@@ {_unchanged(item.skipped)} @@", style="cyan")]
    if item.op is None:
        return [Text(" ").append(strip_controls(item.text))]
    op = item.op
    if item.moved_away:
        header = Text(f"@@ ¶{(op.old or 0) + 1} moved to ¶{(op.new or 0) + 1} @@", style="cyan")
        return [header, _line("-", Text(strip_controls(op.before)), DELETED_LINE)]
    return [_hunk_header(op), *_unified_op(op, look)]


def _hunk_header(op: ParagraphOp) -> Text:
    old = f"¶{op.old + 1}" if op.old is not None else "-"
    new = f"¶{op.new + 1}" if op.new is not None else "-"
    kind = " moved" if op.op == "move" else ""
    header = Text(f"@@ {old} → {new}{kind} @@", style="cyan")
    return _with_labels(header, op.labels)


def _unified_op(op: ParagraphOp, look: Look) -> list[Text]:
    if op.op == "insert":
        return [_line("+", Text(strip_controls(op.after)), INSERTED_LINE)]
    if op.op == "delete":
        return [_line("-", Text(strip_controls(op.before)), DELETED_LINE)]
    if op.op == "move" and not op.words:
        return [_line("+", Text(strip_controls(op.after)), INSERTED_LINE)]
    if op.op == "move":
        return [_line("+", _emphasised(op.words, INSERT, look), INSERTED_LINE)]
    return [
        _line("-", _emphasised(op.words, DELETE, look), DELETED_LINE),
        _line("+", _emphasised(op.words, INSERT, look), INSERTED_LINE),
    ]
